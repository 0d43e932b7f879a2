"""Invoicing tools: invoice an order, create and post invoices, unpaid list, payments, reminders, the PDF.

It stays one module (over 500 lines): the tools share the invoice summary (``InvoiceResult``), the
amount-due and currency reading and the reminder's wording of an invoice; they are one domain,
``account.move`` of type ``out_invoice``, as the seed connector's InvoiceOps was.
"""

from __future__ import annotations

import base64
import html
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, model_validator

from odoo_tools import known, nested
from odoo_tools.client import OdooClient
from odoo_tools.client.clock import get_clock
from odoo_tools.errors import OdooValidationError
from odoo_tools.i18n import language_of, say, t
from odoo_tools.registry import Risk, tool
from odoo_tools.resolve import RecordInput, resolve_one
from odoo_tools.results import RecordRef, ToolInput, ToolResult

MOVE_FIELDS = ["name", "display_name", "move_type", "partner_id", "state", "payment_state", "invoice_date",
               "invoice_date_due", "amount_total", "amount_residual", "currency_id", "invoice_origin"]  # fmt: skip
CUSTOMER_DOCS = [["move_type", "in", ["out_invoice", "out_refund"]]]
# "in_payment" counts as settled: it only waits for the bank reconciliation (notes §4.7).
UNPAID = ("not_paid", "partial")
# An invoice's state and payment state in words ("a draft", "in payment"): catalog keys.
STATE_WORDS = {"draft": "invoicing.state_draft", "posted": "invoicing.state_posted", "cancel": "invoicing.state_cancel"}
PAYMENT_WORDS = {
    "not_paid": "invoicing.payment_not_paid", "partial": "invoicing.payment_partial",
    "in_payment": "invoicing.payment_in_payment", "paid": "invoicing.payment_paid",
    "reversed": "invoicing.payment_reversed", "blocked": "invoicing.payment_blocked",
    "invoicing_legacy": "invoicing.payment_invoicing_legacy",
}  # fmt: skip


def _state_words(state: str) -> str:
    """What an invoice's state makes it ("a draft"), in the current language."""
    return t(STATE_WORDS[state])


def _payment_words(payment_state: str) -> str:
    """An invoice's payment state in words ("in payment"), in the current language."""
    key = PAYMENT_WORDS.get(payment_state)
    return t(key) if key else payment_state.replace("_", " ")


class InvoiceInfo(BaseModel):
    """A customer invoice as the agent shows it; amounts are in the invoice's currency."""

    id: int
    number: str | None = Field(description="INV/2026/00001; None while the invoice is a draft")
    display_name: str
    move_type: str = Field(description="out_invoice (invoice) or out_refund (credit note)")
    customer: str | None = None
    customer_id: int | None = None
    state: str = Field(description="draft, posted or cancel")
    payment_state: str = Field(description="not_paid, partial, in_payment, paid, reversed ...")
    invoice_date: date | None = None
    due_date: date | None = None
    amount_total: float
    amount_residual: float = Field(description="Still due")
    currency: str
    origin: str | None = Field(default=None, description="Source document, e.g. the sales order")
    days_overdue: int = Field(default=0, description="Days past the due date while unpaid (agent clock)")

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> InvoiceInfo:
        due = date.fromisoformat(row["invoice_date_due"]) if row["invoice_date_due"] else None
        unpaid = row["state"] == "posted" and row["payment_state"] in UNPAID
        late = (get_clock().today() - due).days if due and unpaid else 0
        return cls(
            id=row["id"], number=row["name"] if row["name"] not in (False, "/") else None,
            display_name=row["display_name"], move_type=row["move_type"], state=row["state"],
            customer=row["partner_id"][1] if row["partner_id"] else None,
            customer_id=row["partner_id"][0] if row["partner_id"] else None,
            payment_state=row["payment_state"], invoice_date=row["invoice_date"] or None, due_date=due,
            amount_total=row["amount_total"], amount_residual=row["amount_residual"], currency=row["currency_id"][1],
            origin=row["invoice_origin"] or None, days_overdue=max(late, 0),
        )  # fmt: skip

    def ref(self) -> RecordRef:
        return RecordRef(model="account.move", id=self.id, display_name=self.display_name)

    def money(self, amount: float) -> str:
        return f"{amount:,.2f} {self.currency}"


