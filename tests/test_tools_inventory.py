"""Inventory tools against a real Odoo 19 (cassettes; ``-m live`` for a server).

Products with stock moves cannot be deleted: the tests archive them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

import odoo_tools.tools  # noqa: F401  (registers every tool)
from odoo_tools import OdooClient, OdooValidationError
from odoo_tools.registry import REGISTRY
from odoo_tools.resolve import NoMatchError
from odoo_tools.transfers import BackorderChoiceError, NothingReservedError

pytestmark = pytest.mark.live
Maker = Callable[..., int]


def name_of(request: pytest.FixtureRequest) -> str:
    return f"odoo-agent test {request.node.name}"


@pytest.fixture
def make_product(client: OdooClient, request: pytest.FixtureRequest) -> Iterator[Maker]:
    """Make products named after the test (``suffix`` tells them apart), stock set in WH/Stock; archived after."""
    templates: list[int] = []

    def make(suffix: str = "", on_hand: float = 0, storable: bool = True) -> int:
        tid = client.create("product.template", {"name": f"{name_of(request)}{suffix}", "type": "consu",
                                                 "is_storable": storable, "list_price": 10.0})  # fmt: skip
        templates.append(tid)
        pid = client.read("product.template", [tid], ["product_variant_id"])[0]["product_variant_id"][0]
        if on_hand:
            client.write("product.product", [pid], {"qty_available": on_hand})  # 19's shortcut (§4.3 b)
        return pid

    yield make
    client.write("product.template", templates, {"active": False})


def run(client: OdooClient, name: str, args: dict[str, object]) -> object:
    return REGISTRY[name].run(client, args)


def test_stock_level_overall_and_scoped(client: OdooClient, make_product: Maker) -> None:
    pid = make_product(on_hand=18)
    out = run(client, "stock_level", {"product": pid})
    level = out.level
    assert (level.on_hand, level.forecast, level.free, level.storable) == (18.0, 18.0, 18.0, True)
    assert level.scope == "all warehouses" and out.found[0].id == pid and "18 on hand" in out.message
    assert run(client, "stock_level", {"product": pid, "warehouse": "WH"}).level.on_hand == 18.0
    assert run(client, "stock_level", {"product": pid, "location": "WH/Stock"}).level.on_hand == 18.0
    shelf = run(client, "stock_level", {"product": pid, "location": "WH/Stock/Shelf 1"})
    assert shelf.level.on_hand == 0.0 and shelf.level.scope == "WH/Stock/Shelf 1"
    goods = run(client, "stock_level", {"product": make_product(" goods", storable=False)})
    assert goods.level.storable is False and "not tracked in inventory" in goods.message
    with pytest.raises(NoMatchError, match="No product matches 'Xqzzvrt Nothing'"):
        run(client, "stock_level", {"product": "Xqzzvrt Nothing"})


def test_products_below_threshold(client: OdooClient, make_product: Maker, request: pytest.FixtureRequest) -> None:
    low, high = make_product(" low", on_hand=5), make_product(" high", on_hand=30)
    make_product(" goods", storable=False)  # not storable: never listed
    out = run(client, "products_below_threshold", {"threshold": 20, "name": name_of(request)})
    assert [lv.product.id for lv in out.levels] == [low] and out.total == 1 and out.levels[0].on_hand == 5.0
    both = run(client, "products_below_threshold", {"threshold": 31, "name": name_of(request), "measure": "free"})
    assert [lv.product.id for lv in both.levels] == [low, high]  # lowest first
    with pytest.raises(NoMatchError):
        run(client, "products_below_threshold", {"threshold": 20, "warehouse": "Xqzzvrt Depot"})


def test_low_stock_report_rules_and_threshold(
    client: OdooClient, make_product: Maker, request: pytest.FixtureRequest
) -> None:
    ruled, bare, fine = make_product(" ruled", on_hand=4), make_product(" bare", on_hand=2), make_product(" fine", 50)
    rules = [run(client, "reorder_rule_set", {"product": p, "min_qty": 10, "max_qty": 30, "trigger": "manual"})
             for p in (ruled, fine)]  # fmt: skip
    out = run(client, "low_stock_report", {"name": name_of(request)})
    assert [(ln.product.id, ln.forecast, ln.suggested_qty) for ln in out.lines] == [(ruled, 4.0, 26.0)]
    assert out.lines[0].rule == rules[0].reorder_rule.rule and out.lines[0].odoo_qty_to_order == 26.0
    with_threshold = run(client, "low_stock_report", {"name": name_of(request), "threshold": 5, "warehouse": "WH"})
    assert [(ln.product.id, ln.suggested_qty, ln.rule is None) for ln in with_threshold.lines] == [
        (ruled, 26.0, False), (bare, 3.0, True)]  # fmt: skip
    with pytest.raises(NoMatchError):
        run(client, "low_stock_report", {"warehouse": "Xqzzvrt Depot"})
    client.unlink("stock.warehouse.orderpoint", [r.reorder_rule.rule.id for r in rules])


def test_low_stock_report_counts_all_it_found_not_the_page(
    client: OdooClient, make_product: Maker, request: pytest.FixtureRequest
) -> None:
    """Issue 22: "N product(s) to reorder" is how many are below their minimum, not how many one page shows."""
    low = [make_product(f" low{i}", on_hand=i) for i in range(3)]
    rules = [run(client, "reorder_rule_set", {"product": p, "min_qty": 10, "max_qty": 20, "trigger": "manual"})
             for p in low]  # fmt: skip
    try:
        out = run(client, "low_stock_report", {"name": name_of(request), "limit": 2})
        assert [ln.product.id for ln in out.lines] == [low[0], low[1]]  # the most urgent first (20 and 19 to order)
        assert out.message.startswith("3 product(s) to reorder (the 2 most urgent listed): "), out.message
    finally:
        client.unlink("stock.warehouse.orderpoint", [r.reorder_rule.rule.id for r in rules])


def test_reorder_rule_set_creates_then_updates(client: OdooClient, make_product: Maker) -> None:
    pid = make_product()
    out = run(client, "reorder_rule_set", {"product": pid, "min_qty": 50})
    rule = out.reorder_rule
    assert out.created == [rule.rule] and (rule.min_qty, rule.max_qty, rule.trigger) == (50.0, 50.0, "auto")
    assert rule.location.display_name == "WH/Stock" and rule.warehouse.display_name == "YourCompany"
    updated = run(client, "reorder_rule_set", {"product": pid, "min_qty": 20, "max_qty": 80, "warehouse": "WH"})
    assert updated.changed == [rule.rule] and updated.created == []
    row = client.read("stock.warehouse.orderpoint", [rule.rule.id], ["product_min_qty", "product_max_qty"])[0]
    assert (row["product_min_qty"], row["product_max_qty"]) == (20.0, 80.0)
    assert run(client, "reorder_rule_set", {"product": pid, "min_qty": 30}).reorder_rule.max_qty == 80.0  # max kept
    with pytest.raises(OdooValidationError, match=r"maximum \(5\) cannot be below the minimum \(30\)"):
        run(client, "reorder_rule_set", {"product": pid, "min_qty": 30, "max_qty": 5})
    with pytest.raises(OdooValidationError, match="not tracked in inventory"):
        run(client, "reorder_rule_set", {"product": make_product(" goods", storable=False), "min_qty": 1})
    client.unlink("stock.warehouse.orderpoint", [rule.rule.id])


def test_inventory_adjust_sets_the_count(client: OdooClient, make_product: Maker) -> None:
    pid = make_product(on_hand=7)
    out = run(client, "inventory_adjust", {"product": pid, "quantity": 25})
    assert (out.before, out.after, out.location.display_name) == (7.0, 25.0, "WH/Stock")
    assert client.read("product.product", [pid], ["qty_available"])[0]["qty_available"] == 25.0
    shelf = run(client, "inventory_adjust", {"product": pid, "quantity": 4, "location": "WH/Stock/Shelf 1"})
    assert (shelf.before, shelf.after, shelf.location.display_name) == (0.0, 4.0, "WH/Stock/Shelf 1")
    down = run(client, "inventory_adjust", {"product": pid, "quantity": 0})
    assert (down.before, down.after) == (25.0, 0.0)
    assert run(client, "stock_level", {"product": pid}).level.on_hand == 4.0  # what is left on the shelf
    with pytest.raises(OdooValidationError, match="not tracked in inventory"):
        run(client, "inventory_adjust", {"product": make_product(" goods", storable=False), "quantity": 3})


@pytest.fixture
def sale_order(client: OdooClient, make_product: Maker, request: pytest.FixtureRequest) -> Iterator[dict[str, int]]:
    """A confirmed sales order for 5 of a product with 3 in stock; cancelled afterwards."""
    partner = client.create("res.partner", {"name": name_of(request), "is_company": True})
    pid = make_product(on_hand=3)
    line = {"product_id": pid, "product_uom_qty": 5}
    so = client.create("sale.order", {"partner_id": partner, "order_line": [[0, 0, line]]})
    client.call("sale.order", "action_confirm", [so])
    yield {"order": so, "product": pid}
    client.call("sale.order", "action_cancel", [so])
    client.write("res.partner", [partner], {"active": False})


def test_order_pickings_by_reference(client: OdooClient, sale_order: dict[str, int]) -> None:
    name = client.read("sale.order", [sale_order["order"]], ["name"])[0]["name"]
    out = run(client, "order_pickings", {"order": f"SO{int(name[1:])}"})  # "SO42" means S00042
    assert out.order.id == sale_order["order"] and len(out.pickings) == 1
    picking = out.pickings[0]
    assert (picking.kind, picking.state, picking.origin) == ("outgoing", "assigned", name)
    move = picking.moves[0]
    assert (move.product.id, move.demand, move.quantity) == (sale_order["product"], 5.0, 3.0)
    assert run(client, "order_pickings", {"order": sale_order["order"], "kind": "sale"}).pickings == out.pickings
    with pytest.raises(OdooValidationError, match="a sales or a purchase order"):
        run(client, "order_pickings", {"order": sale_order["order"]})


def test_picking_validate_partial_with_backorder(client: OdooClient, sale_order: dict[str, int]) -> None:
    picking = client.read("sale.order", [sale_order["order"]], ["picking_ids"])[0]["picking_ids"][0]
    with pytest.raises(BackorderChoiceError, match=r"only partly available or processed \(.* 3/5\)"):
        run(client, "picking_validate", {"picking": picking})
    out = run(client, "picking_validate", {"picking": picking, "backorder": "create"})
    assert out.picking.state == "done" and out.picking.moves[0].quantity == 3.0 and len(out.backorders) == 1
    assert client.read("product.product", [sale_order["product"]], ["qty_available"])[0]["qty_available"] == 0.0
    rest = client.read("stock.picking", [out.backorders[0].id], ["state", "move_ids", "backorder_id"])[0]
    assert rest["backorder_id"][0] == picking and rest["state"] in ("confirmed", "waiting")
    with pytest.raises(NothingReservedError, match="Nothing is reserved on"):
        run(client, "picking_validate", {"picking": out.backorders[0].id, "backorder": "create"})
    with pytest.raises(OdooValidationError, match="is already done"):
        run(client, "picking_validate", {"picking": picking})
    delivered = client.read("sale.order.line", client.search("sale.order.line", [["order_id", "=",
                            sale_order["order"]]]), ["qty_delivered"])[0]["qty_delivered"]  # fmt: skip
    assert delivered == 3.0


def test_picking_validate_given_quantities_cancelling_the_rest(client: OdooClient, sale_order: dict[str, int]) -> None:
    picking = client.read("sale.order", [sale_order["order"]], ["picking_ids"])[0]["picking_ids"][0]
    lines = [{"product": sale_order["product"], "quantity": 2}]
    out = run(client, "picking_validate", {"picking": picking, "lines": lines, "backorder": "cancel"})
    assert out.picking.state == "done" and out.backorders == [] and out.picking.moves[0].quantity == 2.0
    assert client.read("product.product", [sale_order["product"]], ["qty_available"])[0]["qty_available"] == 1.0


def test_order_pickings_of_a_purchase_order(
    client: OdooClient, make_product: Maker, request: pytest.FixtureRequest
) -> None:
    vendor = client.create("res.partner", {"name": name_of(request), "is_company": True, "supplier_rank": 1})
    pid = make_product()
    line = {"product_id": pid, "product_qty": 12, "price_unit": 4.5}
    po = client.create("purchase.order", {"partner_id": vendor, "order_line": [[0, 0, line]]})
    client.call("purchase.order", "button_confirm", [po])
    name = client.read("purchase.order", [po], ["name"])[0]["name"]
    out = run(client, "order_pickings", {"order": f"PO{int(name[1:])}"})  # "PO7" means P00007
    assert out.order.model == "purchase.order" and out.order.id == po and len(out.pickings) == 1
    receipt = out.pickings[0]
    assert (receipt.kind, receipt.state, receipt.origin) == ("incoming", "assigned", name)
    assert [(m.product.id, m.demand, m.quantity) for m in receipt.moves] == [(pid, 12.0, 12.0)]
    with pytest.raises(NoMatchError, match="No purchase order matches 'P99999'"):
        run(client, "order_pickings", {"order": "P99999"})
    client.call("purchase.order", "button_cancel", [po])
    client.write("res.partner", [vendor], {"active": False})
