"""Sales tools against a real Odoo 19 (cassettes; ``-m live`` for a server)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest

import odoo_tools.tools  # noqa: F401 - registers every tool
from odoo_tools import OdooClient, OdooValidationError
from odoo_tools.client.clock import get_clock
from odoo_tools.client.compat import product_kind_vals
from odoo_tools.client.idempotency import derive_key
from odoo_tools.registry import REGISTRY
from odoo_tools.resolve import AmbiguousMatchError, NoMatchError
from odoo_tools.results import ToolResult

pytestmark = pytest.mark.live

NO_WIZARD = {"disable_cancel_warning": True}


@pytest.fixture
def customer(client: OdooClient, request: pytest.FixtureRequest) -> Iterator[int]:
    """A company named after the test, archived afterwards."""
    pid = client.create("res.partner", {"name": f"odoo-agent test {request.node.name}", "is_company": True})
    yield pid
    client.write("res.partner", [pid], {"active": False})


@pytest.fixture
def product(client: OdooClient, request: pytest.FixtureRequest) -> Iterator[int]:
    """A sellable goods product at 100, invoiced on ordered quantities; archived afterwards (it has moves)."""
    kind = product_kind_vals(client.fields_get("product.template"), "goods")
    vals = {"name": f"odoo-agent test {request.node.name}", "list_price": 100.0, "invoice_policy": "order", **kind}
    pid = client.create("product.product", vals)
    yield pid
    client.write("product.product", [pid], {"active": False})


@pytest.fixture
def orders(client: OdooClient) -> Iterator[list[int]]:
    """Orders the test made: their invoices are cancelled, then they are cancelled and deleted."""
    ids: list[int] = []
    yield ids
    if not ids:
        return
    invoices = client.search_read("account.move", [["line_ids.sale_line_ids.order_id", "in", ids]], ["state"])
    if posted := [i["id"] for i in invoices if i["state"] == "posted"]:
        client.call("account.move", "button_draft", posted)
    if open_ := [i["id"] for i in invoices if i["state"] != "cancel"]:
        client.call("account.move", "button_cancel", open_)
    client.call("sale.order", "action_cancel", ids, context=NO_WIZARD)
    client.unlink("sale.order", ids)


def run(client: OdooClient, name: str, args: dict[str, Any]) -> Any:
    return REGISTRY[name].run(client, args)


def quote(client: OdooClient, orders: list[int], customer: int, product: int, qty: float = 1.0) -> ToolResult:
    out = run(client, "quotation_create", {"customer": customer, "lines": [{"product": product, "qty": qty}]})
    orders.append(out.order.id)
    return out


def invoice_and_post(client: OdooClient, order_id: int) -> dict[str, Any]:
    """Invoice the order with the wizard the button opens (§4.6), then post the invoice."""
    wizard = client.create("sale.advance.payment.inv", {"sale_order_ids": [[6, 0, [order_id]]]})
    client.call("sale.advance.payment.inv", "create_invoices", [wizard])
    inv_id = client.read("sale.order", [order_id], ["invoice_ids"])[0]["invoice_ids"][0]
    client.call("account.move", "action_post", [inv_id])
    return client.read("account.move", [inv_id], ["name", "state", "amount_total", "amount_residual"])[0]


def test_quotation_create_returns_odoo_prices_and_totals(
    client: OdooClient, customer: int, product: int, orders: list[int], request: pytest.FixtureRequest
) -> None:
    args = {
        "customer": f"odoo-agent test {request.node.name}",
        "lines": [{"product": product, "qty": 3}, {"product": product, "qty": 2, "unit_price": 80, "discount": 10}],
        "note": "Deliver before noon",
        "idempotency_key": derive_key(request.node.name, 1),
    }
    out = run(client, "quotation_create", args)
    order = out.order
    orders.append(order.id)
    row = client.read("sale.order", [order.id], ["name", "state", "partner_id", "amount_untaxed", "amount_total"])[0]
    assert out.created[0].id == order.id and order.name == row["name"] and order.state == row["state"] == "draft"
    assert row["partner_id"][0] == customer and order.customer == f"odoo-agent test {request.node.name}"
    # No price given: Odoo's pricelist price (new partners get "Benelux", 10% off the list price of 100).
    assert [(ln.qty, ln.unit_price, ln.discount, ln.subtotal) for ln in order.lines] == [
        (3, 90, 0, 270),
        (2, 80, 10, 144),
    ]
    assert order.amount_untaxed == row["amount_untaxed"] == 414 and order.amount_total == row["amount_total"]
    assert order.amount_total == pytest.approx(order.amount_untaxed + order.amount_tax)
    line = client.search_read("sale.order.line", [["order_id", "=", order.id], ["display_type", "=", False]],
                              ["tax_ids"], limit=1)[0]  # fmt: skip
    taxes = [t["display_name"] for t in client.read("account.tax", line["tax_ids"], ["display_name"])]
    assert order.lines[0].taxes == taxes and order.notes == ["Deliver before noon"]
    assert f"Created quotation {order.name}" in out.message
    again = run(client, "quotation_create", args)  # same key: the same quotation, not a second one
    assert again.order.id == order.id and client.search_count("sale.order", [["partner_id", "=", customer]]) == 1


def test_quotation_create_refuses_unknown_product_and_ambiguous_customer(
    client: OdooClient, product: int, request: pytest.FixtureRequest
) -> None:
    name = f"odoo-agent test {request.node.name}"
    twins = client.create_many("res.partner", [{"name": name, "city": "Bergen"}, {"name": name, "city": "Oslo"}])
    with pytest.raises(AmbiguousMatchError) as err:
        run(client, "quotation_create", {"customer": name, "lines": [{"product": product, "qty": 1}]})
    assert {c.record.id for c in err.value.resolution.candidates} == set(twins)
    with pytest.raises(NoMatchError, match="No product matches 'Xqzzvrt Widget'"):
        run(client, "quotation_create", {"customer": twins[0], "lines": [{"product": "Xqzzvrt Widget", "qty": 1}]})
    assert client.search_count("sale.order", [["partner_id", "in", twins]]) == 0
    client.write("res.partner", twins, {"active": False})


def test_quotation_add_lines_then_refused_once_confirmed(
    client: OdooClient, customer: int, product: int, orders: list[int]
) -> None:
    order = quote(client, orders, customer, product).order
    out = run(client, "quotation_add_lines", {"order": order.name, "lines": [{"product": product, "qty": 2,
                                                                             "unit_price": 50}]})  # fmt: skip
    row = client.read("sale.order", [order.id], ["amount_untaxed", "amount_total", "order_line"])[0]
    assert out.changed[0].id == order.id and len(out.order.lines) == len(row["order_line"]) == 2
    assert (
        out.order.amount_untaxed == row["amount_untaxed"] == 90 + 100 and out.order.amount_total == row["amount_total"]
    )
    client.call("sale.order", "action_confirm", [order.id])
    with pytest.raises(
        OdooValidationError, match=f"{order.name} is a confirmed sales order: only a quotation .* can get new lines"
    ):
        run(client, "quotation_add_lines", {"order": order.id, "lines": [{"product": product, "qty": 1}]})
    assert len(client.read("sale.order", [order.id], ["order_line"])[0]["order_line"]) == 2


def test_order_confirm_reports_pending_delivery_and_invoice(
    client: OdooClient, customer: int, product: int, orders: list[int]
) -> None:
    order = quote(client, orders, customer, product, qty=4).order
    out = run(client, "order_confirm", {"order": f"SO{int(order.name[1:])}"})  # "SO42" means S00042
    row = client.read("sale.order", [order.id], ["state", "picking_ids", "invoice_status"])[0]
    pickings = client.read("stock.picking", row["picking_ids"], ["name", "state"])
    assert out.changed[0].id == order.id and out.order.state == row["state"] == "sale"
    assert [d.name for d in out.deliveries] == [p["name"] for p in pickings] and len(pickings) == 1
    assert out.delivery_pending and out.delivery_status == "pending"
    assert out.invoice_pending and out.order.invoice_status == row["invoice_status"] == "to invoice"
    assert out.message.startswith(f"Confirmed {order.name}; delivery pending ({pickings[0]['name']})")
    with pytest.raises(
        OdooValidationError, match=r"is a confirmed sales order: only a quotation \(draft or sent\) can be confirmed"
    ):
        run(client, "order_confirm", {"order": order.id})


def test_order_cancel_cancels_deliveries(client: OdooClient, customer: int, product: int, orders: list[int]) -> None:
    order = quote(client, orders, customer, product).order
    client.call("sale.order", "action_confirm", [order.id])
    out = run(client, "order_cancel", {"order": order.name})
    row = client.read("sale.order", [order.id], ["state", "picking_ids"])[0]
    states = [p["state"] for p in client.read("stock.picking", row["picking_ids"], ["state"])]
    assert out.changed[0].id == order.id and out.order.state == row["state"] == "cancel"
    assert [d.state for d in out.deliveries] == states == ["cancel"] and not out.delivery_pending
    assert out.message.startswith(f"Cancelled {order.name}; no delivery pending")
    with pytest.raises(OdooValidationError, match=f"{order.name} is already cancelled"):
        run(client, "order_cancel", {"order": order.id})


def test_order_status_shows_invoice_and_cancel_is_refused(
    client: OdooClient, customer: int, product: int, orders: list[int]
) -> None:
    order = quote(client, orders, customer, product, qty=2).order
    client.call("sale.order", "action_confirm", [order.id])
    invoice = invoice_and_post(client, order.id)
    out = run(client, "order_status", {"order": order.name})
    assert out.found[0].id == order.id and out.order.state == "sale" and not out.locked
    assert [(i.name, i.state, i.amount_total, i.amount_residual) for i in out.invoices] == [
        (invoice["name"], "posted", invoice["amount_total"], invoice["amount_residual"])
    ]
    assert out.invoices[0].payment_state == "not_paid" and out.order.invoice_status == "invoiced"
    assert not out.invoice_pending and out.delivery_pending and out.deliveries[0].state != "done"
    with pytest.raises(OdooValidationError, match=f"has posted invoice\\(s\\) {invoice['name']}: issue a credit note"):
        run(client, "order_cancel", {"order": order.id})
    assert client.read("sale.order", [order.id], ["state"])[0]["state"] == "sale"
    with pytest.raises(NoMatchError, match="No sales order matches 'S99999'"):
        run(client, "order_status", {"order": "S99999"})


def test_orders_list_filters_by_state_customer_salesperson_and_dates(
    client: OdooClient, customer: int, product: int, orders: list[int]
) -> None:
    draft = quote(client, orders, customer, product).order
    confirmed = quote(client, orders, customer, product).order
    client.call("sale.order", "action_confirm", [confirmed.id])

    def ids(**filters: Any) -> list[int]:
        return [o.id for o in run(client, "orders_list", {"customer": customer, **filters}).orders]

    assert ids(state="quotation") == [draft.id] and ids(state="sale") == [confirmed.id]
    assert sorted(ids(period="this_month", salesperson=client.user.name)) == sorted([draft.id, confirmed.id])
    past = run(client, "orders_list", {"customer": customer, "date_from": "2000-01-01", "date_to": "2000-12-31"})
    assert past.orders == [] and past.total == 0 and past.message == "No order matches."
    out = run(client, "orders_list", {"customer": customer, "limit": 1})
    assert out.total == 2 and len(out.orders) == 1 and "(showing 1)" in out.message
    with pytest.raises(NoMatchError):
        run(client, "orders_list", {"salesperson": "Xqzzvrt Nobody"})
    with pytest.raises(ValueError, match="Give either a period or dates, not both"):
        run(client, "orders_list", {"period": "this_month", "date_from": "2000-01-01"})


def _month_bounds(today: date) -> list[list[str]]:
    """This month in the agent clock's timezone, as Odoo's UTC datetimes."""
    tz, fmt = get_clock().tz, "%Y-%m-%d %H:%M:%S"
    start = datetime.combine(today.replace(day=1), time(), tz).astimezone(UTC).strftime(fmt)
    end = datetime.combine(today + timedelta(days=1), time(), tz).astimezone(UTC).strftime(fmt)
    return [["date_order", ">=", start], ["date_order", "<", end]]


def test_sales_totals_this_month_by_customer(
    client: OdooClient, customer: int, product: int, orders: list[int]
) -> None:
    order = quote(client, orders, customer, product, qty=3).order
    client.call("sale.order", "action_confirm", [order.id])
    row = client.read("sale.order", [order.id], ["amount_untaxed", "amount_total"])[0]
    out = run(client, "sales_totals", {"period": "this_month", "group_by": "customer", "limit": 500})
    mine = [g for g in out.groups if g.group_id == customer]
    assert [(g.count, g.amount_untaxed, g.amount_total) for g in mine] == [
        (1, row["amount_untaxed"], row["amount_total"])
    ]
    confirmed = client.search_read("sale.order", [["state", "=", "sale"], *_month_bounds(get_clock().today())],
                                   ["amount_untaxed", "amount_total"])  # fmt: skip
    (total,) = out.totals  # one currency on this database
    assert total.count == len(confirmed) and total.group is None
    assert total.amount_untaxed == pytest.approx(sum(o["amount_untaxed"] for o in confirmed))
    assert total.amount_total == pytest.approx(sum(o["amount_total"] for o in confirmed))
    assert out.message.startswith(f"Confirmed sales, {get_clock().today().replace(day=1)} to {get_clock().today()}:")
    empty = run(client, "sales_totals", {"date_from": "2000-01-01", "date_to": "2000-01-31"})
    assert empty.totals == [] and empty.message == "Confirmed sales, 2000-01-01 to 2000-01-31: no confirmed order."
    with pytest.raises(ValueError, match="date_from is after date_to"):
        run(client, "sales_totals", {"date_from": "2000-02-01", "date_to": "2000-01-01"})