class InvoiceResult(ToolResult):
    invoice: InvoiceInfo | None = Field(
        description="The invoice as Odoo computed it; None when the plan's next step (posting it) reads it"
    )


class InvoiceInput(ToolInput):
    invoice: RecordInput = Field(description="Invoice number (INV/2026/00001) or id; a draft has no number: use its id")


def _read_invoice(client: OdooClient, move_id: int) -> InvoiceInfo:
    """The invoice as read earlier in this request with no write since (``known``), else read now."""
    row = known.read(client, "account.move", [move_id], MOVE_FIELDS)[0]
    known.remember_facts(client, "account.move", row)
    return InvoiceInfo.from_row(row)


def _invoice(client: OdooClient, phrase: RecordInput) -> InvoiceInfo:
    return _read_invoice(client, resolve_one(client, "account.move", phrase, domain=CUSTOMER_DOCS).id)


def _require_unpaid(info: InvoiceInfo, action: str) -> None:
    if info.state != "posted":
        raise OdooValidationError(
            t("invoicing.only_posted_invoice", name=info.display_name,
              state=_state_words(info.state), action=action)
        )  # fmt: skip
    if info.payment_state not in UNPAID:
        raise OdooValidationError(
            t("invoicing.nothing_due", name=info.display_name,
              state=_payment_words(info.payment_state))
        )  # fmt: skip


def _create_wizard(client: OdooClient, model: str, vals: dict[str, Any], context: dict[str, Any]) -> int:
    # client.create takes no context, and these wizards read active_model/active_ids when created (notes §7.7).
    result = client.call(model, "create", vals_list=[vals], context=context)
    return int(result) if isinstance(result, int) else int(result[0])


class OrderInvoice(ToolInput):
    order: RecordInput = Field(description="The confirmed sales order, e.g. 'S00042', 'SO42' or its id")


def _check_invoiceable(order: RecordRef, row: dict[str, Any]) -> None:
    if row["state"] != "sale":
        what = (t("invoicing.cancelled") if row["state"] == "cancel"
                else t("invoicing.quotation_confirmed_order"))  # fmt: skip
        raise OdooValidationError(
            t("invoicing.only_confirmed_orders_can",
              order=order.display_name, what=what)
        )  # fmt: skip
    if row["invoice_status"] != "to invoice":
        if row["invoice_status"] == "invoiced":
            why = t("invoicing.already_fully_invoiced",
                    order=order.display_name)  # fmt: skip
        else:
            why = t("invoicing.has_nothing_invoice_yet", order=order.display_name)  # fmt: skip
        raise OdooValidationError(why)


