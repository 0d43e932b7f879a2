"""What a message asks for, as typed data: the parse node's output, whatever parser produced it.

It stays one module (over 400 lines): the intents are one discriminated union, read as one catalog —
the LLM schema, the graph's checkpoint allow-list and the planner are all built from ``INTENT_TYPES``,
and each intent is a few lines of fields. Splitting them by domain would scatter that vocabulary.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, ClassVar, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

from odoo_tools.periods import PeriodName

__all__ = ["GIVE_UP", "INTENT_DOMAINS", "INTENT_TYPES", "Intent", "Line", "ParseResult", "Tokens"]

# The readings that act on nothing: a question back, or a refusal.
GIVE_UP = ("clarify", "unsupported")


class _Intent(BaseModel):
    # defer_build: an intent's own validator is built when a parser first makes one (ParseResult's union has its own)
    model_config = ConfigDict(extra="forbid", defer_build=True)
    domain: ClassVar[str] = "common"  # the business domain: the LLM parser sends only the domains a message needs

    def __init_subclass__(cls, domain: str | None = None, **kwargs: Any) -> None:
        """``class CreateQuotation(_Intent, domain="sales")``: each intent names its domain once, in its header."""
        super().__init_subclass__(**kwargs)
        if domain is not None:
            cls.domain = domain


class Line(BaseModel):
    """One order or invoice line as the person said it; names are resolved later."""

    model_config = ConfigDict(extra="forbid")

    product: str | None = Field(default=None, description="Product phrase; None for a free-text invoice line")
    qty: float = Field(default=1, gt=0)
    unit_price: float | None = Field(default=None, ge=0)
    discount: float | None = Field(default=None, ge=0, le=100)


OrderRef = Annotated[str | None, Field(description='Order phrase ("SO42"); None = the order this thread just used')]
InvoiceRef = Annotated[str | None, Field(description='Invoice phrase ("INV/2026/00007"); None = the last one')]


class CreateQuotation(_Intent, domain="sales"):
    intent: Literal["create_quotation"] = "create_quotation"
    customer: str
    lines: list[Line] = Field(min_length=1)
    then: list[Literal["confirm", "invoice", "post"]] = Field(default_factory=list, description="Chained steps")


class AddLines(_Intent, domain="sales"):
    intent: Literal["add_lines"] = "add_lines"
    order: OrderRef = None
    lines: list[Line] = Field(min_length=1)


class SetQuantity(_Intent, domain="sales"):
    """Change a quotation line's quantity ("actually make it 9"): the last line unless a product is named."""

    intent: Literal["set_quantity"] = "set_quantity"
    order: OrderRef = None
    product: str | None = None
    qty: float = Field(gt=0)


class ConfirmOrder(_Intent, domain="sales"):
    intent: Literal["confirm_order"] = "confirm_order"
    order: OrderRef = None
    then: list[Literal["invoice", "post"]] = Field(default_factory=list)


class CancelOrder(_Intent, domain="sales"):
    intent: Literal["cancel_order"] = "cancel_order"
    order: OrderRef = None


class OrderStatus(_Intent, domain="sales"):
    intent: Literal["order_status"] = "order_status"
    order: OrderRef = None


class ListOrders(_Intent, domain="sales"):
    intent: Literal["list_orders"] = "list_orders"
    state: Literal["quotation", "draft", "sent", "sale", "cancel"] | None = None
    customer: str | None = None
    period: PeriodName | None = None


class SalesTotals(_Intent, domain="sales"):
    intent: Literal["sales_totals"] = "sales_totals"
    period: PeriodName | None = None
    group_by: Literal["customer", "salesperson"] | None = None


class CreateProduct(_Intent, domain="inventory"):
    intent: Literal["create_product"] = "create_product"
    name: str
    list_price: float | None = None
    kind: Literal["goods", "service", "storable"] | None = None
    min_qty: float | None = None


