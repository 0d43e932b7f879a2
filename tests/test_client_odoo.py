"""The client against a real Odoo 19: replayed from cassettes, or live with ``pytest -m live``.

Each test runs on the three transports. Records a test creates are named after the test
(never random) and deleted at its end.
"""

from __future__ import annotations

from typing import Any

import pytest

from odoo_tools import OdooClient
from odoo_tools.client.compat import product_kind_vals
from odoo_tools.client.connection import TransportChoice
from odoo_tools.client.errors import (
    OdooAccessError,
    OdooAuthError,
    OdooDatabaseNotFoundError,
    OdooMissingRecordError,
    OdooNotFoundError,
    OdooValidationError,
    OdooWriteOutcomeUnknownError,
)
from odoo_tools.client.idempotency import derive_key
from tests.conftest import WRONG_DB, WRONG_KEY, OdooSession
from tests.faults import FaultySeam, calls

pytestmark = pytest.mark.live
TRANSPORTS = ["json2", "jsonrpc", "xmlrpc"]


@pytest.fixture(params=TRANSPORTS)
def client(request: pytest.FixtureRequest, odoo: OdooSession) -> Any:
    with OdooClient(odoo.config(request.param)) as c:
        yield c


def test_connect_reports_version_user_and_context(client: OdooClient) -> None:
    user = client.connect()
    assert client.major == 19
    assert client.server_version.startswith("19.0")
    assert user.uid > 0 and user.login
    assert client.context["allowed_company_ids"] == [user.company_id]
    assert client.context["lang"] and client.context["tz"]
    assert user.company_id in client.companies


def test_every_call_carries_the_default_context(client: OdooClient) -> None:
    client.connect()
    # The context a call carries is what Odoo uses: ask Odoo to echo its language back.
    rows = client.search_read("res.lang", [["code", "=", client.context["lang"]]], ["code", "name"], limit=1)
    assert rows and rows[0]["code"] == client.context["lang"]
    assert all(c.transport == client.transport.name for c in client.stats.calls[1:])


def test_search_read_search_count_name_search(client: OdooClient) -> None:
    companies = client.search_read("res.partner", [["is_company", "=", True]], ["name"], limit=3, order="id")
    assert len(companies) == 3 and all(set(r) == {"id", "name"} for r in companies)
    total = client.search_count("res.partner", [["is_company", "=", True]])
    assert total >= 3
    assert client.search_count("res.partner", [["is_company", "=", True]], limit=2) == 2
    hits = client.name_search("res.partner", companies[0]["name"][:5], limit=5)
    assert companies[0]["id"] in [i for i, _ in hits]
    assert client.read("res.partner", [companies[0]["id"]], ["name"])[0]["name"] == companies[0]["name"]


def test_create_write_unlink_partner(client: OdooClient, request: pytest.FixtureRequest) -> None:
    name = f"odoo-agent test {request.node.name}"
    pid = client.create("res.partner", {"name": name, "is_company": True})
    assert isinstance(pid, int)
    assert client.write("res.partner", [pid], {"email": "test@example.com"}) is True
    assert client.read("res.partner", [pid], ["name", "email"]) == [
        {"id": pid, "name": name, "email": "test@example.com"}
    ]
    ids = client.create_many(
        "res.partner", [{"name": f"{name} A", "parent_id": pid}, {"name": f"{name} B", "parent_id": pid}]
    )
    assert len(ids) == 2
    assert client.unlink("res.partner", [*ids, pid]) is True
    assert client.read("res.partner", [pid], ["name"]) == []


def test_sale_order_actions_including_a_none_result(client: OdooClient, request: pytest.FixtureRequest) -> None:
    name = f"odoo-agent test {request.node.name}"
    partner = client.create("res.partner", {"name": name})
    product = client.create(
        "product.product",
        {
            "name": name,
            "list_price": 50.0,
            **product_kind_vals(client.fields_get("product.product"), "goods"),
        },
    )
    order = client.create(
        "sale.order",
        {"partner_id": partner, "order_line": [[0, 0, {"product_id": product, "product_uom_qty": 10}]]},
    )
    assert client.call("sale.order", "action_confirm", [order]) is True
    # action_lock returns None: XML-RPC faults *after* committing; the client verifies and returns None.
    assert client.call("sale.order", "action_lock", [order]) is None
    row = client.read("sale.order", [order], ["state", "locked", "amount_untaxed"])[0]
    assert (row["state"], row["locked"]) == ("sale", True) and row["amount_untaxed"] > 0
    client.call("sale.order", "action_unlock", [order])
    client.call("sale.order", "action_cancel", [order], context={"disable_cancel_warning": True})
    assert client.read("sale.order", [order], ["state"])[0]["state"] == "cancel"
    client.unlink("sale.order", [order])
    # The cancelled stock moves keep the product: archive what Odoo will not delete.
    client.write("product.product", [product], {"active": False})
    client.write("res.partner", [partner], {"active": False})


def test_read_group_uses_the_19_api(client: OdooClient) -> None:
    rows = client.read_group("res.partner", [["is_company", "=", True]], ["country_id"], ["id:count"])
    assert rows and all("__count" in r and "country_id" in r for r in rows)
    assert sum(r["__count"] for r in rows) == client.search_count("res.partner", [["is_company", "=", True]])