@tool(domain="invoicing", risk=Risk.FINANCIAL, modules=("sale", "account"))
def invoice_from_order(client: OdooClient, args: OrderInvoice) -> InvoiceResult:
    """Create the draft invoice of a confirmed sales order (everything on it that can be invoiced now).

    Uses the "Create Invoice" wizard (sale.advance.payment.inv); post the draft with invoice_post.
    """
    order = resolve_one(client, "sale.order", args.order)
    state = ["state", "invoice_status", "invoice_ids"]
    row = known.read(client, "sale.order", [order.id], state)[0]
    _check_invoiceable(order, row)
    ctx = {"active_model": "sale.order", "active_ids": [order.id]}
    vals = {"advance_payment_method": "delivered", "sale_order_ids": [[6, 0, [order.id]]]}
    wizard = _create_wizard(client, "sale.advance.payment.inv", vals, ctx)
    # On XML-RPC this faults with the None trap (the client returns None): the order's invoice_ids say what was made.
    action = client.call("sale.advance.payment.inv", "create_invoices", [wizard], context=ctx)
    made = _invoices_in(action)
    if made and known.read_later():  # posting them next reads them: the person sees the posted invoice
        return _drafts_made(client, order, made)
    # The order's invoices, read with their fields in one call: the new ones are those it had not before.
    spec = nested.spec([], nested={"invoice_ids": nested.spec(MOVE_FIELDS, named={"partner_id", "currency_id"})})
    after = [nested.as_read(r) for r in client.web_read("sale.order", [order.id], spec)[0]["invoice_ids"]]
    rows = [r for r in after if r["id"] not in set(row["invoice_ids"])]
    if not rows:
        raise OdooValidationError(
            t("invoicing.odoo_created_invoice",
              order=order.display_name)
        )  # fmt: skip
    for r in rows:
        known.remember_facts(client, "account.move", r)
    invoices = [InvoiceInfo.from_row(r) for r in sorted(rows, key=lambda r: r["id"])]
    info = invoices[0]
    return InvoiceResult(
        message=t("invoicing.created_draft_post_send",
                  invoice=info.display_name, order=order.display_name, amount=info.money(info.amount_total)),
        found=[order], created=[i.ref() for i in invoices], invoice=info,
    )  # fmt: skip


def _invoices_in(action: Any) -> list[int]:
    """The invoices the wizard made, as its answer (the invoices' window action) names them: one by ``res_id``,
    several by an ``id in`` domain; none when it says neither (XML-RPC's None, another Odoo's answer)."""
    if not isinstance(action, dict) or action.get("res_model") != "account.move":
        return []
    if isinstance(action.get("res_id"), int) and action["res_id"]:
        return [action["res_id"]]
    domain = action.get("domain")
    if isinstance(domain, list) and len(domain) == 1 and list(domain[0])[:2] == ["id", "in"]:
        return sorted(int(i) for i in domain[0][2])
    return []


def _drafts_made(client: OdooClient, order: RecordRef, ids: list[int]) -> InvoiceResult:
    """The drafts the wizard made, unread: the next step posts and reads them (the wizard makes drafts only)."""
    for move_id in ids:
        known.remember_facts(client, "account.move", {"id": move_id, "state": "draft"})
    name = t("invoicing.draft_of", order=order.display_name)
    refs = [RecordRef(model="account.move", id=i, display_name=name) for i in ids]
    return InvoiceResult(message=t("invoicing.created_draft_posting_next", order=order.display_name),
                         found=[order], created=refs, invoice=None)  # fmt: skip


class InvoiceLine(ToolInput):
    product: RecordInput | None = Field(default=None, description="Product name, code or id")
    label: str | None = Field(default=None, max_length=500, description="Text; needed without a product (no tax then)")
    quantity: float = Field(default=1, gt=0)
    price_unit: float | None = Field(default=None, ge=0, description="Unit price; the product's price when omitted")

    @model_validator(mode="after")
    def _product_or_label(self) -> InvoiceLine:
        if self.product is None and not (self.label and self.price_unit is not None):
            raise ValueError(
                t("invoicing.line_needs_product_label")
            )  # fmt: skip
        return self


class InvoiceCreate(ToolInput):
    customer: RecordInput
    lines: list[InvoiceLine] = Field(min_length=1, max_length=100)
    invoice_date: date | None = Field(default=None, description="Defaults to the day it is posted")
    due_date: date | None = Field(default=None, description="Replaces the customer's payment terms")
    idempotency_key: str | None = Field(
        default=None, description="Same key, same invoice: kept as an external id only (account.move has no field "
        "that stays off printed invoices)",
    )  # fmt: skip

    @model_validator(mode="after")
    def _due_after_date(self) -> InvoiceCreate:
        if self.due_date and self.invoice_date and self.due_date < self.invoice_date:
            raise ValueError(t("invoicing.due_date_before_invoice"))
        return self


