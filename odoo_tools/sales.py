"""Sales tools: quotations, their lines, confirmation, cancellation and order status (reports: sales_reports)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

from pydantic import BaseModel, Field

from odoo_tools import known, nested
from odoo_tools.client import OdooClient
from odoo_tools.client.clock import get_clock
from odoo_tools.client.compat import pick_field
from odoo_tools.errors import OdooValidationError
from odoo_tools.i18n import t
from odoo_tools.registry import Risk, tool
from odoo_tools.resolve import RecordInput, resolve_one
from odoo_tools.results import RecordRef, ToolInput, ToolResult

SALE = ("sale",)
# An order's state and invoice status in words ("a quotation", "fully invoiced"): catalog keys.
STATE_LABELS = {"draft": "sales.state_draft", "sent": "sales.state_sent", "sale": "sales.state_sale",
                "cancel": "sales.state_cancel"}  # fmt: skip
INVOICE_LABELS = {"no": "sales.invoice_no", "to invoice": "sales.invoice_to_invoice",
                  "invoiced": "sales.invoice_invoiced", "upselling": "sales.invoice_upselling"}  # fmt: skip
QUOTATION_STATES = ("draft", "sent")
ORDERS_SEEN = 20  # a customer's newest orders read with a new quotation, among which its other open ones are named
OPEN_QUOTES_SHOWN = 5
SUMMARY_FIELDS = ["name", "partner_id", "date_order", "state", "amount_untaxed", "amount_tax", "amount_total",
                  "currency_id", "invoice_status", "user_id"]  # fmt: skip
ORDER_FIELDS = [*SUMMARY_FIELDS, "locked", "order_line", "invoice_ids"]
ODOO_DATETIME = "%Y-%m-%d %H:%M:%S"


def _state_label(state: str) -> str:
    """What an order's state makes it ("a quotation"), in the current language."""
    return t(STATE_LABELS[state])


def _name(value: Any) -> str | None:
    """The display name of a many2one read as ``[id, name]`` or ``False``."""
    return value[1] if value else None


def _local(value: str | bool) -> datetime | None:
    """Odoo's naive UTC datetime string, in the agent clock's timezone."""
    if not value:
        return None
    return datetime.strptime(str(value), ODOO_DATETIME).replace(tzinfo=UTC).astimezone(get_clock().tz)


def _utc(day: date) -> str:
    """Midnight of ``day`` in the agent clock's timezone, as Odoo's UTC string."""
    return datetime.combine(day, time(), get_clock().tz).astimezone(UTC).strftime(ODOO_DATETIME)


class OrderSummary(BaseModel):
    """A sales order or quotation as listed."""

    id: int
    name: str
    customer: str | None
    date_order: datetime | None = Field(description="In the agent's timezone")
    state: str = Field(description="draft/sent = quotation, sale = confirmed, cancel")
    amount_untaxed: float
    amount_tax: float
    amount_total: float
    currency: str | None
    invoice_status: str | None = Field(description="no, to invoice, invoiced, upselling")
    salesperson: str | None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> OrderSummary:
        return cls(
            id=row["id"], name=row["name"], customer=_name(row["partner_id"]), date_order=_local(row["date_order"]),
            state=row["state"], amount_untaxed=row["amount_untaxed"], amount_tax=row["amount_tax"],
            amount_total=row["amount_total"], currency=_name(row["currency_id"]),
            invoice_status=row["invoice_status"] or None, salesperson=_name(row["user_id"]),
        )  # fmt: skip

    def ref(self) -> RecordRef:
        return RecordRef(model="sale.order", id=self.id, display_name=self.name)


class OrderLineInfo(BaseModel):
    """One product line as Odoo priced it."""

    id: int
    product: str | None
    description: str
    qty: float
    uom: str | None
    unit_price: float
    discount: float = Field(description="Percent")
    subtotal: float = Field(description="Untaxed, after discount")
    taxes: list[str]


class OrderDetail(OrderSummary):
    lines: list[OrderLineInfo]
    notes: list[str] = Field(default_factory=list, description="Note and section lines")


