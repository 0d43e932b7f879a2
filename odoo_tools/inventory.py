"""Inventory tools: stock levels, low stock, reorder rules, inventory counts, order transfers, validation.

It stays one module (over 400 lines) because every tool here reads stock through the same scope
(warehouse or location context), the same version-dependent quantity fields and the same
storable check; split, those helpers would become a shared module of their own with one user each side.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field, model_validator

from odoo_tools import known
from odoo_tools.client import OdooClient
from odoo_tools.errors import OdooValidationError
from odoo_tools.i18n import t
from odoo_tools.names import like_literal
from odoo_tools.nested import as_read, spec
from odoo_tools.product_kinds import kind_domain, row_is_storable, storable_fields
from odoo_tools.registry import Risk, tool
from odoo_tools.resolve import RecordInput, resolve_one
from odoo_tools.results import RecordRef, ToolInput, ToolResult

__all__ = ["RuleOutcome", "main_warehouse", "set_reorder_rule"]

QTY_FIELDS = [
    "display_name",
    "type",
    "qty_available",
    "virtual_available",
    "free_qty",
    "incoming_qty",
    "outgoing_qty",
    "uom_id",
]
MEASURES = {"on_hand": "qty_available", "forecast": "virtual_available", "free": "free_qty"}
# A stock measure in words ("on hand"; in French after "une quantité"): catalog keys.
MEASURE_WORDS = {
    "on_hand": "inventory.measure_on_hand",
    "forecast": "inventory.measure_forecast",
    "free": "inventory.measure_free",
}


def main_warehouse(client: OdooClient) -> dict[str, Any]:
    """The company's first warehouse (what Odoo picks by default)."""
    rows = client.search_read("stock.warehouse", [], ["display_name", "lot_stock_id"], limit=1, order="sequence, id")
    if not rows:
        raise OdooValidationError(t("inventory.company_has_warehouse"))
    return rows[0]


def _warehouse(client: OdooClient, phrase: RecordInput | None) -> dict[str, Any]:
    if phrase is None:
        return main_warehouse(client)
    code = like_literal(str(phrase).strip())
    rows = client.search_read("stock.warehouse", [["code", "=ilike", code]], ["id"], limit=1)
    wid = rows[0]["id"] if rows and isinstance(phrase, str) else resolve_one(client, "stock.warehouse", phrase).id
    return client.read("stock.warehouse", [wid], ["display_name", "lot_stock_id"])[0]


def _location(client: OdooClient, phrase: RecordInput) -> RecordRef:
    """An internal location by id, full name ("WH/Stock") or name."""
    internal = [["usage", "=", "internal"]]
    if isinstance(phrase, str):
        rows = client.search_read(
            "stock.location",
            [*internal, ["complete_name", "=ilike", like_literal(phrase.strip())]],
            ["display_name"],
            limit=1,
        )
        if rows:
            return RecordRef(model="stock.location", id=rows[0]["id"], display_name=rows[0]["display_name"])
    return resolve_one(client, "stock.location", phrase, domain=internal)


def _qty_fields(client: OdooClient) -> list[str]:
    return QTY_FIELDS + storable_fields(client)


def _untracked(name: str) -> str:
    return t("inventory.tracked_inventory_storable_product", name=name)  # fmt: skip


def _storable(client: OdooClient, product: RecordInput) -> dict[str, Any]:
    """Resolve a product and refuse one whose stock Odoo does not track."""
    pid = resolve_one(client, "product.product", product).id
    row = client.read("product.product", [pid], ["display_name", "type", "tracking", *storable_fields(client)])[0]
    if not row_is_storable(row):
        raise OdooValidationError(_untracked(row["display_name"]))
    return row


class StockLevel(BaseModel):
    """Quantities of one product, in its unit of measure, within ``scope``."""

    product: RecordRef
    storable: bool
    on_hand: float = Field(description="qty_available: physically in internal locations")
    forecast: float = Field(description="virtual_available: on hand + incoming - outgoing")
    free: float = Field(description="free_qty: on hand minus reserved")
    incoming: float
    outgoing: float
    uom: str | None = None
    scope: str = Field(description="'all warehouses', a warehouse or a location")

    @classmethod
    def from_row(cls, row: dict[str, Any], scope: str) -> StockLevel:
        return cls(
            product=RecordRef(model="product.product", id=row["id"], display_name=row["display_name"]),
            storable=row_is_storable(row),
            on_hand=row["qty_available"],
            forecast=row["virtual_available"],
            free=row["free_qty"],
            incoming=row["incoming_qty"],
            outgoing=row["outgoing_qty"],
            uom=row["uom_id"][1] if row["uom_id"] else None,
            scope=scope,
        )


