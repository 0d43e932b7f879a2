"""What a message asks for, as typed data: the parse node's output, whatever parser produced it."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from odoo_tools.periods import PeriodName

__all__ = ["INTENT_TYPES", "Intent", "Line", "ParseResult"]


class _Intent(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Line(BaseModel):
    """One order or invoice line as the person said it; names are resolved later."""

    model_config = ConfigDict(extra="forbid")

    product: str | None = Field(default=None, description="Product phrase; None for a free-text invoice line")
    qty: float = Field(default=1, gt=0)
    unit_price: float | None = Field(default=None, ge=0)
    discount: float | None = Field(default=None, ge=0, le=100)


OrderRef = Annotated[str | None, Field(description='Order phrase ("SO42"); None = the order this thread just used')]
InvoiceRef = Annotated[str | None, Field(description='Invoice phrase ("INV/2026/00007"); None = the last one')]


class CreateQuotation(_Intent):
    intent: Literal["create_quotation"] = "create_quotation"
    customer: str
    lines: list[Line] = Field(min_length=1)
    then: list[Literal["confirm", "invoice", "post"]] = Field(default_factory=list, description="Chained steps")


class AddLines(_Intent):
    intent: Literal["add_lines"] = "add_lines"
    order: OrderRef = None
    lines: list[Line] = Field(min_length=1)


class SetQuantity(_Intent):
    """Change a quotation line's quantity ("actually make it 9"): the last line unless a product is named."""

    intent: Literal["set_quantity"] = "set_quantity"
    order: OrderRef = None
    product: str | None = None
    qty: float = Field(gt=0)


class ConfirmOrder(_Intent):
    intent: Literal["confirm_order"] = "confirm_order"
    order: OrderRef = None
    then: list[Literal["invoice", "post"]] = Field(default_factory=list)


class CancelOrder(_Intent):
    intent: Literal["cancel_order"] = "cancel_order"
    order: OrderRef = None


class OrderStatus(_Intent):
    intent: Literal["order_status"] = "order_status"
    order: OrderRef = None


class ListOrders(_Intent):
    intent: Literal["list_orders"] = "list_orders"
    state: Literal["quotation", "draft", "sent", "sale", "cancel"] | None = None
    customer: str | None = None
    period: PeriodName | None = None


class SalesTotals(_Intent):
    intent: Literal["sales_totals"] = "sales_totals"
    period: PeriodName | None = None
    group_by: Literal["customer", "salesperson"] | None = None


class CreateProduct(_Intent):
    intent: Literal["create_product"] = "create_product"
    name: str
    list_price: float | None = None
    kind: Literal["goods", "service", "storable"] | None = None
    min_qty: float | None = None


class SearchProducts(_Intent):
    intent: Literal["search_products"] = "search_products"
    text: str | None = None
    kind: Literal["goods", "service", "storable"] | None = None


class StockLevel(_Intent):
    intent: Literal["stock_level"] = "stock_level"
    product: str


class ProductsBelowThreshold(_Intent):
    intent: Literal["products_below_threshold"] = "products_below_threshold"
    threshold: float = Field(ge=0)


class LowStockReport(_Intent):
    intent: Literal["low_stock_report"] = "low_stock_report"


class SetReorderRule(_Intent):
    intent: Literal["set_reorder_rule"] = "set_reorder_rule"
    product: str
    min_qty: float = Field(ge=0)
    max_qty: float | None = Field(default=None, ge=0)


class CreateInvoice(_Intent):
    intent: Literal["create_invoice"] = "create_invoice"
    customer: str
    lines: list[Line] = Field(min_length=1)
    then: list[Literal["post"]] = Field(default_factory=list)


class InvoiceOrder(_Intent):
    intent: Literal["invoice_order"] = "invoice_order"
    order: OrderRef = None
    then: list[Literal["post"]] = Field(default_factory=list)


class ListUnpaidInvoices(_Intent):
    intent: Literal["list_unpaid_invoices"] = "list_unpaid_invoices"
    overdue_only: bool = False
    customer: str | None = None


class PostInvoice(_Intent):
    intent: Literal["post_invoice"] = "post_invoice"
    invoice: InvoiceRef = None


class SendPaymentReminder(_Intent):
    intent: Literal["send_payment_reminder"] = "send_payment_reminder"
    invoice: InvoiceRef = None


class RegisterPayment(_Intent):
    intent: Literal["register_payment"] = "register_payment"
    invoice: InvoiceRef = None
    amount: float | None = Field(default=None, gt=0, description="None = what is due")


class InvoicePdf(_Intent):
    intent: Literal["invoice_pdf"] = "invoice_pdf"
    invoice: InvoiceRef = None


class NextPage(_Intent):
    """ "more", "next page", "la suite": the next page of the list this thread showed last."""

    intent: Literal["next_page"] = "next_page"


class Clarify(_Intent):
    """The message is about something we handle, but a needed detail is missing."""

    intent: Literal["clarify"] = "clarify"
    question: str
    missing: list[str] = Field(default_factory=list)


class Unsupported(_Intent):
    """Nothing we can do (yet), said honestly."""

    intent: Literal["unsupported"] = "unsupported"
    reason: str


Intent = Annotated[
    CreateQuotation
    | AddLines
    | SetQuantity
    | ConfirmOrder
    | CancelOrder
    | OrderStatus
    | ListOrders
    | SalesTotals
    | CreateProduct
    | SearchProducts
    | StockLevel
    | ProductsBelowThreshold
    | LowStockReport
    | SetReorderRule
    | CreateInvoice
    | InvoiceOrder
    | ListUnpaidInvoices
    | PostInvoice
    | SendPaymentReminder
    | RegisterPayment
    | InvoicePdf
    | NextPage
    | Clarify
    | Unsupported,
    Field(discriminator="intent"),
]
INTENT_TYPES: tuple[type[BaseModel], ...] = Intent.__origin__.__args__  # type: ignore[attr-defined]


class ParseResult(BaseModel):
    """A parser's answer: the intents of one message (a chain is several) and how sure it is.

    ``confidence`` is in [0, 1]; the offline parser lowers it for fuzzy keyword matches (typos),
    for slots it had to guess (a quantity of 1 when none was said) and for unparsed leftovers in
    the message, so that an LLM parser can take over below a threshold.
    """

    intents: list[Intent] = Field(min_length=1)
    confidence: float = Field(ge=0, le=1)
    parser: str
    lang: Literal["en", "fr"] = Field(default="en", description="The message's language: the answer's too")
    notes: list[str] = Field(default_factory=list, description="What lowered the confidence")