class OrderResult(ToolResult):
    order: OrderDetail
    open_quotes: list[str] | None = Field(
        default=None, description="The customer's other open quotations, newest first (None: not read)"
    )


def _read_order(client: OdooClient, order_id: int) -> dict[str, Any]:
    return client.read("sale.order", [order_id], ORDER_FIELDS)[0]


def _line_fields(client: OdooClient) -> tuple[str, str]:
    """(taxes, unit) field names of an order line: 19 renamed tax_id -> tax_ids and product_uom -> product_uom_id."""
    fields = client.fields_get("sale.order.line")
    return pick_field(fields, ["tax_ids", "tax_id"]), pick_field(fields, ["product_uom_id", "product_uom"])


def _detail_spec(client: OdooClient) -> dict[str, Any]:
    """The nested read of an order with its lines, their products, units and taxes named."""
    tax_f, uom_f = _line_fields(client)
    line_spec = nested.spec(["display_type", "name", "product_id", "product_uom_qty", uom_f, "price_unit", "discount",
                             "price_subtotal", tax_f], named={"product_id", uom_f, tax_f})  # fmt: skip
    return nested.spec([f for f in ORDER_FIELDS if f != "order_line"], named={"partner_id", "currency_id", "user_id"},
                       nested={"order_line": line_spec})  # fmt: skip


def _detail(client: OdooClient, order_id: int) -> OrderDetail:
    """The order, its lines and their tax names, as Odoo computed them: one nested read."""
    return _detail_of(client, client.web_read("sale.order", [order_id], _detail_spec(client))[0])


def _detail_of(client: OdooClient, answer: dict[str, Any]) -> OrderDetail:
    """An ``OrderDetail`` from the nested read of ``_detail_spec``."""
    tax_f, uom_f = _line_fields(client)
    row = nested.as_read(answer)
    lines = [nested.as_read(ln) for ln in row["order_line"]]
    return OrderDetail(
        **OrderSummary.from_row(row).model_dump(),
        lines=[_line_info(ln, uom_f, [t["display_name"] for t in ln[tax_f]]) for ln in lines if not ln["display_type"]],
        notes=[ln["name"] for ln in lines if ln["display_type"]],
    )


def _line_info(ln: dict[str, Any], uom_f: str, taxes: list[str]) -> OrderLineInfo:
    return OrderLineInfo(
        id=ln["id"], product=_name(ln["product_id"]), description=ln["name"], qty=ln["product_uom_qty"],
        uom=_name(ln[uom_f]), unit_price=ln["price_unit"], discount=ln["discount"], subtotal=ln["price_subtotal"],
        taxes=taxes,
    )  # fmt: skip


class LineInput(ToolInput):
    product: RecordInput
    qty: float = Field(gt=0, description="Quantity in the product's sales unit")
    unit_price: float | None = Field(default=None, ge=0, description="Omit to use Odoo's price (pricelist)")
    discount: float | None = Field(default=None, ge=0, le=100, description="Percent")


def _line_commands(client: OdooClient, lines: list[LineInput]) -> list[list[Any]]:
    """``[0, 0, vals]`` create commands; products are resolved among sellable products first."""
    commands: list[list[Any]] = []
    for line in lines:
        product = resolve_one(client, "product.product", line.product, domain=[["sale_ok", "=", True]])
        vals: dict[str, Any] = {"product_id": product.id, "product_uom_qty": line.qty}
        if line.unit_price is not None:
            vals["price_unit"] = line.unit_price  # given on create, Odoo keeps it instead of the pricelist price
        if line.discount is not None:
            vals["discount"] = line.discount
        commands.append([0, 0, vals])
    return commands