class StockScope(ToolInput):
    warehouse: RecordInput | None = Field(default=None, description="Warehouse (id, name or code); default all")
    location: RecordInput | None = Field(default=None, description="Internal location, e.g. 'WH/Stock'")

    @model_validator(mode="after")
    def _one_scope(self) -> StockScope:
        if self.warehouse is not None and self.location is not None:
            raise ValueError(t("inventory.give_warehouse_location_both"))
        return self


def _warehouse_context(client: OdooClient, wid: int) -> dict[str, Any]:
    # 19 reads "warehouse_id" (verified); older servers may read "warehouse" (unverified): harmless to add there.
    return {"warehouse_id": wid} if client.major >= 19 else {"warehouse_id": wid, "warehouse": wid}


def _scope(client: OdooClient, args: StockScope) -> tuple[dict[str, Any], str]:
    """The context Odoo computes quantities in (§4.3), and its name."""
    if args.location is not None:
        loc = _location(client, args.location)
        return {"location": loc.id}, loc.display_name
    if args.warehouse is not None:
        wh = _warehouse(client, args.warehouse)
        return _warehouse_context(client, wh["id"]), wh["display_name"]
    return {}, "all warehouses"


def _scope_words(args: StockScope, scope: str) -> str:
    """The scope's name for a message: "all warehouses" in the current language (the data keeps English)."""
    if args.location is None and args.warehouse is None:
        return t("inventory.all_warehouses")
    return scope


class StockLevelQuery(StockScope):
    product: RecordInput


class StockLevelResult(ToolResult):
    level: StockLevel


@tool(domain="inventory", risk=Risk.READ, modules=("stock",))
def stock_level(client: OdooClient, args: StockLevelQuery) -> StockLevelResult:
    """Stock of a product: on hand, forecast and free to use, overall or in one warehouse or location."""
    pid = resolve_one(client, "product.product", args.product).id
    ctx, scope = _scope(client, args)
    # Read overall with the product's name a moment ago in this request (odoo_tools.known): no second read.
    kept = None if ctx else known.facts(client, "product.product", [pid], _qty_fields(client))
    row = (kept or client.search_read("product.product", [["id", "=", pid]], _qty_fields(client), context=ctx))[0]
    level = StockLevel.from_row(row, scope)
    if not level.storable:
        message = _untracked(level.product.display_name)
    else:
        message = t(
            "inventory.hand_forecast_free",
            name=level.product.display_name,
            scope=_scope_words(args, scope),
            on_hand=level.on_hand,
            forecast=level.forecast,
            free=level.free,
        )
    return StockLevelResult(message=message, found=[level.product], level=level)


class BelowThreshold(StockScope):
    threshold: float = Field(description="List products strictly below this quantity")
    measure: Literal["on_hand", "forecast", "free"] = "on_hand"
    name: str | None = Field(default=None, description="Only products whose name contains this")
    limit: int = Field(default=50, ge=1, le=500)


class StockLevels(ToolResult):
    levels: list[StockLevel]
    total: int = Field(description="How many products match (levels holds at most limit of them)")


@tool(domain="inventory", risk=Risk.READ, modules=("stock",))
def products_below_threshold(client: OdooClient, args: BelowThreshold) -> StockLevels:
    """Storable products whose on-hand (or forecast, or free) quantity is below a threshold, lowest first."""
    ctx, scope = _scope(client, args)
    field = MEASURES[args.measure]
    # Odoo searches these computed quantities itself (in the context's scope): no full scan on our side.
    domain: list[Any] = [*kind_domain(client, "storable"), [field, "<", args.threshold]]
    if args.name:
        domain.append(["name", "ilike", like_literal(args.name)])
    rows = client.search_read("product.product", domain, _qty_fields(client), limit=args.limit, order="id", context=ctx)
    total = len(rows) if len(rows) < args.limit else client.search_count("product.product", domain)
    levels = sorted(
        (StockLevel.from_row(r, scope) for r in rows), key=lambda lv: (getattr(lv, args.measure), lv.product.id)
    )
    named = _named([f"{lv.product.display_name} ({getattr(lv, args.measure):g})" for lv in levels], total)
    return StockLevels(
        message=t(
            "inventory.storable_product_s_below",
            total=total,
            what=t(MEASURE_WORDS[args.measure]),
            threshold=args.threshold,
            scope=_scope_words(args, scope),
            named=named,
        ),
        found=[lv.product for lv in levels],
        levels=levels,
        total=total,
    )


