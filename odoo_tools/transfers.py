"""Transfers: the deliveries and receipts of an order, and validating them (backorders handled)."""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, Field

from odoo_tools.client import OdooClient
from odoo_tools.errors import BackorderChoiceError, NothingReservedError, OdooValidationError
from odoo_tools.i18n import t
from odoo_tools.registry import Risk, tool
from odoo_tools.resolve import Found, RecordInput, resolve, resolve_one
from odoo_tools.results import RecordRef, ToolInput, ToolResult


class MoveInfo(BaseModel):
    id: int
    product: RecordRef
    demand: float = Field(description="product_uom_qty: quantity ordered")
    quantity: float = Field(description="Reserved or done quantity")
    picked: bool
    uom: str | None = None
    state: str

    @classmethod
    def from_row(cls, m: dict[str, Any]) -> MoveInfo:
        return cls(
            id=m["id"],
            product=RecordRef.from_m2o("product.product", m["product_id"]),
            demand=m["product_uom_qty"],
            quantity=m["quantity"],
            picked=m["picked"],
            uom=m["product_uom"][1] if m["product_uom"] else None,
            state=m["state"],
        )


class PickingInfo(BaseModel):
    """A delivery, receipt or other transfer."""

    id: int
    name: str
    kind: str = Field(description="incoming (receipt), outgoing (delivery), internal ...")
    state: str = Field(description="draft, waiting, confirmed, assigned (ready), done, cancel")
    scheduled_date: str | None = None
    date_done: str | None = None
    origin: str | None = None
    backorder_of: RecordRef | None = None
    moves: list[MoveInfo]

    def ref(self) -> RecordRef:
        return RecordRef(model="stock.picking", id=self.id, display_name=self.name)


PICKING_FIELDS = [
    "name",
    "picking_type_code",
    "state",
    "scheduled_date",
    "date_done",
    "origin",
    "backorder_id",
    "move_ids",
]
MOVE_FIELDS = ["picking_id", "product_id", "product_uom_qty", "quantity", "picked", "product_uom", "state"]


def read_pickings(client: OdooClient, ids: list[int]) -> list[PickingInfo]:
    """Transfers with their moves, in two calls."""
    rows = client.read("stock.picking", ids, PICKING_FIELDS)
    moves = client.search_read("stock.move", [["picking_id", "in", ids]], MOVE_FIELDS, order="id")
    return [
        PickingInfo(
            id=r["id"],
            name=r["name"],
            kind=r["picking_type_code"],
            state=r["state"],
            scheduled_date=r["scheduled_date"] or None,
            date_done=r["date_done"] or None,
            origin=r["origin"] or None,
            backorder_of=RecordRef.from_m2o("stock.picking", r["backorder_id"]),
            moves=[MoveInfo.from_row(m) for m in moves if m["picking_id"][0] == r["id"]],
        )
        for r in rows
    ]


class OrderPickingsQuery(ToolInput):
    order: RecordInput = Field(description="Sales or purchase order: 'S00042', 'SO42', 'P00007' or an id")
    kind: Literal["auto", "sale", "purchase"] = Field(default="auto", description="Needed when order is a bare id")


class OrderPickings(ToolResult):
    order: RecordRef
    pickings: list[PickingInfo]


def _order(client: OdooClient, args: OrderPickingsQuery) -> RecordRef:
    models = {"sale": ["sale.order"], "purchase": ["purchase.order"]}.get(args.kind, [])
    if not models and isinstance(args.order, str):
        # The reference's prefix tells sales (S/SO) from purchase (P/PO) orders; otherwise try both.
        letters = re.match(r"\s*([A-Za-z]*)", args.order)  # always matches (the letters may be none)
        prefix = letters.group(1).upper() if letters else ""
        models = {"S": ["sale.order"], "SO": ["sale.order"], "P": ["purchase.order"], "PO": ["purchase.order"]}.get(
            prefix, ["sale.order", "purchase.order"]
        )
    if not models:
        raise OdooValidationError(
            t(
                "transfers.order_sales_purchase_order",
                order=args.order,
            )
        )
    found = [m.record for model in models if isinstance(m := resolve(client, model, args.order), Found)]
    if len(found) == 1:
        return found[0]
    if found:
        raise OdooValidationError(
            t(
                "transfers.both_match_which_one",
                first=found[0].display_name,
                second=found[1].display_name,
            )
        )
    return resolve_one(client, models[0], args.order)  # raises: no match, or the question to ask


@tool(domain="inventory", risk=Risk.READ, modules=("stock",))
def order_pickings(client: OdooClient, args: OrderPickingsQuery) -> OrderPickings:
    """Deliveries of a sales order or receipts of a purchase order, with their state and moves."""
    order = _order(client, args)
    if not client.has_field(order.model, "picking_ids"):
        app = "sale_stock" if order.model == "sale.order" else "purchase_stock"
        raise OdooValidationError(
            t(
                "transfers.has_transfers_here_module",
                order=order.display_name,
                app=app,
            )
        )
    ids = client.read(order.model, [order.id], ["picking_ids"])[0]["picking_ids"]
    pickings = read_pickings(client, ids) if ids else []
    states = ", ".join(f"{p.name} {p.state}" for p in pickings) or t("transfers.none")
    return OrderPickings(
        message=t(
            "transfers.transfer_s",
            order=order.display_name,
            n=len(pickings),
            states=states,
        ),
        found=[order, *(p.ref() for p in pickings)],
        order=order,
        pickings=pickings,
    )


