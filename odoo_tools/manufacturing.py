"""Manufacturing: bills of materials, manufacturing orders created, confirmed and finished through Odoo's actions.

The finished product of a BoM is created only when the person asks (``create_product``); an
unknown one is otherwise an error, like any unknown name. Finishing produces the whole quantity
(``button_mark_done``); a partial finish is left to Odoo's screens.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from odoo_tools.client import OdooClient
from odoo_tools.client.compat import product_kind_vals
from odoo_tools.errors import OdooValidationError
from odoo_tools.i18n import t
from odoo_tools.registry import Risk, tool
from odoo_tools.resolve import RecordInput, found_or_made, resolve_one
from odoo_tools.results import RecordRef, ToolInput, ToolResult

__all__ = ["BomResult", "Production", "ProductionResult"]

MRP = ("mrp",)
MO_FIELDS = ["name", "product_id", "product_qty", "qty_produced", "state", "reservation_state", "date_start",
             "bom_id", "components_availability"]  # fmt: skip


class BomComponent(ToolInput):
    product: RecordInput
    qty: float = Field(gt=0)


class BomCreate(ToolInput):
    product: RecordInput = Field(description="The finished product")
    components: list[BomComponent] = Field(min_length=1, max_length=200)
    qty: float = Field(default=1, gt=0, description="How many finished units the components make")
    create_product: bool = Field(default=False, description="Create the finished product if it does not exist")
    idempotency_key: str | None = None


class BomResult(ToolResult):
    bom: RecordRef
    components: list[str]


def _finished(client: OdooClient, phrase: RecordInput, create: bool) -> tuple[RecordRef, bool]:
    def make(name: str) -> RecordRef:
        kind = product_kind_vals(client.fields_get("product.product"), "storable")
        return RecordRef(model="product.product", id=client.create("product.product", {"name": name, **kind}),
                         display_name=name)  # fmt: skip

    return found_or_made(client, "product.product", phrase, make if create else None)


@tool(domain="manufacturing", risk=Risk.WRITE, modules=MRP)
def bom_create(client: OdooClient, args: BomCreate) -> BomResult:
    """Create a bill of materials: the finished product and its components with quantities."""
    product, new = _finished(client, args.product, args.create_product)
    tmpl = client.read("product.product", [product.id], ["product_tmpl_id"])[0]["product_tmpl_id"][0]
    lines, names = [], []
    for comp in args.components:
        ref = resolve_one(client, "product.product", comp.product)
        lines.append([0, 0, {"product_id": ref.id, "product_qty": comp.qty}])
        names.append(f"{comp.qty:g} × {ref.display_name}")
    bid = client.create("mrp.bom", {"product_tmpl_id": tmpl, "product_id": product.id, "product_qty": args.qty,
                                    "type": "normal", "bom_line_ids": lines},
                        idempotency_key=args.idempotency_key)  # fmt: skip
    bom = RecordRef(model="mrp.bom", id=bid, display_name=f"BoM {product.display_name}")
    return BomResult(message=t("manufacturing.created_bill_materials",
                               p=product.display_name, c=", ".join(names)),
                     created=[bom, *([product] if new else [])], bom=bom, components=names)  # fmt: skip


class Production(BaseModel):
    id: int
    name: str
    product: str
    qty: float
    qty_produced: float
    state: str = Field(description="draft, confirmed, progress, to_close, done, cancel")
    components: str | None = Field(description="Odoo's components availability, e.g. 'Available'")

    def ref(self) -> RecordRef:
        return RecordRef(model="mrp.production", id=self.id, display_name=self.name)


def _read(client: OdooClient, ids: list[int]) -> list[Production]:
    fields = [f for f in MO_FIELDS if client.has_field("mrp.production", f)]
    rows = client.read("mrp.production", ids, fields) if ids else []
    return [Production(id=r["id"], name=r["name"], product=r["product_id"][1], qty=r["product_qty"],
                       qty_produced=r.get("qty_produced") or 0.0, state=r["state"],
                       components=r.get("components_availability") or None) for r in rows]  # fmt: skip


class ProductionResult(ToolResult):
    production: Production


def _said(mo: Production) -> str:
    return t(
        "manufacturing.order_line",
        name=mo.name,
        qty=mo.qty,
        product=mo.product,
        state=mo.state,
    ) + (f" ({mo.components})" if mo.components else "")


class ProductionCreate(ToolInput):
    product: RecordInput
    qty: float = Field(gt=0)
    confirm: bool = Field(default=False, description="Confirm it right away (reserves the components)")
    idempotency_key: str | None = None


@tool(domain="manufacturing", risk=Risk.WRITE, modules=MRP)
def production_create(client: OdooClient, args: ProductionCreate) -> ProductionResult:
    """Create a manufacturing order for a product with a bill of materials (draft, or confirmed if asked)."""
    product = resolve_one(client, "product.product", args.product)
    tmpl = client.read("product.product", [product.id], ["product_tmpl_id"])[0]["product_tmpl_id"][0]
    boms = client.search("mrp.bom", ["|", ["product_id", "=", product.id], "&", ["product_id", "=", False],
                                     ["product_tmpl_id", "=", tmpl]], limit=1)  # fmt: skip
    if not boms:
        raise OdooValidationError(
            t(
                "manufacturing.has_bill_materials_create",
                p=product.display_name,
            )
        )
    mid = client.create("mrp.production", {"product_id": product.id, "product_qty": args.qty, "bom_id": boms[0]},
                        idempotency_key=args.idempotency_key)  # fmt: skip
    if args.confirm:
        client.call("mrp.production", "action_confirm", [mid])
    mo = _read(client, [mid])[0]
    return ProductionResult(message=t("manufacturing.created", said=_said(mo)), created=[mo.ref()],
                            production=mo)  # fmt: skip


class ProductionInput(ToolInput):
    production: RecordInput = Field(description='"WH/MO/00001", "MO-001", "#1" or an id')


def _mo(client: OdooClient, phrase: RecordInput) -> Production:
    if isinstance(phrase, str):
        digits = "".join(ch for ch in phrase if ch.isdigit())
        if phrase.strip().upper().startswith(("MO", "#")) and digits:
            found = client.search("mrp.production", [["name", "=like", f"%/MO/{int(digits):05d}"]], limit=1)
            if found:
                return _read(client, found)[0]
    return _read(client, [resolve_one(client, "mrp.production", phrase).id])[0]


@tool(domain="manufacturing", risk=Risk.WRITE, modules=MRP)
def production_confirm(client: OdooClient, args: ProductionInput) -> ProductionResult:
    """Confirm a draft manufacturing order (its components get reserved)."""
    mo = _mo(client, args.production)
    if mo.state != "draft":
        raise OdooValidationError(t("manufacturing.only_draft_can_confirmed", name=mo.name,
                                    state=mo.state))  # fmt: skip
    client.call("mrp.production", "action_confirm", [mo.id])
    done = _read(client, [mo.id])[0]
    return ProductionResult(message=t("manufacturing.confirmed", said=_said(done)),
                            changed=[done.ref()], production=done)  # fmt: skip


@tool(domain="manufacturing", risk=Risk.WRITE, modules=MRP)
def production_finish(client: OdooClient, args: ProductionInput) -> ProductionResult:
    """Finish a confirmed manufacturing order: produce the whole quantity and consume the components."""
    mo = _mo(client, args.production)
    if mo.state not in ("confirmed", "progress", "to_close"):
        raise OdooValidationError(t("manufacturing.confirm_before_finishing", name=mo.name,
                                    state=mo.state))  # fmt: skip
    result = client.call("mrp.production", "button_mark_done", [mo.id])
    done = _read(client, [mo.id])[0]
    if done.state != "done":
        wizard = result.get("res_model") if isinstance(result, dict) else None
        raise OdooValidationError(t("manufacturing.finished_odoo_asks_decision",
                                    name=done.name, wizard=wizard or done.state))  # fmt: skip
    return ProductionResult(message=t("manufacturing.finished", said=_said(done)),
                            changed=[done.ref()], production=done)  # fmt: skip


@tool(domain="manufacturing", risk=Risk.READ, modules=MRP)
def production_status(client: OdooClient, args: ProductionInput) -> ProductionResult:
    """A manufacturing order's state, quantities and component availability."""
    mo = _mo(client, args.production)
    return ProductionResult(message=_said(mo) + ".", found=[mo.ref()], production=mo)


class ProductionsList(ToolInput):
    state: Literal["draft", "confirmed", "in_progress", "done", "cancel"] | None = Field(
        default="in_progress", description="in_progress = confirmed, started or to close"
    )
    limit: int = Field(default=20, ge=1, le=200)
    offset: int = Field(default=0, ge=0)


class ProductionsResult(ToolResult):
    productions: list[Production]


@tool(domain="manufacturing", risk=Risk.READ, modules=MRP)
def productions_list(client: OdooClient, args: ProductionsList) -> ProductionsResult:
    """Manufacturing orders by state (in progress by default), earliest start first."""
    states: dict[str | None, list[str]] = {"in_progress": ["confirmed", "progress", "to_close"]}
    domain: list[Any] = [["state", "in", states.get(args.state, [args.state])]] if args.state else []
    ids = client.search("mrp.production", domain, limit=args.limit, offset=args.offset, order="date_start, id")
    mos = _read(client, ids)
    return ProductionsResult(message=t("manufacturing.manufacturing_order_s",
                                       n=len(mos), shown="; ".join(_said(m) for m in mos) or "–"),
                             found=[m.ref() for m in mos], productions=mos)  # fmt: skip