class LowStockLine(BaseModel):
    """One product to replenish, and how much."""

    product: RecordRef
    warehouse: RecordRef | None = None
    rule: RecordRef | None = Field(default=None, description="The reorder rule, when the line comes from one")
    on_hand: float
    forecast: float
    min_qty: float = Field(description="The rule's minimum, or the threshold")
    max_qty: float = Field(description="The rule's maximum, or the threshold")
    suggested_qty: float = Field(description="max_qty - forecast")
    odoo_qty_to_order: float | None = Field(default=None, description="Odoo's own figure (lead times, rounding)")


class LowStockQuery(ToolInput):
    threshold: float | None = Field(default=None, description="Also list products without a rule below this forecast")
    warehouse: RecordInput | None = None
    name: str | None = Field(default=None, description="Only products whose name contains this")
    limit: int = Field(default=50, ge=1, le=500)


class LowStockReport(ToolResult):
    lines: list[LowStockLine]


RULE_FIELDS = [
    "display_name",
    "product_id",
    "warehouse_id",
    "location_id",
    "product_min_qty",
    "product_max_qty",
    "qty_on_hand",
    "qty_forecast",
    "qty_to_order",
    "trigger",
]
RULE_SPEC = spec(RULE_FIELDS, named={"product_id", "warehouse_id", "location_id"})


def _named(items: list[str], total: int, shown: int = 10) -> str:
    """ ": A (4), B (2) …": the first products listed, so the answer says which ones, not only how many."""
    if not items:
        return ""
    return ": " + ", ".join(items[:shown]) + (" …" if total > min(shown, len(items)) else "")


def _to_order(client: OdooClient) -> str:
    """The stored field behind Odoo's own "To Reorder" filter: ordering by it keeps the most urgent first on the
    server. 19 stores the computed part apart from a manual override (verified); 17 stores qty_to_order itself."""
    return "qty_to_order_computed" if client.major >= 19 else "qty_to_order"


@tool(domain="inventory", risk=Risk.READ, modules=("stock",))
def low_stock_report(client: OdooClient, args: LowStockQuery) -> LowStockReport:
    """Storable products below their reorder rule minimum (or a threshold), with a quantity to reorder.

    A product with a reorder rule is listed when Odoo has something to order for it (its Replenishment
    "To Reorder" filter: the forecast at the rule's location, on hand + incoming - outgoing, is below the
    rule's minimum). Odoo selects, counts and orders them (one request, however many rules there are);
    the suggestion brings the forecast back up to the rule's maximum: max_qty - forecast. With a
    threshold, products that have no rule are listed when their forecast is below it, and the suggestion
    is threshold - forecast. Odoo's own qty_to_order (lead times and rounding) is given alongside.
    """
    wh = _warehouse(client, args.warehouse) if args.warehouse is not None else None
    domain: list[Any] = [["qty_to_order", ">", 0]]
    if wh:
        domain.append(["warehouse_id", "=", wh["id"]])
    if args.name:
        domain.append(["product_id.name", "ilike", like_literal(args.name)])
    total, rules = client.web_search_read("stock.warehouse.orderpoint", domain, RULE_SPEC, limit=args.limit,
                                          order=f"{_to_order(client)} desc, id")  # fmt: skip
    lines = [_rule_line(as_read(r)) for r in rules]
    if args.threshold is not None:
        bare, more = _threshold_lines(client, args, wh)
        lines, total = lines + bare, total + more
    lines = sorted(lines, key=lambda ln: (-ln.suggested_qty, ln.product.id))[: args.limit]
    shown = (t("inventory.most_urgent_listed", k=len(lines))
             if total > len(lines) else "")  # fmt: skip
    return LowStockReport(
        message=t(
            "inventory.product_s_reorder",
            n=total,
            shown=shown,
            named=_named([f"{ln.product.display_name} ({ln.suggested_qty:g})" for ln in lines], total),
        ),
        found=[ln.product for ln in lines],
        lines=lines,
    )