def _line_vals(client: OdooClient, line: InvoiceLine) -> dict[str, Any]:
    product = resolve_one(client, "product.product", line.product).id if line.product is not None else None
    vals = {"product_id": product, "name": line.label or None, "quantity": line.quantity, "price_unit": line.price_unit}
    return {k: v for k, v in vals.items() if v is not None}  # omitted: Odoo takes the product's name and price


@tool(domain="invoicing", risk=Risk.FINANCIAL, modules=("account",))
def invoice_create(client: OdooClient, args: InvoiceCreate) -> InvoiceResult:
    """Create a draft customer invoice with product or free-text lines (taxes come from the products)."""
    customer = resolve_one(client, "res.partner", args.customer)
    vals: dict[str, Any] = {
        "move_type": "out_invoice", "partner_id": customer.id,
        "invoice_line_ids": [[0, 0, _line_vals(client, line)] for line in args.lines],
    }  # fmt: skip
    if args.invoice_date:
        vals["invoice_date"] = args.invoice_date.isoformat()
    if args.due_date:
        # A payment term would recompute the due date: drop it so the given date stays.
        vals.update(invoice_date_due=args.due_date.isoformat(), invoice_payment_term_id=False)
    move_id = client.create("account.move", vals, idempotency_key=args.idempotency_key)
    if known.read_later():  # posting it next reads it: the person sees the posted invoice
        known.remember_facts(client, "account.move", {"id": move_id, "state": "draft"})
        name = t("invoicing.draft_for", customer=customer.display_name)
        ref = RecordRef(model="account.move", id=move_id, display_name=name)
        return InvoiceResult(message=t("invoicing.draft_for_posting_next", customer=customer.display_name),
                             created=[ref], invoice=None)  # fmt: skip
    info = _read_invoice(client, move_id)
    return InvoiceResult(
        message=t("invoicing.draft_invoice_post_invoice",
                  customer=customer.display_name, amount=info.money(info.amount_total), id=info.id),
        created=[info.ref()], invoice=info,
    )  # fmt: skip


@tool(domain="invoicing", risk=Risk.FINANCIAL, modules=("account",))
def invoice_post(client: OdooClient, args: InvoiceInput) -> InvoiceResult:
    """Post (validate) a draft customer invoice: it gets its number and becomes due."""
    move_id = resolve_one(client, "account.move", args.invoice, domain=CUSTOMER_DOCS).id
    # Its state as read (or made: the step before created the draft) earlier in this request is enough.
    kept = known.facts(client, "account.move", [move_id], ["state"])
    state = kept[0]["state"] if kept else _read_invoice(client, move_id).state
    if state != "draft":
        before = _read_invoice(client, move_id)
        raise OdooValidationError(
            t("invoicing.only_draft_can_posted", name=before.display_name,
              state=_state_words(before.state))
        )  # fmt: skip
    client.call("account.move", "action_post", [move_id])
    info = _read_invoice(client, move_id)
    return InvoiceResult(
        message=t("invoicing.posted_due",
                  name=info.display_name, amount=info.money(info.amount_total), due=info.due_date),
        changed=[info.ref()], invoice=info,
    )  # fmt: skip


class UnpaidSearch(ToolInput):
    customer: RecordInput | None = Field(default=None, description="Only this customer (and its contacts)")
    overdue_only: bool = Field(default=False, description="Only invoices past their due date")
    limit: int = Field(default=50, ge=1, le=200)
    offset: int = Field(default=0, ge=0, description="Skip this many (the next page starts at offset + limit)")


class CurrencyTotal(BaseModel):
    currency: str
    count: int
    amount_total: float
    amount_due: float


