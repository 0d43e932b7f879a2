"""Purchase tools against a real Odoo 19: RFQ, confirm, receive, pending/late lists, vendor history.

Each test creates its own vendor and storable product named after itself; teardown cancels what
can be cancelled and archives the rest.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, timedelta
from typing import Any

import pytest

import odoo_tools.purchase  # noqa: F401 - registers the tools
from odoo_tools import OdooClient
from odoo_tools.client.clock import get_clock
from odoo_tools.client.compat import product_kind_vals
from odoo_tools.client.errors import OdooValidationError
from odoo_tools.client.idempotency import XMLID_MODULE, derive_key
from tests.conftest import run_tool as run

pytestmark = pytest.mark.live


class Supply:
    """A vendor and a storable product named after the test; its orders are cancelled at teardown."""

    def __init__(self, client: OdooClient, name: str) -> None:
        self.client = client
        self.vendor_name = f"{name} Supplies"
        self.product_name = f"{name} Bolt"
        self.vendor = client.create("res.partner", {"name": self.vendor_name, "is_company": True})
        kind = product_kind_vals(client.fields_get("product.product"), "storable")
        self.product = client.create("product.product", {"name": self.product_name, "standard_price": 2.5, **kind})

    def cleanup(self) -> None:
        orders = self.client.search("purchase.order", [["partner_id", "=", self.vendor]])
        open_ = [o["id"] for o in self.client.read("purchase.order", orders, ["state", "receipt_status"])
                 if o["state"] != "cancel" and o["receipt_status"] != "full"] if orders else []  # fmt: skip
        if open_:
            self.client.call("purchase.order", "button_cancel", open_)
        keys = self.client.search("ir.model.data", [["module", "=", XMLID_MODULE], ["model", "=", "purchase.order"]])
        if keys:
            self.client.unlink("ir.model.data", keys)
        self.client.write("product.product", [self.product], {"active": False})
        self.client.write("res.partner", [self.vendor], {"active": False})


@pytest.fixture
def supply(client: OdooClient, request: pytest.FixtureRequest) -> Iterator[Supply]:
    s = Supply(client, f"odoo-agent test {request.node.name}")
    yield s
    s.cleanup()


def _rfq(client: OdooClient, supply: Supply, qty: float = 500, key: str | None = None) -> Any:
    return run(client, "rfq_create", vendor=supply.vendor_name, lines=[{"product": supply.product_name, "qty": qty}],
               idempotency_key=key)  # fmt: skip


def test_an_rfq_is_priced_by_odoo_and_never_doubled(client: OdooClient, supply: Supply) -> None:
    key = derive_key(f"rfq-{get_clock().now():%Y%m%d%H%M%S}", 1)  # fresh per recording: keys live in the record
    out = _rfq(client, supply, key=key)
    assert out.order.state == "draft" and out.order.vendor == supply.vendor_name
    line = client.search_read("purchase.order.line", [["order_id", "=", out.order.id]], ["product_qty", "price_unit"])
    assert line == [{"id": line[0]["id"], "product_qty": 500, "price_unit": 2.5}]  # the product's cost
    assert out.order.amount_untaxed == 1250 and out.message.startswith(f"Created RFQ {out.order.name}")
    assert _rfq(client, supply, key=key).order.id == out.order.id


def test_confirm_then_receive(client: OdooClient, supply: Supply) -> None:
    order = _rfq(client, supply, qty=5).order
    confirmed = run(client, "purchase_confirm", order=order.name)
    assert confirmed.order.state == "purchase" and confirmed.order.receipt_status == "pending"
    with pytest.raises(OdooValidationError, match="only an RFQ"):
        run(client, "purchase_confirm", order=order.name)
    before = client.read("product.product", [supply.product], ["qty_available"])[0]["qty_available"]
    received = run(client, "purchase_receive", order=order.name)
    assert received.picking.state == "done" and received.message.startswith("Validated ")
    assert client.read("purchase.order", [order.id], ["receipt_status"])[0]["receipt_status"] == "full"
    assert client.read("product.product", [supply.product], ["qty_available"])[0]["qty_available"] == before + 5
    with pytest.raises(OdooValidationError, match="nothing left to receive"):
        run(client, "purchase_receive", order=order.name)


def test_an_rfq_cannot_be_received(client: OdooClient, supply: Supply) -> None:
    order = _rfq(client, supply, qty=1).order
    with pytest.raises(OdooValidationError, match="confirm it before receiving"):
        run(client, "purchase_receive", order=order.id)


def test_pending_and_late_orders(client: OdooClient, supply: Supply) -> None:
    rfq = _rfq(client, supply, qty=1).order
    late = _rfq(client, supply, qty=2).order
    run(client, "purchase_confirm", order=late.id)
    yesterday = (get_clock().now().astimezone(UTC) - timedelta(days=1)).strftime("%Y-%m-%d %H:%M:%S")
    client.write("purchase.order", [late.id], {"date_planned": yesterday})
    pending = {o.id for o in run(client, "purchases_list", state="pending", vendor=supply.vendor_name).orders}
    assert pending == {rfq.id, late.id}
    overdue = run(client, "purchases_list", state="late", vendor=supply.vendor_name)
    assert [o.id for o in overdue.orders] == [late.id] and overdue.message.startswith("1 purchase order(s): ")


def test_vendor_history_counts_on_time_receipts(client: OdooClient, supply: Supply) -> None:
    first = _rfq(client, supply, qty=3).order
    run(client, "purchase_confirm", order=first.id)
    run(client, "purchase_receive", order=first.id)
    second = _rfq(client, supply, qty=4).order
    run(client, "purchase_confirm", order=second.id)
    out = run(client, "vendor_history", vendor=supply.vendor_name)
    assert (out.orders, out.received, out.on_time, out.on_time_rate) == (2, 1, 1, 1.0)
    assert out.amount_total == pytest.approx(first.amount_total + second.amount_total)
    assert {o.id for o in out.recent} == {first.id, second.id} and "on time: 100% (1/1 receipts)" in out.message
