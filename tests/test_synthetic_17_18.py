"""Odoo 17 and 18 branches, against synthetic answers (tests/synthetic/, each citing the API notes).

Only a 19.0 server can run here, so these answers are written from the documented differences,
not recorded; they are kept out of tests/cassettes on purpose. Field names are still learnt
at run time from a ``fields_get`` answer, as on a real server.
"""

from __future__ import annotations

import json
import xmlrpc.client
from pathlib import Path
from typing import Any

import httpx
import pytest

from agent.doctor import run_doctor
from odoo_tools import OdooClient
from odoo_tools.client.compat import pick_field, product_kind_vals
from odoo_tools.client.connection import ConnectionConfig
from odoo_tools.client.http import HttpSeam

SYNTHETIC = Path(__file__).parent / "synthetic"


class SyntheticServer:
    """Answers XML-RPC calls from a synthetic file and records what was asked."""

    def __init__(self, version: int) -> None:
        data = json.loads((SYNTHETIC / f"odoo{version}.json").read_text())
        self.version_status = data["version_route"]["status"]
        self.answers = {c["call"]: c["result"] for c in data["calls"]}
        self.asked: list[tuple[str, dict[str, Any]]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.method == "GET" or not request.url.path.startswith("/xmlrpc/2/"):
            return httpx.Response(self.version_status, text="<html>404</html>", headers={"Content-Type": "text/html"})
        params, method = xmlrpc.client.loads(request.content)
        service = request.url.path.rsplit("/", 1)[-1]
        key = f"{service}.{method}" if service == "common" else f"{params[3]}.{params[4]}"
        self.asked.append((key, params[6] if service == "object" else {}))
        answer = self.answers[key] if key in self.answers else self.answers[f"*.{key.rsplit('.', 1)[-1]}"]
        body = xmlrpc.client.dumps((answer,), methodresponse=True, allow_none=True)
        return httpx.Response(200, text=body, headers={"Content-Type": "text/xml"})


def _client(server: SyntheticServer) -> OdooClient:
    cfg = ConnectionConfig(url="http://odoo17.invalid", db="odoo", username="admin", api_key="x")
    return OdooClient(cfg, seam=HttpSeam(cfg.url, cfg.timeout, transport=httpx.MockTransport(server)))


@pytest.mark.parametrize("version", [17, 18])
def test_auto_picks_xmlrpc_and_the_doctor_says_unverified(version: int) -> None:
    server = SyntheticServer(version)
    with _client(server) as client:
        report = run_doctor(client)
    assert report.major == version and report.transport == "xmlrpc"
    assert any("not verified against a live server" in w for w in report.warnings)
    assert report.context["allowed_company_ids"] == [1]


def test_17_product_type_comes_from_detailed_type() -> None:
    with _client(SyntheticServer(17)) as client:
        fields = client.fields_get("product.product")
    assert product_kind_vals(fields, "storable") == {"detailed_type": "product"}
    assert product_kind_vals(fields, "service") == {"detailed_type": "service"}


def test_18_product_type_is_type_plus_is_storable() -> None:
    with _client(SyntheticServer(18)) as client:
        fields = client.fields_get("product.product")
    assert product_kind_vals(fields, "storable") == {"type": "consu", "is_storable": True}
    assert product_kind_vals(fields, "goods") == {"type": "consu", "is_storable": False}


@pytest.mark.parametrize("version", [17, 18])
def test_order_line_field_names_are_probed(version: int) -> None:
    with _client(SyntheticServer(version)) as client:
        fields = client.fields_get("sale.order.line")
    assert pick_field(fields, ["tax_ids", "tax_id"]) == "tax_id"
    assert pick_field(fields, ["product_uom_id", "product_uom"]) == "product_uom"


def test_read_group_before_19_is_normalised_to_the_19_shape() -> None:
    server = SyntheticServer(17)
    with _client(server) as client:
        rows = client.read_group("sale.order", [["state", "=", "sale"]], ["partner_id"], ["amount_total:sum"])
    assert rows[0]["amount_total:sum"] == 1127.0 and rows[0]["__count"] == 2
    assert rows[0]["partner_id"] == [11, "Acme Robotics"]
    assert rows[0]["__extra_domain"] == [["partner_id", "=", 11]]
    method, kwargs = server.asked[-1]
    assert method == "sale.order.read_group" and kwargs["lazy"] is False and kwargs["fields"] == ["amount_total:sum"]


def test_18_company_can_be_chosen_by_name() -> None:
    server = SyntheticServer(18)
    cfg = ConnectionConfig(url="http://odoo18.invalid", db="o", username="a", api_key="x", company="yourcompany (fr)")
    with OdooClient(cfg, seam=HttpSeam(cfg.url, 30, transport=httpx.MockTransport(server))) as client:
        client.connect()
    assert client.context == {"lang": "fr_FR", "tz": "Europe/Paris", "allowed_company_ids": [3]}
