"""The fewest round trips (issue 23), against a real Odoo 19 (``live``, replayed from cassettes).

A create whose key was never sent costs the create alone, and a nested read (``web_save``) brings the
record back with its lines in the same call; a lookup happens only for a key that may have been sent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.session import AgentSession
from odoo_tools import OdooClient, known
from odoo_tools.client.compat import product_kind_vals
from odoo_tools.client.idempotency import derive_key, lookup, never_sent
from tests.test_graph import World, thread

pytestmark = pytest.mark.live


def _calls(client: OdooClient, since: int) -> list[tuple[str, str]]:
    return [(c.model, c.method) for c in client.stats.calls[since:]]


def test_a_create_never_sent_before_is_one_call_and_its_key_is_found_afterwards(
    client: OdooClient, request: pytest.FixtureRequest
) -> None:
    key = derive_key(request.node.nodeid, 1)
    client.fields_get("res.partner")  # metadata first: not what is counted
    before = client.stats.count
    with never_sent():
        pid = client.create("res.partner", {"name": "Trips Qelvano"}, idempotency_key=key)
    assert _calls(client, before) == [("res.partner", "create")]  # no lookup, no external id
    # a retried step (the key may have been sent) looks it up, finds it and sends nothing
    again = client.stats.count
    assert client.create("res.partner", {"name": "Trips Qelvano"}, idempotency_key=key) == pid
    assert _calls(client, again) == [("res.partner", "search")]
    assert lookup(client, "res.partner", key) == pid
    client.write("res.partner", [pid], {"active": False})


def test_a_quotation_comes_back_with_its_lines_in_the_call_that_makes_it(client: OdooClient) -> None:
    kind = product_kind_vals(client.fields_get("product.product"), "goods")
    product = client.create("product.product", {"name": "Trips Wexolat", "list_price": 12.5, **kind})
    partner = client.create("res.partner", {"name": "Trips Ombrasi", "is_company": True})
    client.fields_get("sale.order.line")
    before = client.stats.count
    run = client.create_read(
        "sale.order",
        {"partner_id": partner, "order_line": [[0, 0, {"product_id": product, "product_uom_qty": 3}]]},
        {"name": {}, "amount_untaxed": {}, "order_line": {"fields": {"product_id": {"fields": {"display_name": {}}},
                                                                     "price_subtotal": {}}}},
    )  # fmt: skip
    assert _calls(client, before) == [("sale.order", "web_save")]
    assert run["name"].startswith("S") and run["amount_untaxed"] > 0  # the customer's pricelist decides the price
    assert run["amount_untaxed"] == pytest.approx(sum(line["price_subtotal"] for line in run["order_line"]))
    assert run["order_line"][0]["product_id"]["display_name"] == "Trips Wexolat"
    client.call("sale.order", "action_cancel", [run["id"]])
    client.write("product.product", [product], {"active": False})
    client.write("res.partner", [partner], {"active": False})


def test_facts_read_before_a_write_are_dropped_by_it_but_not_by_a_creation(client: OdooClient) -> None:
    known.forget(client)
    partner = client.create("res.partner", {"name": "Trips Falvoni", "is_company": True})
    known.remember_facts(client, "res.partner", {"id": partner, "company_id": False})
    client.create("res.partner", {"name": "Trips Falvoni Two", "parent_id": partner})  # a creation: facts hold
    assert known.facts(client, "res.partner", [partner], ["company_id"]) == [{"id": partner, "company_id": False}]
    client.write("res.partner", [partner], {"comment": "changed"})  # any other write: read again
    assert known.facts(client, "res.partner", [partner], ["company_id"]) is None
    client.write("res.partner", [partner], {"active": False})


def test_a_quote_in_a_long_lived_process_is_within_one_call_of_the_minimum(
    client: OdooClient, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """The REPL, MCP and LangGraph Server keep one client: after the first request, a quotation for a known
    customer and two products costs the customer, the products (one request) and the create, read back in the
    same call with the customer's newest orders (the open-quotations check) — under the minimum of 4."""
    w = World(client, request.node.name)
    customer = w.partner()
    w.product()
    kind = product_kind_vals(client.fields_get("product.product"), "goods")
    second = f"{w.name} Widget"
    w.products.append(client.create("product.product", {"name": second, "list_price": 20.0, **kind}))
    agent = AgentSession.local(client, home=tmp_path / "home", approver="tester")
    try:
        agent.ask(f"what is the stock of {second}?", thread("warm-" + w.name))  # the process's first request
        before = client.stats.count
        done = agent.ask(f"quote {customer} for 2 {w.name} Gadget and 3 {second}", thread("quote-" + w.name))
        made = [c for c in _calls(client, before) if c[1] != "fields_get"]  # a model's fields: once per process
        assert done.status == "done", done.message
        assert sorted(made) == [("product.product", "search_read"), ("res.partner", "search_read"),
                                ("sale.order", "web_save")], made  # fmt: skip
        w.orders += [r.id for r in done.records if r.model == "sale.order"]
    finally:
        agent.close()
        w.cleanup()