class UnpaidList(ToolResult):
    invoices: list[InvoiceInfo]
    count: int = Field(description="All matching invoices (may exceed the list)")
    totals: list[CurrencyTotal] = Field(description="Per currency, over all matching invoices")


@tool(domain="invoicing", risk=Risk.READ, modules=("account",))
def invoices_unpaid(client: OdooClient, args: UnpaidSearch) -> UnpaidList:
    """List posted customer invoices not (fully) paid, oldest due first, optionally only overdue or one customer."""
    domain: list[Any] = [["move_type", "=", "out_invoice"], ["state", "=", "posted"],
                         ["payment_state", "in", list(UNPAID)]]  # fmt: skip
    if args.overdue_only:
        domain.append(["invoice_date_due", "<", get_clock().today().isoformat()])
    if args.customer is not None:
        domain.append(["partner_id", "child_of", resolve_one(client, "res.partner", args.customer).id])
    rows = client.search_read(
        "account.move", domain, MOVE_FIELDS, limit=args.limit, offset=args.offset, order="invoice_date_due, id"
    )
    invoices = [InvoiceInfo.from_row(r) for r in rows]
    groups = client.read_group("account.move", domain, ["currency_id"], ["amount_total:sum", "amount_residual:sum"])
    totals = [
        CurrencyTotal(currency=g["currency_id"][1], count=g["__count"], amount_total=g["amount_total:sum"] or 0.0,
                      amount_due=g["amount_residual:sum"] or 0.0)
        for g in groups if g["__count"]
    ]  # fmt: skip
    count = sum(c.count for c in totals)
    due = ", ".join(f"{c.amount_due:,.2f} {c.currency}" for c in totals)
    more = t("invoicing.showing", n=len(invoices)) if count > len(invoices) else ""
    listed_key, none_key = (("invoicing.overdue_invoices_due", "invoicing.no_overdue_invoice") if args.overdue_only
                            else ("invoicing.unpaid_invoices_due", "invoicing.no_unpaid_invoice"))  # fmt: skip
    return UnpaidList(
        message=t(listed_key, count=count, more=more, due=due) if count else t(none_key),
        found=[i.ref() for i in invoices], invoices=invoices, count=count, totals=totals,
    )  # fmt: skip


class PaymentRegister(InvoiceInput):
    amount: float | None = Field(default=None, gt=0, description="Omit to pay everything still due")
    payment_date: date | None = Field(default=None, description="Defaults to today (Odoo's date)")
    journal: str | None = Field(default=None, description="Bank or cash journal name; Odoo's default otherwise")


class PaymentResult(InvoiceResult):
    amount: float = Field(description="Amount paid now, in the invoice's currency")


@tool(domain="invoicing", risk=Risk.FINANCIAL, modules=("account",))
def payment_register(client: OdooClient, args: PaymentRegister) -> PaymentResult:
    """Register a full or partial customer payment on a posted invoice; a partial one leaves the rest open."""
    info = _invoice(client, args.invoice)
    _require_unpaid(info, t("invoicing.can_paid"))
    amount = args.amount or info.amount_residual
    if amount > info.amount_residual + 0.005:
        raise OdooValidationError(
            t("invoicing.more_than_due", amount=info.money(amount),
              due=info.money(info.amount_residual))
        )  # fmt: skip
    vals: dict[str, Any] = {"amount": amount, "payment_difference_handling": "open"}
    if args.payment_date:
        vals["payment_date"] = args.payment_date.isoformat()
    if args.journal:
        vals["journal_id"] = resolve_one(client, "account.journal", args.journal,
                                         domain=[["type", "in", ["bank", "cash"]]]).id  # fmt: skip
    ctx = {"active_model": "account.move", "active_ids": [info.id]}
    wizard = _create_wizard(client, "account.payment.register", vals, ctx)
    action = client.call("account.payment.register", "action_create_payments", [wizard], context=ctx)
    ids = [action["res_id"]] if isinstance(action, dict) and action.get("res_id") else []
    payments = client.read("account.payment", ids, ["display_name"]) if ids else []
    after = _read_invoice(client, info.id)
    rest = t("invoicing.still_due", due=after.money(after.amount_residual)) if after.amount_residual else ""
    return PaymentResult(
        message=t("invoicing.registered", amount=after.money(amount),
                  name=after.display_name, state=_payment_words(after.payment_state), rest=rest),
        created=[RecordRef(model="account.payment", id=p["id"], display_name=p["display_name"]) for p in payments],
        changed=[after.ref()], invoice=after, amount=amount,
    )  # fmt: skip


