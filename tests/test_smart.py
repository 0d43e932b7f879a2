"""Seed-API equivalents (find-or-create, smart quotation) against a real Odoo 19 (cassettes)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from odoo_tools import OdooClient
from odoo_tools.registry import get_tool
from odoo_tools.smart import FindOrCreateResult
from tests.conftest import OdooSession

pytestmark = pytest.mark.live


@pytest.fixture
def client(odoo: OdooSession) -> Iterator[OdooClient]:
    with OdooClient(odoo.config("json2")) as c:
        yield c


def run(client: OdooClient, name: str, args: dict[str, object]) -> FindOrCreateResult:
    out = get_tool(name).run(client, args)
    assert isinstance(out, FindOrCreateResult)
    return out


def test_find_or_create_partner_finds_creates_and_asks(client: OdooClient, request: pytest.FixtureRequest) -> None:
    base = f"Odoo-agent Smart {request.node.name}"
    created = run(client, "find_or_create_partner", {"name": f"{base} Corp", "city": "Namur"})
    assert created.outcome.status == "created" and created.created and created.message.startswith("Created")
    pid = created.outcome.record.id  # type: ignore[union-attr]
    # "Acme" must never create a second Acme when "Acme Corp" exists.
    found = run(client, "find_or_create_partner", {"name": base})
    assert found.outcome.status == "found" and found.outcome.record.id == pid and not found.created  # type: ignore[union-attr]
    twin = client.create("res.partner", {"name": f"{base} Corp", "city": "Liège", "is_company": True})
    asked = run(client, "find_or_create_partner", {"name": f"{base} Corp"})
    assert asked.outcome.status == "ambiguous" and not asked.created
    assert {c.record.id for c in asked.outcome.candidates} == {pid, twin}
    assert "Namur" in (asked.outcome.question or "") and "Liège" in (asked.outcome.question or "")
    assert client.search_count("res.partner", [["name", "ilike", base]]) == 2  # nothing more was created
    client.write("res.partner", [pid, twin], {"active": False})