def _rule_line(rule: dict[str, Any]) -> LowStockLine:
    target = max(rule["product_max_qty"], rule["product_min_qty"])
    return LowStockLine(
        product=RecordRef.from_m2o("product.product", rule["product_id"]),
        warehouse=RecordRef.from_m2o("stock.warehouse", rule["warehouse_id"]),
        rule=RecordRef(model="stock.warehouse.orderpoint", id=rule["id"], display_name=rule["display_name"]),
        on_hand=rule["qty_on_hand"],
        forecast=rule["qty_forecast"],
        min_qty=rule["product_min_qty"],
        max_qty=rule["product_max_qty"],
        suggested_qty=target - rule["qty_forecast"],
        odoo_qty_to_order=rule["qty_to_order"],
    )


def _threshold_lines(
    client: OdooClient, args: LowStockQuery, wh: dict[str, Any] | None
) -> tuple[list[LowStockLine], int]:
    """Products with no rule (in the warehouse, when one is named) whose forecast is below the threshold, and
    how many there are: a product with a rule is judged by its rule."""
    assert args.threshold is not None
    has_rule = ["orderpoint_ids.warehouse_id", "=", wh["id"]] if wh else ["orderpoint_ids", "!=", False]
    domain: list[Any] = [*kind_domain(client, "storable"), ["virtual_available", "<", args.threshold], "!", has_rule]
    if args.name:
        domain.append(["name", "ilike", like_literal(args.name)])
    ctx = _warehouse_context(client, wh["id"]) if wh else {}
    total, rows = client.web_search_read("product.product", domain, spec(_qty_fields(client)),
                                         limit=args.limit, order="id", context=ctx)  # fmt: skip
    where = RecordRef(model="stock.warehouse", id=wh["id"], display_name=wh["display_name"]) if wh else None
    lines = [
        LowStockLine(
            product=RecordRef(model="product.product", id=r["id"], display_name=r["display_name"]),
            warehouse=where,
            on_hand=r["qty_available"],
            forecast=r["virtual_available"],
            min_qty=args.threshold,
            max_qty=args.threshold,
            suggested_qty=args.threshold - r["virtual_available"],
        )
        for r in rows
    ]
    return lines, total


class ReorderRuleSet(ToolInput):
    product: RecordInput
    min_qty: float = Field(ge=0, description="Reorder when the forecast falls below this")
    max_qty: float | None = Field(default=None, ge=0, description="Reorder up to this; default: kept, or min_qty")
    warehouse: RecordInput | None = Field(default=None, description="Default: the main warehouse")
    trigger: Literal["auto", "manual"] | None = Field(
        default=None, description="auto = the scheduler orders; manual = shown in Replenishment. New rules: auto"
    )


class ReorderRule(BaseModel):
    rule: RecordRef
    product: RecordRef
    warehouse: RecordRef
    location: RecordRef
    min_qty: float
    max_qty: float
    trigger: str


class RuleOutcome(ReorderRule):
    created: bool


class ReorderRuleResult(ToolResult):
    reorder_rule: ReorderRule


def set_reorder_rule(
    client: OdooClient,
    product: RecordInput,
    min_qty: float,
    max_qty: float | None,
    warehouse: RecordInput | None,
    trigger: str | None = None,
) -> RuleOutcome:
    """Create or update the product's reorder rule in the warehouse's stock location (also used by products)."""
    prod = _storable(client, product)
    wh = _warehouse(client, warehouse)
    existing = client.search_read(
        "stock.warehouse.orderpoint",
        [["product_id", "=", prod["id"]], ["warehouse_id", "=", wh["id"]]],
        ["location_id", "product_max_qty"],
    )
    if len(existing) > 1:  # several locations: update the one of the warehouse's main stock, never a guess
        existing = [r for r in existing if r["location_id"][0] == wh["lot_stock_id"][0]]
    if len(existing) > 1:
        raise OdooValidationError(
            t(
                "inventory.has_several_reorder_rules",
                product=prod["display_name"],
                warehouse=wh["display_name"],
            )
        )
    keep_max = existing[0]["product_max_qty"] if existing else 0.0
    new_max = max_qty if max_qty is not None else max(keep_max, min_qty)
    if new_max < min_qty:
        raise OdooValidationError(
            t(
                "inventory.maximum_cannot_below_minimum",
                max=new_max,
                min=min_qty,
            )
        )
    vals: dict[str, Any] = {"product_min_qty": min_qty, "product_max_qty": new_max}
    if trigger:
        vals["trigger"] = trigger
    if existing:
        rid = existing[0]["id"]
        client.write("stock.warehouse.orderpoint", [rid], vals)
    else:
        vals.update(product_id=prod["id"], warehouse_id=wh["id"], location_id=wh["lot_stock_id"][0])
        vals.setdefault("trigger", "auto")
        rid = client.create("stock.warehouse.orderpoint", vals)
    row = client.read("stock.warehouse.orderpoint", [rid], RULE_FIELDS)[0]
    return RuleOutcome(
        rule=RecordRef(model="stock.warehouse.orderpoint", id=rid, display_name=row["display_name"]),
        product=RecordRef.from_m2o("product.product", row["product_id"]),
        warehouse=RecordRef.from_m2o("stock.warehouse", row["warehouse_id"]),
        location=RecordRef.from_m2o("stock.location", row["location_id"]),
        min_qty=row["product_min_qty"],
        max_qty=row["product_max_qty"],
        trigger=row["trigger"],
        created=not existing,
    )