class Reminder(InvoiceInput):
    note: str | None = Field(default=None, max_length=2000, description="Extra plain text for the customer")


class ReminderResult(InvoiceResult):
    message_id: int
    recipient: str = Field(description="Who the reminder was sent to")
    email_status: str | None = Field(description="Odoo's delivery status: ready (queued), sent, exception, bounce")


def _reminder_html(info: InvoiceInfo, note: str | None, lang: str) -> str:
    """The reminder e-mail's body, in Odoo's language ``lang`` (the customer reads it, not the chat)."""
    e = html.escape
    when = (say("invoicing.reminder_was_due", lang, due=info.due_date, days=info.days_overdue) if info.days_overdue
            else say("invoicing.reminder_is_due", lang, due=info.due_date))  # fmt: skip
    parts = [
        say("invoicing.reminder_dear", lang, customer=e(info.customer)) if info.customer
        else say("invoicing.reminder_dear_customer", lang),
        say("invoicing.reminder_outstanding", lang, name=e(info.display_name), date=info.invoice_date, when=when,
            amount=e(info.money(info.amount_residual))),
        *([f"<p>{e(note)}</p>"] if note else []),
        say("invoicing.reminder_disregard", lang),
    ]  # fmt: skip
    return "".join(parts)


@tool(domain="invoicing", risk=Risk.WRITE, modules=("account",))
def payment_reminder(client: OdooClient, args: Reminder) -> ReminderResult:
    """Email the customer a payment reminder for an unpaid invoice (a message in the invoice's chatter).

    Odoo CE has no reminder template (follow-ups are Enterprise), so this posts a chatter message with
    subtype "Discussions" (mail.mt_comment) addressed to the customer, which Odoo emails to them.
    """
    info = _invoice(client, args.invoice)
    if info.move_type != "out_invoice":
        raise OdooValidationError(
            t("invoicing.credit_note_money_owed", name=info.display_name)
        )  # fmt: skip
    _require_unpaid(info, t("invoicing.can_reminded"))
    email = client.read("res.partner", [info.customer_id or 0], ["email"])[0]["email"] if info.customer_id else None
    if not email:
        raise OdooValidationError(
            t("invoicing.has_email_address_reminder",
              customer=info.customer or t("invoicing.customer"))
        )  # fmt: skip
    body = _reminder_html(info, args.note, language_of(client.context.get("lang")))
    ids = client.call("account.move", "message_post", [info.id], body=body,
                      body_is_html=True, message_type="comment", subtype_xmlid="mail.mt_comment",
                      partner_ids=[info.customer_id])  # fmt: skip
    message_id = int(ids[0] if isinstance(ids, list) else ids)
    notes = client.search_read(
        "mail.notification", [["mail_message_id", "=", message_id], ["res_partner_id", "=", info.customer_id]],
        ["notification_status"], limit=1,
    )  # fmt: skip
    status = notes[0]["notification_status"] if notes else None
    return ReminderResult(
        message=t("invoicing.sent_reminder_due", name=info.display_name,
                  due=info.money(info.amount_residual), email=email,
                  failed=t("invoicing.email_failed_go_out")
                  if status in ("exception", "bounce") else ""),
        created=[RecordRef(model="mail.message", id=message_id, display_name=f"Reminder {info.display_name}")],
        found=[info.ref()], invoice=info, message_id=message_id, recipient=email, email_status=status,
    )  # fmt: skip