class SearchProducts(_Intent, domain="inventory"):
    intent: Literal["search_products"] = "search_products"
    text: str | None = None
    kind: Literal["goods", "service", "storable"] | None = None


class StockLevel(_Intent, domain="inventory"):
    intent: Literal["stock_level"] = "stock_level"
    product: str


class ProductsBelowThreshold(_Intent, domain="inventory"):
    intent: Literal["products_below_threshold"] = "products_below_threshold"
    threshold: float = Field(ge=0)


class LowStockReport(_Intent, domain="inventory"):
    intent: Literal["low_stock_report"] = "low_stock_report"


class SetReorderRule(_Intent, domain="inventory"):
    intent: Literal["set_reorder_rule"] = "set_reorder_rule"
    product: str
    min_qty: float = Field(ge=0)
    max_qty: float | None = Field(default=None, ge=0)


class CreateInvoice(_Intent, domain="invoicing"):
    intent: Literal["create_invoice"] = "create_invoice"
    customer: str
    lines: list[Line] = Field(min_length=1)
    then: list[Literal["post"]] = Field(default_factory=list)


class InvoiceOrder(_Intent, domain="invoicing"):
    intent: Literal["invoice_order"] = "invoice_order"
    order: OrderRef = None
    then: list[Literal["post"]] = Field(default_factory=list)


class ListUnpaidInvoices(_Intent, domain="invoicing"):
    intent: Literal["list_unpaid_invoices"] = "list_unpaid_invoices"
    overdue_only: bool = False
    customer: str | None = None


class PostInvoice(_Intent, domain="invoicing"):
    intent: Literal["post_invoice"] = "post_invoice"
    invoice: InvoiceRef = None


class SendPaymentReminder(_Intent, domain="invoicing"):
    intent: Literal["send_payment_reminder"] = "send_payment_reminder"
    invoice: InvoiceRef = None


class RegisterPayment(_Intent, domain="invoicing"):
    intent: Literal["register_payment"] = "register_payment"
    invoice: InvoiceRef = None
    amount: float | None = Field(default=None, gt=0, description="None = what is due")


class InvoicePdf(_Intent, domain="invoicing"):
    intent: Literal["invoice_pdf"] = "invoice_pdf"
    invoice: InvoiceRef = None


LeadRef = Annotated[str | None, Field(description='Lead phrase ("#47", a title); None = the last one used')]


class CreateLead(_Intent, domain="crm"):
    intent: Literal["create_lead"] = "create_lead"
    contact: str | None = Field(default=None, description="Customer or contact name")
    email: str | None = None
    phone: str | None = None
    expected_revenue: float | None = Field(default=None, ge=0)
    kind: Literal["lead", "opportunity"] = "opportunity"


class MoveLeadStage(_Intent, domain="crm"):
    intent: Literal["move_lead_stage"] = "move_lead_stage"
    lead: LeadRef = None
    stage: str


class MarkLead(_Intent, domain="crm"):
    """Mark a lead or opportunity won or lost (Odoo's own actions)."""

    intent: Literal["mark_lead"] = "mark_lead"
    lead: LeadRef = None
    outcome: Literal["won", "lost"]
    reason: str | None = Field(default=None, description="Why it was lost")


class PipelineSummary(_Intent, domain="crm"):
    """Open opportunities by stage: count, expected and weighted revenue."""

    intent: Literal["pipeline_summary"] = "pipeline_summary"


class ListLeads(_Intent, domain="crm"):
    intent: Literal["list_leads"] = "list_leads"
    stage: str | None = None


PurchaseRef = Annotated[str | None, Field(description='Purchase order ("P00007", "PO7"); None = the last one used')]


class CreatePurchase(_Intent, domain="purchase"):
    """A request for quotation to a vendor (a draft purchase order), optionally confirmed and received."""

    intent: Literal["create_purchase"] = "create_purchase"
    vendor: str
    lines: list[Line] = Field(min_length=1)
    then: list[Literal["confirm", "receive"]] = Field(default_factory=list)