class PickLine(ToolInput):
    product: RecordInput
    quantity: float = Field(ge=0, description="Quantity really processed")


class PickingValidate(ToolInput):
    picking: RecordInput = Field(description="Transfer reference (WH/OUT/00012), its order reference, or an id")
    lines: list[PickLine] | None = Field(
        default=None, description="Quantities processed per product; products not listed are not processed"
    )
    backorder: Literal["ask", "create", "cancel"] = Field(
        default="ask", description="When less than the demand is processed: create a backorder, or cancel the rest"
    )


class PickingValidated(ToolResult):
    picking: PickingInfo
    backorders: list[RecordRef] = Field(default_factory=list)


@tool(domain="inventory", risk=Risk.WRITE, modules=("stock",))
def picking_validate(client: OdooClient, args: PickingValidate) -> PickingValidated:
    """Validate a delivery or receipt, reserving stock first; a partial one needs a backorder decision.

    Without lines, what is reserved is processed. With lines, exactly those quantities are.
    """
    pk = resolve_one(client, "stock.picking", args.picking)
    picking = read_pickings(client, [pk.id])[0]
    if picking.state in ("done", "cancel"):
        raise OdooValidationError(
            t("transfers.already_done", name=picking.name)
            if picking.state == "done"
            else t("transfers.already_cancelled", name=picking.name)
        )
    if args.lines:
        _set_quantities(client, picking, args.lines)
    elif picking.state != "assigned":
        client.call("stock.picking", "action_assign", [pk.id])  # "Check availability"
    picking = read_pickings(client, [pk.id])[0]
    _check_quantities(picking, args.backorder)
    _run_validation(client, pk.id, args.backorder)
    picking = read_pickings(client, [pk.id])[0]
    if picking.state != "done":
        raise OdooValidationError(
            t(
                "transfers.validated_state",
                name=picking.name,
                state=picking.state,
            )
        )
    rows = client.search_read("stock.picking", [["backorder_id", "=", pk.id]], ["display_name"])
    backorders = [RecordRef(model="stock.picking", id=r["id"], display_name=r["display_name"]) for r in rows]
    extra = t("transfers.backorder", names=", ".join(b.display_name for b in backorders)) if backorders else ""
    return PickingValidated(
        message=t("transfers.validated", name=picking.name, extra=extra),
        changed=[picking.ref()],
        created=backorders,
        picking=picking,
        backorders=backorders,
    )


def _set_quantities(client: OdooClient, picking: PickingInfo, lines: list[PickLine]) -> None:
    products = [m.product.id for m in picking.moves]
    for line in lines:
        pid = resolve_one(client, "product.product", line.product, domain=[["id", "in", products]]).id
        move = next(m for m in picking.moves if m.product.id == pid)
        client.write("stock.move", [move.id], {"quantity": line.quantity, "picked": True})


def _check_quantities(picking: PickingInfo, backorder: str) -> None:
    """Refuse before Odoo does, with the numbers: nothing to process, or a partial with no decision."""
    # Odoo's rule: once some moves are picked only those are processed; if none is, all of them are.
    moves = [m for m in picking.moves if m.picked] or picking.moves
    if not any(m.quantity > 0 for m in moves):
        short = ", ".join(f"{m.product.display_name} 0/{m.demand:g}" for m in picking.moves)
        raise NothingReservedError(
            t(
                "transfers.nothing_reserved_stock_available",
                name=picking.name,
                short=short,
            )
        )
    missing = [m for m in picking.moves if (m.quantity if m in moves else 0) < m.demand]
    if missing and backorder == "ask":
        short = ", ".join(f"{m.product.display_name} {m.quantity if m in moves else 0:g}/{m.demand:g}" for m in missing)
        raise BackorderChoiceError(
            t(
                "transfers.only_partly_available_processed",
                name=picking.name,
                short=short,
            )
        )


def _run_validation(client: OdooClient, pid: int, backorder: str) -> None:
    result = client.call("stock.picking", "button_validate", [pid])
    if not isinstance(result, dict) or result.get("type") != "ir.actions.act_window":
        return  # True, or a print action when autoprint is on
    if result.get("res_model") != "stock.backorder.confirmation":
        raise OdooValidationError(
            t(
                "transfers.validation_needs_confirmation_odoo",
                model=result.get("res_model"),
            )
        )
    # Reuse the action's context: it carries button_validate_picking_ids, without which process() does nothing.
    ctx = result.get("context") or {}
    wid = client.call("stock.backorder.confirmation", "create", vals_list=[{}], context=ctx)[0]
    method = "process" if backorder == "create" else "process_cancel_backorder"
    client.call("stock.backorder.confirmation", method, [wid], context=ctx)