class InvoicePdf(InvoiceInput):
    check: bool = Field(default=True, description="Kept for callers of the old tool: the stored PDF is always checked")
    save_to: str | None = Field(default=None, description="Write the stored PDF to this file path")


class PdfResult(InvoiceResult):
    pdf_url: str = Field(description="Link to the stored PDF in Odoo (needs a login, carries no token)")
    html_url: str = Field(description="The invoice in Odoo's back office (needs a login)")
    pdf_available: bool | None = Field(description="True: Odoo holds a PDF of the invoice")
    attachment: RecordRef | None = Field(default=None, description="The PDF stored by Odoo's Send & Print")
    saved_to: str | None = Field(default=None, description="Where the PDF was written, when save_to was given")
    size_bytes: int | None = Field(default=None, description="Size of the stored PDF")


@tool(domain="invoicing", risk=Risk.READ, modules=("account",))
def invoice_pdf(client: OdooClient, args: InvoicePdf) -> PdfResult:
    """Get the PDF Odoo stored for an invoice (Send & Print): a link that needs a login, or the file itself.

    A read writes nothing: no portal access token is created (the old portal link did, with no approval
    and no audit row, and handed out a link that needs no login). When no PDF is stored yet, generating
    one is a write (invoice_pdf_generate): the tool says so and sends nothing.
    """
    info = _invoice(client, args.invoice)
    attachment = stored_pdf(client, info.id)
    if attachment is None:
        raise OdooValidationError(
            t("invoicing.has_pdf_odoo_yet", name=info.display_name),
            hint="",
        )  # fmt: skip
    pdf_url, html_url = _pdf_links(client, info, attachment)
    fields = ["file_size", "datas"] if args.save_to else ["file_size"]
    stored = client.read("ir.attachment", [attachment.id], fields)[0]
    text = t("invoicing.pdf_log_odoo_open", name=info.display_name, url=pdf_url)  # fmt: skip
    saved = None
    if args.save_to:
        pdf = base64.b64decode(stored.get("datas") or b"")
        Path(args.save_to).write_bytes(pdf)
        saved, text = args.save_to, t("invoicing.saved_pdf_bytes", name=info.display_name,
                                      size=len(pdf), path=args.save_to)  # fmt: skip
    return PdfResult(message=text, found=[info.ref(), attachment], invoice=info, pdf_url=pdf_url, html_url=html_url,
                     pdf_available=True, attachment=attachment, saved_to=saved,
                     size_bytes=stored.get("file_size") or None)  # fmt: skip


def stored_pdf(client: OdooClient, move_id: int) -> RecordRef | None:
    """The PDF Odoo stored for the invoice (Send & Print), or ``None`` (the planner asks before reading it)."""
    if not client.has_field("account.move", "invoice_pdf_report_id"):
        return None
    stored = client.read("account.move", [move_id], ["invoice_pdf_report_id"])[0]["invoice_pdf_report_id"]
    return RecordRef(model="ir.attachment", id=stored[0], display_name=stored[1]) if stored else None


def _pdf_links(client: OdooClient, info: InvoiceInfo, attachment: RecordRef) -> tuple[str, str]:
    """The stored PDF's download link and the invoice's back-office link: both need a login, neither a token."""
    base = client.call("account.move", "get_base_url", [info.id]).rstrip("/")
    return (f"{base}/web/content/{attachment.id}?download=true",
            f"{base}/web#id={info.id}&model=account.move&view_type=form")  # fmt: skip


# The Send & Print dialog with no sending method ticked ("Print"): Odoo renders and stores the invoice PDF and
# sends nothing. Odoo e-mails the customer only when 'email' is ticked (account.move.send._hook_if_success), and
# the portal access token is made only when a message notifies recipients (account.move
# _notify_get_recipients_groups), which only that e-mail does. No template: none is rendered (rendering one
# computes recipients and may create partners from addresses).
PRINT_ONLY = {"sending_method_checkboxes": {}, "template_id": False}