class ConfirmPurchase(_Intent, domain="purchase"):
    intent: Literal["confirm_purchase"] = "confirm_purchase"
    purchase: PurchaseRef = None
    then: list[Literal["receive"]] = Field(default_factory=list)


class ReceivePurchase(_Intent, domain="purchase"):
    """Receive a purchase order's goods (validate its receipt)."""

    intent: Literal["receive_purchase"] = "receive_purchase"
    purchase: PurchaseRef = None


class ListPurchases(_Intent, domain="purchase"):
    intent: Literal["list_purchases"] = "list_purchases"
    state: Literal["rfq", "pending", "purchase", "late", "cancel"] | None = None
    vendor: str | None = None


class VendorHistory(_Intent, domain="purchase"):
    """A vendor's orders, amounts and on-time delivery rate."""

    intent: Literal["vendor_history"] = "vendor_history"
    vendor: str


TaskRef = Annotated[str | None, Field(description='Task phrase ("#42", its name); None = the last one used')]


class CreateProject(_Intent, domain="projects"):
    intent: Literal["create_project"] = "create_project"
    name: str
    customer: str | None = None


class CreateTask(_Intent, domain="projects"):
    intent: Literal["create_task"] = "create_task"
    name: str
    project: str | None = Field(default=None, description="None = the project this thread just used")
    assignee: str | None = Field(default=None, description='A user name, or "me"')
    deadline: date | None = None
    tags: list[str] = Field(default_factory=list)


class MoveTaskStage(_Intent, domain="projects"):
    intent: Literal["move_task_stage"] = "move_task_stage"
    task: TaskRef = None
    stage: str


class LogTimesheet(_Intent, domain="projects"):
    intent: Literal["log_timesheet"] = "log_timesheet"
    task: TaskRef = None
    hours: float = Field(gt=0, le=24)
    description: str | None = None


class MyTasks(_Intent, domain="projects"):
    """The open tasks assigned to the person asking."""

    intent: Literal["my_tasks"] = "my_tasks"


class ProjectStatus(_Intent, domain="projects"):
    intent: Literal["project_status"] = "project_status"
    project: str | None = None


class CreateEmployee(_Intent, domain="hr"):
    intent: Literal["create_employee"] = "create_employee"
    name: str
    job_title: str | None = None
    department: str | None = None
    create_department: bool = Field(default=False, description="Create the department when missing (only if asked)")


class CreateDepartment(_Intent, domain="hr"):
    intent: Literal["create_department"] = "create_department"
    name: str


class ListEmployees(_Intent, domain="hr"):
    intent: Literal["list_employees"] = "list_employees"
    department: str | None = None


class CreateExpense(_Intent, domain="hr"):
    """An expense of the person asking, submitted for approval."""

    intent: Literal["create_expense"] = "create_expense"
    amount: float = Field(gt=0)
    description: str | None = None
    category: str | None = Field(default=None, description='e.g. "Meals", "Travel"')


class PendingLeaves(_Intent, domain="hr"):
    """Time-off requests waiting for approval."""

    intent: Literal["pending_leaves"] = "pending_leaves"


class ApproveLeave(_Intent, domain="hr"):
    intent: Literal["approve_leave"] = "approve_leave"
    leave: int = Field(description="The request's number (#12)")


ProductionRef = Annotated[str | None, Field(description='Manufacturing order ("MO-001", "#1"); None = the last one')]


class CreateBom(_Intent, domain="manufacturing"):
    intent: Literal["create_bom"] = "create_bom"
    product: str = Field(description="The finished product")
    components: list[Line] = Field(min_length=1)
    create_product: bool = Field(default=False, description="Create the finished product (only if asked)")


class CreateProduction(_Intent, domain="manufacturing"):
    intent: Literal["create_production"] = "create_production"
    product: str
    qty: float = Field(gt=0)
    then: list[Literal["confirm", "finish"]] = Field(default_factory=list)