def _more_of(client: OdooClient, order_id: int, commands: list[list[Any]]) -> list[list[Any]]:
    """ "add 5 more": a product already on the quotation, with no new price said, gets its line's quantity raised
    at the line's agreed price, rather than a second line at the pricelist's price."""
    rows = client.search_read("sale.order.line", [["order_id", "=", order_id], ["display_type", "=", False]],
                              ["product_id", "product_uom_qty", "price_unit"], order="sequence, id")  # fmt: skip
    existing = {r["product_id"][0]: r for r in rows if r["product_id"]}  # the last line of each product wins
    out: list[list[Any]] = []
    raised: dict[int, list[Any]] = {}  # line id → its update command (two "more" of one product add up)
    for command in commands:
        vals, same = command[2], existing.get(command[2]["product_id"])
        if same is None or "price_unit" in vals or "discount" in vals:
            out.append(command)
        elif same["id"] in raised:
            raised[same["id"]][2]["product_uom_qty"] += vals["product_uom_qty"]
        else:
            raised[same["id"]] = [1, same["id"], {"product_uom_qty": same["product_uom_qty"] + vals["product_uom_qty"],
                                                  "price_unit": same["price_unit"]}]  # fmt: skip
            out.append(raised[same["id"]])
    return out


def _totals(order: OrderDetail) -> str:
    return t("sales.untaxed_total",
             untaxed=order.amount_untaxed, total=order.amount_total, currency=order.currency or "").strip()  # fmt: skip


class QuotationCreate(ToolInput):
    customer: RecordInput
    lines: list[LineInput] = Field(min_length=1, max_length=100)
    note: str | None = Field(default=None, description="A note printed on the quotation below the lines")
    idempotency_key: str | None = None


@tool(domain="sales", risk=Risk.WRITE, modules=SALE)
def quotation_create(client: OdooClient, args: QuotationCreate) -> OrderResult:
    """Create a draft quotation for a customer with product lines; returns Odoo's prices, taxes and totals."""
    customer = resolve_one(client, "res.partner", args.customer)
    commands = _line_commands(client, args.lines)
    if args.note:
        commands.append([0, 0, {"display_type": "line_note", "name": args.note}])
    vals = {"partner_id": customer.id, "order_line": commands}
    spec = _detail_spec(client)
    # The customer's newest orders come with the answer: the preview's "other open quotations" need no search.
    spec["partner_id"] = {"fields": {"display_name": {}, "sale_order_ids": {
        "fields": {"name": {}, "state": {}}, "order": "id desc", "limit": ORDERS_SEEN}}}  # fmt: skip
    answer = client.create_read("sale.order", vals, spec, idempotency_key=args.idempotency_key)
    newest = (answer.get("partner_id") or {}).get("sale_order_ids") or []
    others = [o["name"] for o in newest if o.get("state") in QUOTATION_STATES and o["id"] != answer["id"]]
    order = _detail_of(client, answer)
    return OrderResult(message=t("sales.created_quotation", name=order.name,
                                 customer=order.customer, totals=_totals(order)),
                       created=[order.ref()], order=order, open_quotes=others[:OPEN_QUOTES_SHOWN])  # fmt: skip


def _order(client: OdooClient, phrase: RecordInput) -> dict[str, Any]:
    return _read_order(client, resolve_one(client, "sale.order", phrase).id)


def _quotation(client: OdooClient, phrase: RecordInput, action: str) -> dict[str, Any]:
    """The order ``phrase`` means (its id, name and state), refused unless it is still a quotation.

    Its state as read earlier in this request, before any write, is as good as a new read (``known``).
    """
    order_id = resolve_one(client, "sale.order", phrase).id
    row = known.read(client, "sale.order", [order_id], ["name", "state"])[0]
    if row["state"] not in QUOTATION_STATES:
        raise OdooValidationError(
            t("sales.only_quotation_draft_sent", name=row["name"],
              state=_state_label(row["state"]), action=action)
        )  # fmt: skip
    return row


class QuotationAddLines(ToolInput):
    order: RecordInput = Field(description='Order number ("S00042", "SO42") or id')
    lines: list[LineInput] = Field(min_length=1, max_length=100)


@tool(domain="sales", risk=Risk.WRITE, modules=SALE)
def quotation_add_lines(client: OdooClient, args: QuotationAddLines) -> OrderResult:
    """Add product lines to a quotation (draft or sent, never a confirmed or cancelled order).

    A product already on it, with no new price or discount, gets that line's quantity raised at the line's price.
    """
    row = _quotation(client, args.order, t("sales.get_new_lines"))
    commands = _more_of(client, row["id"], _line_commands(client, args.lines))
    client.write("sale.order", [row["id"]], {"order_line": commands})
    order = _detail(client, row["id"])
    added, raised = sum(c[0] == 0 for c in commands), sum(c[0] == 1 for c in commands)
    what = t("sales.line_s_added", n=added) if added else ""
    if raised:
        what += (", " if what else "") + t("sales.quantity_ies_raised", n=raised)
    return OrderResult(message=t("sales.order_summary", name=order.name,
                                 what=what, totals=_totals(order)),
                       changed=[order.ref()], order=order)  # fmt: skip