@tool(domain="invoicing", risk=Risk.WRITE, modules=("account",))
def invoice_pdf_generate(client: OdooClient, args: InvoiceInput) -> PdfResult:
    """Make Odoo generate and store a posted invoice's PDF (Send & Print, nothing sent): no e-mail, no portal token.

    Odoo's own Send & Print wizard (account.move.send.wizard, action_send_and_print) with no sending method
    ticked: the PDF becomes the invoice's stored PDF and Odoo marks the invoice sent (is_move_sent), as its
    Print does. Nothing is e-mailed to the customer and no portal link is made; journal subscribers
    (Odoo's "notify me of sent invoices" addresses on the journal) still get Odoo's copy. An invoice that
    already has a PDF is left as it is (found, not created).
    """
    info = _invoice(client, args.invoice)
    existing = stored_pdf(client, info.id)
    if existing is not None:  # Odoo never regenerates a stored PDF either: done already, nothing to write
        return _already_stored(client, info, existing)
    _require_printable(client, info)
    copies = _journal_subscribers(client, info.id)
    ctx = {"active_model": "account.move", "active_ids": [info.id]}
    wizard = _create_wizard(client, "account.move.send.wizard", {"move_id": info.id, **PRINT_ONLY}, ctx)
    client.call("account.move.send.wizard", "action_send_and_print", [wizard], context=ctx)
    attachment = stored_pdf(client, info.id)
    if attachment is None:
        raise OdooValidationError(t("invoicing.odoo_stored_pdf",
                                    name=info.display_name))  # fmt: skip
    pdf_url, html_url = _pdf_links(client, info, attachment)
    copied = (t("invoicing.odoo_sent_copy_journal", emails=copies)
              if copies else "")  # fmt: skip
    return PdfResult(
        message=t("invoicing.stored_pdf_odoo_nothing", name=info.display_name,
                  url=pdf_url, copied=copied),
        created=[attachment], changed=[info.ref()], invoice=info, pdf_url=pdf_url,
        html_url=html_url, pdf_available=True, attachment=attachment,
    )  # fmt: skip


def _already_stored(client: OdooClient, info: InvoiceInfo, attachment: RecordRef) -> PdfResult:
    pdf_url, html_url = _pdf_links(client, info, attachment)
    return PdfResult(
        message=t("invoicing.already_has_pdf_odoo", name=info.display_name, url=pdf_url),
        found=[info.ref(), attachment], invoice=info, pdf_url=pdf_url, html_url=html_url, pdf_available=True,
        attachment=attachment,
    )  # fmt: skip


def _require_printable(client: OdooClient, info: InvoiceInfo) -> None:
    # Odoo's wizard refuses it too ("You can't generate invoices that are not posted"): said first, in one sentence.
    if info.state != "posted":
        raise OdooValidationError(
            t("invoicing.odoo_makes_pdf_posted", name=info.display_name,
              state=_state_words(info.state))
        )  # fmt: skip
    if not client.has_field("account.move", "invoice_pdf_report_id"):
        raise OdooValidationError(t("invoicing.odoo_does_store_invoice"))  # fmt: skip


def _journal_subscribers(client: OdooClient, move_id: int) -> str | None:
    """The addresses Odoo copies every sent invoice of this journal to, said in the result (not the customer's)."""
    if not client.has_field("account.journal", "incoming_einvoice_notification_email"):
        return None
    journal = client.read("account.move", [move_id], ["journal_id"])[0]["journal_id"]
    rows = client.read("account.journal", [journal[0]], ["incoming_einvoice_notification_email"]) if journal else []
    return (rows[0]["incoming_einvoice_notification_email"] or None) if rows else None