def test_fields_get_is_cached_and_detects_version_fields(client: OdooClient) -> None:
    assert client.has_field("sale.order.line", "tax_ids")  # 19 name (tax_id up to 18)
    assert not client.has_field("sale.order.line", "tax_id")
    assert not client.has_field("res.partner", "mobile")  # removed in 19
    calls = client.stats.count
    client.fields_get("sale.order.line")
    assert client.stats.count == calls


def test_installed_modules_and_external_id_right(client: OdooClient) -> None:
    modules = client.installed_modules()
    assert {"sale", "crm", "stock", "account", "mrp", "website_sale"} <= modules
    assert "helpdesk" not in modules  # Enterprise only
    assert client.can_create_external_ids() is True  # the recording user is an administrator


# -- errors, each mapped to one typed class on every transport ---------------------------------


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_wrong_credentials(odoo: OdooSession, transport: TransportChoice) -> None:
    with OdooClient(odoo.config(transport, api_key=WRONG_KEY)) as c, pytest.raises(OdooAuthError) as err:
        c.connect()
    # The key never shows: not in the message, the error's data, the client or its transport.
    for text in (str(err.value), repr(err.value.data), repr(c), repr(c.config), repr(c.seam.__dict__)):
        assert WRONG_KEY not in text


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_wrong_database(odoo: OdooSession, transport: TransportChoice) -> None:
    with (
        OdooClient(odoo.config(transport, db=WRONG_DB)) as c,
        pytest.raises(OdooDatabaseNotFoundError) as err,
    ):
        c.connect()
    assert "ODOO_DB" in str(err.value)


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_key_without_rights(odoo: OdooSession, transport: TransportChoice) -> None:
    with OdooClient(odoo.config(transport, username="reader")) as c:
        c.connect()
        with pytest.raises(OdooAccessError) as err:
            c.search_read("sale.order", [], ["name"], limit=1)
    assert "not allowed" in err.value.message


def test_missing_record_validation_unknown_method_field_model(client: OdooClient) -> None:
    with pytest.raises(OdooMissingRecordError):
        client.write("res.partner", [99999999], {"name": "x"})
    company = client.search("res.partner", [["is_company", "=", True]], limit=1)
    with pytest.raises(OdooValidationError, match="recursive"):
        client.write("res.partner", company, {"parent_id": company[0]})
    with pytest.raises(OdooNotFoundError, match="frobnicate"):
        client.call("res.partner", "frobnicate", company)
    with pytest.raises(OdooNotFoundError, match="zz"):
        client.search_read("res.partner", [["zz", "=", 1]], ["name"])
    with pytest.raises(OdooNotFoundError):
        client.search_read("no.such.model", [], ["name"])
    with pytest.raises(OdooAccessError, match="Private"):
        client.call("sale.order", "_create_invoices", [1])


# -- retries: reads and never-sent requests are retried; a write whose answer was lost is not ----


def _faulty(odoo: OdooSession, transport: TransportChoice, **fault: Any) -> OdooClient:
    cfg = odoo.config(transport)
    return OdooClient(cfg, seam=FaultySeam(cfg.url, cfg.timeout, **fault))


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_read_is_retried_after_a_timeout(odoo: OdooSession, transport: TransportChoice) -> None:
    with _faulty(odoo, transport, match=calls("res.partner", "search_count"), when="after") as c:
        assert c.search_count("res.partner", [["is_company", "=", True]]) > 0
    attempts = [r for r in c.stats.calls if r.method == "search_count"]
    assert [r.ok for r in attempts] == [False, True]


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_write_is_retried_when_it_never_left(
    odoo: OdooSession, transport: TransportChoice, request: pytest.FixtureRequest
) -> None:
    name = f"odoo-agent test {request.node.name}"
    with _faulty(odoo, transport, match=calls("res.partner", "create"), when="before") as c:
        pid = c.create("res.partner", {"name": name})
        assert c.search_count("res.partner", [["name", "=", name]]) == 1
        c.unlink("res.partner", [pid])


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_timed_out_create_without_key_is_not_resent(
    odoo: OdooSession, transport: TransportChoice, request: pytest.FixtureRequest
) -> None:
    name = f"odoo-agent test {request.node.name}"
    with _faulty(odoo, transport, match=calls("res.partner", "create"), when="after") as c:
        with pytest.raises(OdooWriteOutcomeUnknownError, match="not re-sent"):
            c.create("res.partner", {"name": name})
        created = c.search("res.partner", [["name", "=", name]])
        assert len(created) == 1  # Odoo did commit it; we did not make a second one
        c.unlink("res.partner", created)


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_timed_out_create_with_key_returns_the_committed_record(
    odoo: OdooSession, transport: TransportChoice, request: pytest.FixtureRequest
) -> None:
    name = f"odoo-agent test {request.node.name}"
    key = derive_key(request.node.nodeid, 1)
    with _faulty(odoo, transport, match=calls("res.partner", "create"), when="after") as c:
        pid = c.create("res.partner", {"name": name}, idempotency_key=key)
        assert c.search("res.partner", [["name", "=", name]]) == [pid]
        assert c.create("res.partner", {"name": name}, idempotency_key=key) == pid  # a retried step
        sent = c.seam.sent  # type: ignore[attr-defined]
        # the key rides in the partner's own field: no external id to add
        assert sent.count(("res.partner", "create")) == 1 and sent.count(("ir.model.data", "create")) == 0
        c.unlink("res.partner", [pid])