class QuotationSetQuantity(ToolInput):
    order: RecordInput = Field(description='Order number ("S00042", "SO42") or id')
    product: RecordInput | None = Field(default=None, description="Which line's product; None = the last line")
    qty: float = Field(gt=0)


@tool(domain="sales", risk=Risk.WRITE, modules=SALE)
def quotation_set_quantity(client: OdooClient, args: QuotationSetQuantity) -> OrderResult:
    """Change the quantity of a quotation line ("actually make it 9"); the last line unless a product is named."""
    row = _quotation(client, args.order, t("sales.changed"))
    lines = client.search_read("sale.order.line", [["order_id", "=", row["id"]], ["display_type", "=", False]],
                               ["product_id", "price_unit"], order="sequence desc, id desc")  # fmt: skip
    if args.product is not None:
        product = resolve_one(client, "product.product", args.product).id
        lines = [ln for ln in lines if ln["product_id"] and ln["product_id"][0] == product]
    if not lines:
        raise OdooValidationError(
            t("sales.has_such_line_change",
              name=row["name"])
        )  # fmt: skip
    # The agreed unit price stays: Odoo would otherwise reprice the line from the pricelist.
    change = {"product_uom_qty": args.qty, "price_unit": lines[0]["price_unit"]}
    client.write("sale.order", [row["id"]], {"order_line": [[1, lines[0]["id"], change]]})
    order = _detail(client, row["id"])
    return OrderResult(message=t("sales.set",
                                 product=lines[0]["product_id"][1], qty=args.qty, name=order.name,
                                 totals=_totals(order)),
                       changed=[order.ref()], order=order)  # fmt: skip


class PickingInfo(BaseModel):
    id: int
    name: str
    state: str = Field(description="draft, waiting, confirmed, assigned (ready), done, cancel")
    scheduled_date: datetime | None
    date_done: datetime | None


class InvoiceInfo(BaseModel):
    id: int
    name: str
    move_type: str = Field(description="out_invoice or out_refund (credit note)")
    state: str = Field(description="draft, posted, cancel")
    payment_state: str | None
    amount_total: float
    amount_residual: float = Field(description="Still to be paid")


class OrderStatusResult(ToolResult):
    order: OrderSummary
    locked: bool
    delivery_status: str | None = Field(description="pending, started, partial, full (None without Inventory)")
    delivery_pending: bool = Field(description="Some delivery is neither done nor cancelled")
    deliveries: list[PickingInfo]
    invoice_pending: bool = Field(description="Confirmed but not fully invoiced yet (maybe only after delivery)")
    invoices: list[InvoiceInfo]


PICKING_FIELDS = ["name", "state", "scheduled_date", "date_done"]
INVOICE_FIELDS = ["name", "move_type", "state", "payment_state", "amount_total", "amount_residual"]


def _picking_infos(rows: list[dict[str, Any]]) -> list[PickingInfo]:
    return [PickingInfo(id=p["id"], name=p["name"], state=p["state"], scheduled_date=_local(p["scheduled_date"]),
                        date_done=_local(p["date_done"])) for p in rows]  # fmt: skip


def _invoice_infos(rows: list[dict[str, Any]]) -> list[InvoiceInfo]:
    return [InvoiceInfo(**{**r, "payment_state": r["payment_state"] or None}) for r in rows]


def _invoices(client: OdooClient, ids: list[int]) -> list[InvoiceInfo]:
    return _invoice_infos(client.read("account.move", ids, INVOICE_FIELDS) if ids else [])