class ConfirmProduction(_Intent, domain="manufacturing"):
    intent: Literal["confirm_production"] = "confirm_production"
    production: ProductionRef = None
    then: list[Literal["finish"]] = Field(default_factory=list)


class FinishProduction(_Intent, domain="manufacturing"):
    intent: Literal["finish_production"] = "finish_production"
    production: ProductionRef = None


class ProductionStatus(_Intent, domain="manufacturing"):
    intent: Literal["production_status"] = "production_status"
    production: ProductionRef = None


class ListProductions(_Intent, domain="manufacturing"):
    intent: Literal["list_productions"] = "list_productions"
    state: Literal["draft", "confirmed", "in_progress", "done", "cancel"] | None = "in_progress"


class CreateEvent(_Intent, domain="calendar"):
    intent: Literal["create_event"] = "create_event"
    name: str
    start: datetime = Field(description="Local start time")
    duration_hours: float = Field(default=1, gt=0)
    attendees: list[str] = Field(default_factory=list)


class ListEvents(_Intent, domain="calendar"):
    intent: Literal["list_events"] = "list_events"
    period: PeriodName | None = None
    date_from: date | None = None
    date_to: date | None = None


class CreateVehicle(_Intent, domain="fleet"):
    intent: Literal["create_vehicle"] = "create_vehicle"
    model: str = Field(description='Brand and model: "Tesla Model 3"')
    plate: str | None = None
    color: str | None = None


class LogOdometer(_Intent, domain="fleet"):
    intent: Literal["log_odometer"] = "log_odometer"
    vehicle: str = Field(description='"#1", a plate or a name')
    value: float = Field(gt=0)


class SearchVehicles(_Intent, domain="fleet"):
    intent: Literal["search_vehicles"] = "search_vehicles"
    service_due: bool = False
    color: str | None = None


class FleetCosts(_Intent, domain="fleet"):
    intent: Literal["fleet_costs"] = "fleet_costs"
    period: PeriodName = "this_month"


class PublishProduct(_Intent, domain="ecommerce"):
    intent: Literal["publish_product"] = "publish_product"
    product: str
    published: bool = True


class WebsiteOrders(_Intent, domain="ecommerce"):
    intent: Literal["website_orders"] = "website_orders"
    period: PeriodName | None = None


class WebsiteRevenue(_Intent, domain="ecommerce"):
    intent: Literal["website_revenue"] = "website_revenue"
    period: PeriodName | None = None


class CreateTicket(_Intent, domain="helpdesk"):
    """A support ticket (Helpdesk when installed, else a task of the Support project)."""

    intent: Literal["create_ticket"] = "create_ticket"
    subject: str
    customer: str | None = None


class CreateContact(_Intent, domain="partners"):
    """Add a contact: a person (working at ``company`` when one is named) or a company."""

    intent: Literal["create_contact"] = "create_contact"
    name: str
    email: str | None = None
    phone: str | None = None
    company: str | None = Field(default=None, description="The company the person works at")


class UpdateContact(_Intent, domain="partners"):
    """Change a contact's e-mail, phone or address (the thread's last contact when none is named)."""

    intent: Literal["update_contact"] = "update_contact"
    contact: str | None = None
    email: str | None = None
    phone: str | None = None
    address: str | None = Field(default=None, description="Street, then postcode and city, as written")


class FindContact(_Intent, domain="partners"):
    """Look contacts up by name, e-mail or phone."""

    intent: Literal["find_contact"] = "find_contact"
    query: str


class TagContact(_Intent, domain="partners"):
    """Put a tag (a contact category, created if missing) on a contact."""

    intent: Literal["tag_contact"] = "tag_contact"
    contact: str | None = None
    tag: str


class ArchiveContact(_Intent, domain="partners"):
    """Archive a contact (Odoo keeps it, hidden): what people mean by removing one."""

    intent: Literal["archive_contact"] = "archive_contact"
    contact: str | None = None