@tool(domain="inventory", risk=Risk.WRITE, modules=("stock",))
def reorder_rule_set(client: OdooClient, args: ReorderRuleSet) -> ReorderRuleResult:
    """Set a product's minimum/maximum stock (reorder rule) in a warehouse, creating the rule if needed."""
    out = set_reorder_rule(client, args.product, args.min_qty, args.max_qty, args.warehouse, args.trigger)
    rule = ReorderRule.model_validate(out.model_dump(exclude={"created"}))
    values = {
        "rule": rule.rule.display_name,
        "product": rule.product.display_name,
        "warehouse": rule.warehouse.display_name,
        "min": rule.min_qty,
        "max": rule.max_qty,
    }
    return ReorderRuleResult(
        message=t(
            "inventory.created_min_max",
            **values,
        )
        if out.created
        else t(
            "inventory.updated_min_max",
            **values,
        ),
        created=[rule.rule] if out.created else [],
        changed=[] if out.created else [rule.rule],
        reorder_rule=rule,
    )


class InventoryAdjust(ToolInput):
    product: RecordInput
    quantity: float = Field(ge=0, description="The counted quantity now in the location")
    location: RecordInput | None = Field(default=None, description="Internal location; default the main stock")


class InventoryAdjusted(ToolResult):
    product: RecordRef
    location: RecordRef
    before: float = Field(description="On hand in the location itself (not its sub-locations) before the count")
    after: float = Field(description="On hand in the location itself after applying it")


@tool(domain="inventory", risk=Risk.FINANCIAL, modules=("stock",))
def inventory_adjust(client: OdooClient, args: InventoryAdjust) -> InventoryAdjusted:
    """Set the counted on-hand quantity of a product in a location (an inventory adjustment, valued in accounting)."""
    prod = _storable(client, args.product)
    if prod["tracking"] != "none":
        raise OdooValidationError(
            t(
                "inventory.tracked_lot_serial_number",
                name=prod["display_name"],
            )
        )
    if args.location is None:
        stock = main_warehouse(client)["lot_stock_id"]
        loc = RecordRef(model="stock.location", id=stock[0], display_name=stock[1])
    else:
        loc = _location(client, args.location)
    before = _on_hand(client, prod["id"], loc.id)
    # Inventory mode makes the quant create merge into the existing quant and only record the count (§4.3).
    qids = client.call(
        "stock.quant",
        "create",
        vals_list=[{"product_id": prod["id"], "location_id": loc.id, "inventory_quantity": args.quantity}],
        context={"inventory_mode": True},
    )
    result = client.call("stock.quant", "action_apply_inventory", qids)
    if isinstance(result, dict) and result.get("res_model"):
        raise OdooValidationError(
            t(
                "inventory.odoo_asks_confirm_count",
                model=result["res_model"],
            )
        )
    after = _on_hand(client, prod["id"], loc.id)
    product = RecordRef(model="product.product", id=prod["id"], display_name=prod["display_name"])
    return InventoryAdjusted(
        message=t(
            "inventory.count_changed",
            product=product.display_name,
            location=loc.display_name,
            before=before,
            after=after,
        ),
        changed=[product],
        product=product,
        location=loc,
        before=before,
        after=after,
    )


def _on_hand(client: OdooClient, pid: int, location_id: int) -> float:
    """On hand in exactly that location (the context's ``location`` would add its sub-locations)."""
    quants = client.search_read(
        "stock.quant", [["product_id", "=", pid], ["location_id", "=", location_id]], ["quantity"]
    )
    on_hand: float = sum(q["quantity"] for q in quants)
    return on_hand