def _status(client: OdooClient, order_id: int, message: str = "") -> OrderStatusResult:
    """The order with its deliveries and invoices: one nested read."""
    # Deliveries exist only with Inventory (sale_stock).
    stock = client.has_field("sale.order", "picking_ids")
    plain = [f for f in ORDER_FIELDS if f != "invoice_ids"] + (["delivery_status"] if stock else [])
    inner = {"invoice_ids": nested.spec(INVOICE_FIELDS)}
    if stock:
        inner["picking_ids"] = nested.spec(PICKING_FIELDS)
    row = nested.as_read(client.web_read("sale.order", [order_id], nested.spec(
        plain, named={"partner_id", "currency_id", "user_id"}, nested=inner))[0])  # fmt: skip
    order = OrderSummary.from_row(row)
    # read after any write of the tool: the next step of the request (invoicing it) needs no second read
    known.remember_facts(
        client,
        "sale.order",
        {
            "id": order_id,
            "name": row["name"],
            "state": row["state"],
            "invoice_status": row["invoice_status"],
            "invoice_ids": [i["id"] for i in row["invoice_ids"]],
        },
    )
    pickings = _picking_infos(row["picking_ids"]) if stock else []
    open_pickings = [p.name for p in pickings if p.state not in ("done", "cancel")]
    invoice_pending = order.state == "sale" and order.invoice_status != "invoiced"
    if not message:
        message = t("sales.order_is_state", name=order.name, state=_state_label(order.state))
    deliveries = (
        t("sales.delivery_pending", pickings=", ".join(open_pickings))
        if open_pickings
        else t("sales.no_delivery_pending")
    )
    status = INVOICE_LABELS.get(order.invoice_status or "")
    invoicing = t(status) if status else t("sales.invoice_status")
    return OrderStatusResult(
        message=t("sales.order_status", message=message,
                  deliveries=deliveries, invoicing=invoicing),
        found=[order.ref()], order=order, locked=row["locked"],
        delivery_status=row.get("delivery_status") or None, delivery_pending=bool(open_pickings), deliveries=pickings,
        invoice_pending=invoice_pending, invoices=_invoice_infos(row["invoice_ids"]),
    )  # fmt: skip


class OrderInput(ToolInput):
    order: RecordInput = Field(description='Order number ("S00042", "SO42") or id')


@tool(domain="sales", risk=Risk.READ, modules=SALE)
def order_status(client: OdooClient, args: OrderInput) -> OrderStatusResult:
    """Show one order's state, lock, deliveries and invoices (with what is still due)."""
    return _status(client, resolve_one(client, "sale.order", args.order).id)


@tool(domain="sales", risk=Risk.FINANCIAL, modules=SALE)
def order_confirm(client: OdooClient, args: OrderInput) -> OrderStatusResult:
    """Confirm a quotation into a sales order; says whether delivery and invoicing are pending."""
    row = _quotation(client, args.order, t("sales.confirmed"))
    client.call("sale.order", "action_confirm", [row["id"]])
    result = _status(client, row["id"], t("sales.order_confirmed", name=row["name"]))
    return result.model_copy(update={"found": [], "changed": result.found})


@tool(domain="sales", risk=Risk.DESTRUCTIVE, modules=SALE)
def order_cancel(client: OdooClient, args: OrderInput) -> OrderStatusResult:
    """Cancel a quotation or sales order (its open deliveries and draft invoices too); refused once invoiced."""
    row = _order(client, args.order)
    if row["state"] == "cancel":
        raise OdooValidationError(t("sales.already_cancelled", name=row["name"]))
    posted = [i.name for i in _invoices(client, row["invoice_ids"])
              if i.state == "posted" and i.move_type == "out_invoice" and i.payment_state != "reversed"]  # fmt: skip
    if posted:
        raise OdooValidationError(
            t("sales.has_posted_invoice_s",
              name=row["name"], invoices=", ".join(posted))
        )  # fmt: skip
    # 17/18 answer with a confirmation wizard for non-draft orders unless told not to; 19 ignores the key.
    client.call("sale.order", "action_cancel", [row["id"]], context={"disable_cancel_warning": True})
    result = _status(client, row["id"], t("sales.cancelled", name=row["name"]))
    return result.model_copy(update={"found": [], "changed": result.found})