class SetProductPrice(_Intent, domain="inventory"):
    """Change a product's sales price."""

    intent: Literal["set_product_price"] = "set_product_price"
    product: str
    price: float = Field(gt=0)


class ValidatePicking(_Intent, domain="inventory"):
    """Validate a delivery or a receipt: its reference (WH/OUT/00012), or the order it belongs to."""

    intent: Literal["validate_picking"] = "validate_picking"
    picking: str | None = None


class PostNote(_Intent, domain="common"):
    """An internal note on a record: an order, invoice, transfer or contact (the thread's last record if none)."""

    intent: Literal["post_note"] = "post_note"
    record: str | None = None
    text: str = Field(min_length=1)


class NextPage(_Intent, domain="common"):
    """ "more", "next page", "la suite": the next page of the list this thread showed last."""

    intent: Literal["next_page"] = "next_page"


class Clarify(_Intent, domain="common"):
    """The message is about something we handle, but a needed detail is missing."""

    intent: Literal["clarify"] = "clarify"
    question: str
    missing: list[str] = Field(default_factory=list)


class Unsupported(_Intent, domain="common"):
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
    | CreateLead
    | MoveLeadStage
    | MarkLead
    | PipelineSummary
    | ListLeads
    | CreatePurchase
    | ConfirmPurchase
    | ReceivePurchase
    | ListPurchases
    | VendorHistory
    | CreateProject
    | CreateTask
    | MoveTaskStage
    | LogTimesheet
    | MyTasks
    | ProjectStatus
    | CreateEmployee
    | CreateDepartment
    | ListEmployees
    | CreateExpense
    | PendingLeaves
    | ApproveLeave
    | CreateBom
    | CreateProduction
    | ConfirmProduction
    | FinishProduction
    | ProductionStatus
    | ListProductions
    | CreateEvent
    | ListEvents
    | CreateVehicle
    | LogOdometer
    | SearchVehicles
    | FleetCosts
    | PublishProduct
    | WebsiteOrders
    | WebsiteRevenue
    | CreateTicket
    | CreateContact
    | UpdateContact
    | FindContact
    | TagContact
    | ArchiveContact
    | SetProductPrice
    | ValidatePicking
    | PostNote
    | NextPage
    | Clarify
    | Unsupported,
    Field(discriminator="intent"),
]
INTENT_TYPES: tuple[type[_Intent], ...] = get_args(get_args(Intent)[0])  # the union's members, in order
INTENT_DOMAINS: dict[str, tuple[type[_Intent], ...]] = {
    d: tuple(t for t in INTENT_TYPES if t.domain == d) for d in dict.fromkeys(t.domain for t in INTENT_TYPES)
}


class Tokens(BaseModel):
    """LLM tokens one parse spent (zero for the offline parser)."""

    prompt: int = 0
    completion: int = 0
    calls: int = 0

    def __add__(self, other: Tokens) -> Tokens:
        return Tokens(prompt=self.prompt + other.prompt, completion=self.completion + other.completion,
                      calls=self.calls + other.calls)  # fmt: skip


class ParseResult(BaseModel):
    """A parser's answer: the intents of one message (a chain is several) and how sure it is.

    ``confidence`` is in [0, 1]; the offline parser lowers it for fuzzy keyword matches (typos),
    for slots it had to guess (a quantity of 1 when none was said) and for unparsed leftovers in
    the message, so that an LLM parser can take over below a threshold.
    """

    intents: list[Intent] = Field(min_length=1)
    confidence: float = Field(ge=0, le=1)
    parser: str = Field(description='Which parser decided: "offline", "llm", or "auto:offline" / "auto:llm"')
    model: str | None = Field(default=None, description="The LLM's model name when one was called")
    tokens: Tokens = Field(default_factory=Tokens)
    lang: Literal["en", "fr"] = Field(default="en", description="The message's language: the answer's too")
    notes: list[str] = Field(default_factory=list, description="What lowered the confidence")
