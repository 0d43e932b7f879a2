"""Purchase: RFQs for a vendor, confirming them, receiving the goods, pending and late orders, vendor history.

Receiving reuses the inventory tool's validation (``transfers.picking_validate``): the same
reservation, backorder question and errors as a delivery.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from odoo_tools import nested
from odoo_tools.client import OdooClient
from odoo_tools.client.clock import get_clock
from odoo_tools.errors import OdooValidationError
from odoo_tools.i18n import t
from odoo_tools.registry import Risk, tool
from odoo_tools.resolve import RecordInput, resolve_one
from odoo_tools.results import RecordRef, ToolInput, ToolResult
from odoo_tools.transfers import PickingValidate, PickingValidated, picking_validate

__all__ = ["PurchaseOrder", "PurchaseResult", "VendorHistory"]

PURCHASE = ("purchase",)
RFQ_STATES = ("draft", "sent", "to approve")
PO_FIELDS = ["name", "partner_id", "state", "amount_untaxed", "amount_total", "currency_id", "date_order",
             "date_planned", "receipt_status", "picking_ids", "order_line"]  # fmt: skip


class PurchaseOrderLine(BaseModel):
    """A line as Odoo priced it (the approval preview shows these, like a quotation's)."""

    product: str | None
    description: str
    qty: float
    unit_price: float
    subtotal: float


class PurchaseOrder(BaseModel):
    id: int
    name: str
    vendor: str
    state: str = Field(description="draft/sent (RFQ), to approve, purchase (confirmed), cancel")
    amount_untaxed: float
    amount_total: float
    currency: str | None
    date_order: datetime | None
    date_planned: datetime | None = Field(description="Expected arrival")
    receipt_status: str | None = Field(description="pending, partial, full (False before confirmation)")
    lines: list[PurchaseOrderLine] = Field(default_factory=list)

    def ref(self) -> RecordRef:
        return RecordRef(model="purchase.order", id=self.id, display_name=self.name)

    @classmethod
    def of(cls, row: dict[str, Any]) -> PurchaseOrder:
        return cls(id=row["id"], name=row["name"], vendor=row["partner_id"][1], state=row["state"],
                   amount_untaxed=row["amount_untaxed"], amount_total=row["amount_total"],
                   currency=row["currency_id"][1] if row["currency_id"] else None,
                   date_order=row["date_order"] or None, date_planned=row["date_planned"] or None,
                   receipt_status=row.get("receipt_status") or None)  # fmt: skip


class PurchaseResult(ToolResult):
    order: PurchaseOrder


# The same names on 17, 18 and 19 (taxes are left out: their names would cost one more read per order).
_LINE_FIELDS = ["product_id", "name", "product_qty", "price_unit", "price_subtotal", "display_type"]


# The order with its lines in one nested read (a person approving a purchase sees what is bought).
PO_SPEC = nested.spec(
    [f for f in PO_FIELDS if f != "order_line"],
    named={"partner_id", "currency_id"},
    nested={"order_line": nested.spec(_LINE_FIELDS, named={"product_id"})},
)


def _read(client: OdooClient, order_id: int) -> PurchaseOrder:
    """The order and its lines, read in one call."""
    return _order_of(client.web_read("purchase.order", [order_id], PO_SPEC)[0])


def _order_of(answer: dict[str, Any]) -> PurchaseOrder:
    row = nested.as_read(answer)
    order = PurchaseOrder.of(row)
    rows = [nested.as_read(r) for r in row["order_line"]]
    order.lines = [PurchaseOrderLine(product=r["product_id"][1] if r["product_id"] else None, description=r["name"],
                                     qty=r["product_qty"], unit_price=r["price_unit"], subtotal=r["price_subtotal"])
                   for r in rows if not r.get("display_type")]  # fmt: skip
    return order


def _total(order: PurchaseOrder) -> str:
    return f"{order.amount_total:,.2f} {order.currency or ''}".strip()


class PurchaseLine(ToolInput):
    product: RecordInput
    qty: float = Field(gt=0)
    unit_price: float | None = Field(default=None, ge=0, description="None: the vendor's price list or the cost")


class RfqCreate(ToolInput):
    vendor: RecordInput
    lines: list[PurchaseLine] = Field(min_length=1, max_length=100)
    idempotency_key: str | None = None


@tool(domain="purchase", risk=Risk.WRITE, modules=PURCHASE)
def rfq_create(client: OdooClient, args: RfqCreate) -> PurchaseResult:
    """Create a request for quotation (draft purchase order) for a vendor; Odoo prices lines from the vendor list."""
    vendor = resolve_one(client, "res.partner", args.vendor)
    commands = []
    for line in args.lines:
        product = resolve_one(client, "product.product", line.product, domain=[["purchase_ok", "=", True]])
        vals: dict[str, Any] = {"product_id": product.id, "product_qty": line.qty}
        if line.unit_price is not None:
            vals["price_unit"] = line.unit_price
        commands.append([0, 0, vals])
    order = _order_of(client.create_read("purchase.order", {"partner_id": vendor.id, "order_line": commands},
                                         PO_SPEC, idempotency_key=args.idempotency_key))  # fmt: skip
    return PurchaseResult(message=t("purchase.created_rfq", name=order.name,
                                    vendor=order.vendor, total=_total(order)),
                          created=[order.ref()], order=order)  # fmt: skip


class PurchaseInput(ToolInput):
    order: RecordInput = Field(description='Purchase order: "P00007", "PO7" or an id')


def _order(client: OdooClient, phrase: RecordInput) -> PurchaseOrder:
    return _read(client, resolve_one(client, "purchase.order", phrase).id)


@tool(domain="purchase", risk=Risk.FINANCIAL, modules=PURCHASE)
def purchase_confirm(client: OdooClient, args: PurchaseInput) -> PurchaseResult:
    """Confirm an RFQ into a purchase order (Odoo may put it to approval above the double-validation amount)."""
    order = _order(client, args.order)
    if order.state not in RFQ_STATES[:2]:
        raise OdooValidationError(t("purchase.only_rfq_draft_sent",
                                    name=order.name, state=order.state))  # fmt: skip
    client.call("purchase.order", "button_confirm", [order.id])
    done = _read(client, order.id)
    waiting = ""
    if done.state == "to approve":
        waiting = t("purchase.waiting_manager_s_approval")
    return PurchaseResult(message=t("purchase.confirmed_receipt",
                                    name=done.name, waiting=waiting, total=_total(done),
                                    receipt=done.receipt_status or "–"),
                          changed=[done.ref()], order=done)  # fmt: skip


class PurchaseReceive(PurchaseInput):
    backorder: Literal["ask", "create", "cancel"] = Field(
        default="ask", description="When less than ordered arrived: keep the rest as a backorder, or cancel it"
    )


@tool(domain="purchase", risk=Risk.WRITE, modules=(*PURCHASE, "stock"))
def purchase_receive(client: OdooClient, args: PurchaseReceive) -> PickingValidated:
    """Receive a confirmed purchase order's goods: validate its open receipt."""
    order = _order(client, args.order)
    if order.state != "purchase":
        raise OdooValidationError(t("purchase.confirm_before_receiving_goods", name=order.name,
                                    state=order.state))  # fmt: skip
    open_receipts = client.search("stock.picking", [["purchase_id", "=", order.id],
                                                    ["state", "not in", ["done", "cancel"]]], order="id")  # fmt: skip
    if not open_receipts:
        raise OdooValidationError(t("purchase.has_nothing_left_receive",
                                    name=order.name))  # fmt: skip
    return picking_validate(client, PickingValidate(picking=open_receipts[0], backorder=args.backorder))


class PurchasesList(ToolInput):
    state: Literal["rfq", "pending", "purchase", "late", "cancel"] | None = Field(
        default=None, description="rfq = not confirmed; pending = RFQs and orders not fully received; "
                                  "late = confirmed, not fully received, expected date passed",
    )  # fmt: skip
    vendor: RecordInput | None = None
    limit: int = Field(default=20, ge=1, le=200)
    offset: int = Field(default=0, ge=0)


class PurchasesResult(ToolResult):
    orders: list[PurchaseOrder]


def _state_domain(state: str | None) -> list[Any]:
    not_received = [["state", "=", "purchase"], ["receipt_status", "!=", "full"]]
    now = get_clock().now().astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")  # Odoo compares UTC datetimes
    domains: dict[str | None, list[Any]] = {
        None: [],
        "rfq": [["state", "in", list(RFQ_STATES)]],
        "purchase": [["state", "=", "purchase"]],
        "cancel": [["state", "=", "cancel"]],
        "late": [*not_received, ["date_planned", "<", now]],
        "pending": ["|", ["state", "in", list(RFQ_STATES)], "&", *not_received],
    }
    return domains[state]


@tool(domain="purchase", risk=Risk.READ, modules=PURCHASE)
def purchases_list(client: OdooClient, args: PurchasesList) -> PurchasesResult:
    """Purchase orders by state (pending, late …) and vendor, expected arrival first."""
    domain = _state_domain(args.state)
    if args.vendor is not None:
        domain = [*domain, ["partner_id", "child_of", resolve_one(client, "res.partner", args.vendor).id]]
    rows = client.search_read("purchase.order", domain, PO_FIELDS, limit=args.limit, offset=args.offset,
                              order="date_planned, id")  # fmt: skip
    orders = [PurchaseOrder.of(r) for r in rows]
    shown = "; ".join(f"{o.name} {o.vendor} {_total(o)} ({o.state}, {o.date_planned:%Y-%m-%d})" if o.date_planned
                      else f"{o.name} {o.vendor} {_total(o)} ({o.state})" for o in orders)  # fmt: skip
    return PurchasesResult(message=t("purchase.purchase_order_s",
                                     n=len(orders), shown=shown or "–"),
                           found=[o.ref() for o in orders], orders=orders)  # fmt: skip


class VendorInput(ToolInput):
    vendor: RecordInput


class VendorHistory(ToolResult):
    vendor: RecordRef
    orders: int = Field(description="Confirmed purchase orders")
    amount_total: float = Field(description="Their total, taxes included, in company currency")
    received: int = Field(description="Receipts done")
    on_time: int = Field(description="Receipts done by the order's expected date")
    on_time_rate: float | None = Field(description="on_time / received; None before any receipt")
    recent: list[PurchaseOrder]


@tool(domain="purchase", risk=Risk.READ, modules=(*PURCHASE, "stock"))
def vendor_history(client: OdooClient, args: VendorInput) -> VendorHistory:
    """A vendor's confirmed orders, total amount and on-time delivery rate (receipts done by the expected date)."""
    vendor = resolve_one(client, "res.partner", args.vendor)
    domain = [["partner_id", "child_of", vendor.id], ["state", "=", "purchase"]]
    totals = client.read_group("purchase.order", domain, [], ["amount_total:sum"])
    recent = [PurchaseOrder.of(r) for r in client.search_read("purchase.order", domain, PO_FIELDS, limit=5,
                                                               order="date_order desc, id desc")]  # fmt: skip
    receipts = client.search_read("stock.picking", [["purchase_id.partner_id", "child_of", vendor.id],
                                                    ["state", "=", "done"]],
                                  ["date_done", "purchase_id"], order="id")  # fmt: skip
    planned = (
        {
            r["id"]: r["date_planned"]
            for r in client.read("purchase.order", sorted({p["purchase_id"][0] for p in receipts}), ["date_planned"])
        }
        if receipts
        else {}
    )
    # Late means received after the expected day (dates are UTC strings "YYYY-MM-DD HH:MM:SS": the day compares).
    on_time = sum(1 for p in receipts if p["date_done"][:10] <= (planned.get(p["purchase_id"][0]) or "9999")[:10])
    rate = on_time / len(receipts) if receipts else None
    count = totals[0]["__count"] if totals else 0
    amount = (totals[0]["amount_total:sum"] or 0.0) if totals else 0.0
    shown_rate = f"{rate:.0%}" if rate is not None else t("purchase.receipt_yet")
    return VendorHistory(
        message=t("purchase.confirmed_purchase_order_s",
                  vendor=vendor.display_name, n=count, amount=amount, rate=shown_rate, on_time=on_time,
                  received=len(receipts)),
        found=[vendor], vendor=vendor, orders=count, amount_total=amount, received=len(receipts), on_time=on_time,
        on_time_rate=rate, recent=recent,
    )  # fmt: skip
