"""Seed-API equivalents (find-or-create, smart quotation) against a real Odoo 19 (cassettes)."""

from __future__ import annotations

import pytest

from odoo_tools import OdooClient
from odoo_tools.find_or_create import FindOrCreateResult
from odoo_tools.tools import get_tool

pytestmark = pytest.mark.live


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


def test_find_or_create_product_never_duplicates(client: OdooClient, request: pytest.FixtureRequest) -> None:
    name = f"Odoo-agent Gizmo {request.node.name}"
    made = run(client, "find_or_create_product", {"name": name, "list_price": 12.5})
    assert made.outcome.status == "created"
    pid = made.outcome.record.id  # type: ignore[union-attr]
    assert client.read("product.product", [pid], ["lst_price"])[0]["lst_price"] == 12.5
    again = run(client, "find_or_create_product", {"name": name.lower()})
    assert again.outcome.status == "found" and again.outcome.record.id == pid  # type: ignore[union-attr]
    client.write("product.product", [pid], {"active": False})


def test_smart_quotation_creates_only_what_is_missing(client: OdooClient, request: pytest.FixtureRequest) -> None:
    base = f"Odoo-agent Rocky {request.node.name}"
    out = get_tool("smart_create_quotation").run(client, {
        "customer_name": base, "product_lines": [{"name": f"{base} Rock", "quantity": 3, "price_unit": 19.99}],
        "notes": "Created via smart action", "idempotency_key": request.node.name,
    })  # fmt: skip
    assert out.status == "created" and out.customer.status == "created" and out.products[0].status == "created"
    order = client.read("sale.order", [out.order.id], ["partner_id", "amount_untaxed", "state", "order_line"])[0]
    assert order["partner_id"][0] == out.customer.record.id and order["state"] == "draft"
    assert order["amount_untaxed"] == pytest.approx(59.97)
    # The same names again: both are found now, nothing new is created.
    again = get_tool("smart_create_quotation").run(client, {
        "customer_name": base, "product_lines": [{"name": f"{base} Rock", "quantity": 1}]})  # fmt: skip
    assert again.customer.status == "found" and again.products[0].status == "found"
    assert [r.model for r in again.created] == ["sale.order"]
    client.call("sale.order", "action_cancel", [out.order.id, again.order.id])
    client.unlink("sale.order", [out.order.id, again.order.id])
    # Deleted, not archived: their idempotency keys (external ids) go with them, so a re-run starts clean.
    template = client.read("product.product", [out.products[0].record.id], ["product_tmpl_id"])[0]["product_tmpl_id"]
    client.unlink("product.template", [template[0]])
    client.unlink("res.partner", [out.customer.record.id])


def test_smart_quotation_asks_and_creates_nothing_when_ambiguous(
    client: OdooClient, request: pytest.FixtureRequest
) -> None:
    base = f"Odoo-agent Twin {request.node.name}"
    twins = client.create_many("res.partner", [{"name": base, "city": "Bergen"}, {"name": base, "city": "Oslo"}])
    before = client.search_count("product.product", [])
    out = get_tool("smart_create_quotation").run(client, {
        "customer_name": base, "product_lines": [{"name": f"{base} Brand New Thing"}]})  # fmt: skip
    assert out.status == "needs_input" and out.created == [] and out.order is None
    assert "Bergen" in out.questions[0] and "Oslo" in out.questions[0]
    assert client.search_count("product.product", []) == before
    client.write("res.partner", twins, {"active": False})
