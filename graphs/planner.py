"""Turn resolved intents into a plan: ordered, typed tool calls with dependencies and risk.

Planning dispatches on the intent's class (``match``), not on its ``intent`` string, so that each planner
takes its own intent type and mypy checks every field it reads.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any, TypeAlias

from graphs.entities import CREATE, CREATED_BY, FIELD_MODELS
from graphs.parsing.cleanup import ref_kind
from graphs.parsing.intents import (
    AddLines,
    ApproveLeave,
    ArchiveContact,
    CancelOrder,
    Clarify,
    ConfirmOrder,
    ConfirmProduction,
    ConfirmPurchase,
    CreateBom,
    CreateContact,
    CreateDepartment,
    CreateEmployee,
    CreateEvent,
    CreateExpense,
    CreateInvoice,
    CreateLead,
    CreateProduct,
    CreateProduction,
    CreateProject,
    CreatePurchase,
    CreateQuotation,
    CreateTask,
    CreateTicket,
    CreateVehicle,
    FindContact,
    FinishProduction,
    FleetCosts,
    Intent,
    InvoiceOrder,
    InvoicePdf,
    Line,
    ListEmployees,
    ListEvents,
    ListLeads,
    ListOrders,
    ListProductions,
    ListPurchases,
    ListUnpaidInvoices,
    LogOdometer,
    LogTimesheet,
    LowStockReport,
    MarkLead,
    MoveLeadStage,
    MoveTaskStage,
    MyTasks,
    NextPage,
    OrderStatus,
    PendingLeaves,
    PipelineSummary,
    PostInvoice,
    PostNote,
    ProductionStatus,
    ProductsBelowThreshold,
    ProjectStatus,
    PublishProduct,
    ReceivePurchase,
    RegisterPayment,
    SalesTotals,
    SearchProducts,
    SearchVehicles,
    SendPaymentReminder,
    SetProductPrice,
    SetQuantity,
    SetReorderRule,
    StockLevel,
    TagContact,
    Unsupported,
    UpdateContact,
    ValidatePicking,
    VendorHistory,
    WebsiteOrders,
    WebsiteRevenue,
)
from graphs.state import PlanStep
from odoo_tools.i18n import t
from odoo_tools.tools import get_tool

__all__ = ["API_ONLY", "PAGEABLE", "build_plan", "intents_reaching", "ref"]

# List tools that take ``offset``: "more" shows their next page.
PAGEABLE = {
    "orders_list": 20,
    "invoices_unpaid": 50,
    "product_search": 20,
    "partner_search": 20,
    "generic_read": 20,
    "leads_list": 20,
    "purchases_list": 20,
    "my_tasks": 20,
    "employees_list": 50,
    "productions_list": 20,
    "events_list": 50,
    "vehicles_search": 50,
    "website_orders": 20,
}


def ref(step_id: str) -> str:
    """An argument placeholder for the record that step ``step_id`` creates."""
    return f"${step_id}"


class _Plan:
    def __init__(self, resolved: dict[str, int], memory: dict[str, Any]) -> None:
        self.steps: list[PlanStep] = []
        self.resolved, self.memory = resolved, memory
        self.made: dict[str, str] = {}  # model -> the step that creates one earlier in this plan ("in it")

    def pointed(self, key: str, model: str, default: Any = None) -> tuple[Any, list[str]]:
        """A slot's resolved id; else, when the message named none, the step making that record earlier in
        this plan ("create a project X and a task Y in it"), as a dependency; else ``default``."""
        if key in self.resolved:
            return self.resolved[key], []
        if default is None and model in self.made:
            return ref(self.made[model]), [self.made[model]]
        return default, []

    def add(self, tool: str, args: dict[str, Any], description: str, depends_on: list[str] | None = None) -> str:
        step_id = f"s{len(self.steps) + 1}"
        self.steps.append(PlanStep(id=step_id, tool=tool, args=args, risk=get_tool(tool).risk,
                                   description=description, depends_on=depends_on or []))  # fmt: skip
        return step_id

    def record(self, key: str, phrase: str | None, create: str | None = None, **create_args: Any) -> int | str:
        """The resolved id, or a reference to a (gated) creation step planned now."""
        value = self.resolved[key]
        if value != CREATE:
            return value
        assert create is not None and phrase
        if create != "partner_create":
            description = t("graph.create_product", name=phrase)
        elif create_args.get("vendor"):
            description = t("graph.create_vendor", name=phrase)
        else:
            description = t("graph.create_customer", name=phrase)
        step = self.add(create, {"name": phrase, "allow_similar": True, **create_args}, description)  # fmt: skip
        return ref(step)

    def lines(self, i: int, lines: list[Line]) -> tuple[list[dict[str, Any]], list[str]]:
        out, deps = [], []
        for j, line in enumerate(lines):
            price = {"list_price": line.unit_price} if line.unit_price is not None else {}
            product = self.record(f"{i}.lines.{j}.product", line.product, "product_create", **price)
            if isinstance(product, str):
                deps.append(product[1:])
            item = {"product": product, "qty": line.qty, "unit_price": line.unit_price, "discount": line.discount}
            out.append({k: v for k, v in item.items() if v is not None})
        return out, deps


def _sale_chain(plan: _Plan, order: int | str, then: Sequence[str], deps: list[str]) -> None:
    """confirm → invoice → post, each depending on the previous step."""
    invoice: str | None = None
    for what in then:
        if what == "confirm":
            deps = [plan.add("order_confirm", {"order": order}, t("graph.confirm_order"), deps)]
        elif what == "invoice":
            invoice = plan.add("invoice_from_order", {"order": order}, t("graph.invoice_order"), deps)
            deps = [invoice]
        elif what == "post" and invoice:
            plan.add("invoice_post", {"invoice": ref(invoice)}, t("graph.post_invoice"), deps)


def _quotation(plan: _Plan, i: int, intent: CreateQuotation) -> None:
    customer = plan.record(f"{i}.customer", intent.customer, "partner_create")
    lines, deps = plan.lines(i, intent.lines)
    deps += [customer[1:]] if isinstance(customer, str) else []
    what = t("graph.create_draft_quotation", c=intent.customer)
    quote = plan.add("quotation_create", {"customer": customer, "lines": lines}, what, deps)
    _sale_chain(plan, ref(quote), intent.then, [quote])


def _plan_sale(plan: _Plan, i: int, intent: CreateQuotation | ConfirmOrder | InvoiceOrder | AddLines) -> None:
    """A new quotation and its chain; an existing order confirmed or invoiced (and what follows); lines added."""
    match intent:
        case CreateQuotation():
            _quotation(plan, i, intent)
        case ConfirmOrder():
            _sale_chain(plan, plan.resolved[f"{i}.order"], ["confirm", *intent.then], [])
        case InvoiceOrder():
            _sale_chain(plan, plan.resolved[f"{i}.order"], ["invoice", *intent.then], [])
        case AddLines():
            lines, deps = plan.lines(i, intent.lines)
            plan.add(
                "quotation_add_lines",
                {"order": plan.resolved[f"{i}.order"], "lines": lines},
                t("graph.add_lines"),
                deps,
            )


# Intents that are one tool call: (tool, description). Their fields are the tool's arguments,
# with record phrases replaced by the resolved ids.
SIMPLE: dict[str, tuple[str, str]] = {
    "cancel_order": ("order_cancel", "graph.step_cancel_order"),
    "set_quantity": ("quotation_set_quantity", "graph.step_set_quantity"),
    "order_status": ("order_status", "graph.step_order_status"),
    "list_orders": ("orders_list", "graph.step_list_orders"),
    "sales_totals": ("sales_totals", "graph.step_sales_totals"),
    "search_products": ("product_search", "graph.step_search_products"),
    "stock_level": ("stock_level", "graph.step_stock_level"),
    "products_below_threshold": ("products_below_threshold", "graph.step_products_below_threshold"),
    "low_stock_report": ("low_stock_report", "graph.step_low_stock_report"),
    "set_reorder_rule": ("reorder_rule_set", "graph.step_set_reorder_rule"),
    "list_unpaid_invoices": ("invoices_unpaid", "graph.step_list_unpaid_invoices"),
    "post_invoice": ("invoice_post", "graph.step_post_invoice"),
    "send_payment_reminder": ("payment_reminder", "graph.step_send_payment_reminder"),
    "register_payment": ("payment_register", "graph.step_register_payment"),
    "invoice_pdf": ("invoice_pdf", "graph.step_invoice_pdf"),
    "move_lead_stage": ("lead_set_stage", "graph.step_move_lead_stage"),
    "pipeline_summary": ("pipeline_summary", "graph.step_pipeline_summary"),
    "list_leads": ("leads_list", "graph.step_list_leads"),
    "list_purchases": ("purchases_list", "graph.step_list_purchases"),
    "vendor_history": ("vendor_history", "graph.step_vendor_history"),
    "create_project": ("project_create", "graph.step_create_project"),
    "create_task": ("task_create", "graph.step_create_task"),
    "move_task_stage": ("task_set_stage", "graph.step_move_task_stage"),
    "log_timesheet": ("timesheet_log", "graph.step_log_timesheet"),
    "my_tasks": ("my_tasks", "graph.step_my_tasks"),
    "project_status": ("project_status", "graph.step_project_status"),
    "create_employee": ("employee_create", "graph.step_create_employee"),
    "create_department": ("department_create", "graph.step_create_department"),
    "list_employees": ("employees_list", "graph.step_list_employees"),
    "create_expense": ("expense_create", "graph.step_create_expense"),
    "pending_leaves": ("leaves_pending", "graph.step_pending_leaves"),
    "approve_leave": ("leave_approve", "graph.step_approve_leave"),
    "production_status": ("production_status", "graph.step_production_status"),
    "list_productions": ("productions_list", "graph.step_list_productions"),
    "create_event": ("event_create", "graph.step_create_event"),
    "list_events": ("events_list", "graph.step_list_events"),
    "create_vehicle": ("vehicle_create", "graph.step_create_vehicle"),
    "log_odometer": ("odometer_log", "graph.step_log_odometer"),
    "search_vehicles": ("vehicles_search", "graph.step_search_vehicles"),
    "fleet_costs": ("fleet_costs", "graph.step_fleet_costs"),
    "publish_product": ("product_publish", "graph.step_publish_product"),
    "website_orders": ("website_orders", "graph.step_website_orders"),
    "website_revenue": ("website_revenue", "graph.step_website_revenue"),
    "create_ticket": ("ticket_create", "graph.step_create_ticket"),
}  # fmt: skip
# The intents planned by SIMPLE: what falls through the dispatch in ``_plan_intent`` (mypy checks it is one of these).
SimpleIntent: TypeAlias = (
    CancelOrder | SetQuantity | OrderStatus | ListOrders | SalesTotals | SearchProducts | StockLevel
    | ProductsBelowThreshold | LowStockReport | SetReorderRule | ListUnpaidInvoices | PostInvoice
    | SendPaymentReminder | RegisterPayment | InvoicePdf | MoveLeadStage | PipelineSummary | ListLeads
    | ListPurchases | VendorHistory | CreateProject | CreateTask | MoveTaskStage | LogTimesheet | MyTasks
    | ProjectStatus | CreateEmployee | CreateDepartment | ListEmployees | CreateExpense | PendingLeaves
    | ApproveLeave | ProductionStatus | ListProductions | CreateEvent | ListEvents | CreateVehicle | LogOdometer
    | SearchVehicles | FleetCosts | PublishProduct | WebsiteOrders | WebsiteRevenue | CreateTicket
)  # fmt: skip
RENAMED = {"text": "name"}
ENTITIES = (
    "customer",
    "order",
    "invoice",
    "product",
    "lead",
    "vendor",
    "purchase",
    "project",
    "task",
    "department",
    "production",
)


def _at_stake(intent: SimpleIntent) -> str:
    """An approval names the money at stake: "File and submit the expense: 45.99 (taxi)"."""
    if not isinstance(intent, CreateExpense | RegisterPayment) or not intent.amount:
        return ""
    said = intent.description if isinstance(intent, CreateExpense) else None
    return f": {intent.amount:.2f}" + (f" ({said})" if said else "")


def _simple(plan: _Plan, i: int, intent: SimpleIntent) -> None:
    """One call of SIMPLE's tool: the intent's fields are its arguments, record phrases replaced by their ids."""
    tool, what = SIMPLE[intent.intent]
    description = t(what) + _at_stake(intent)
    args: dict[str, Any] = {}
    deps: list[str] = []
    for field, value in intent.model_dump(exclude={"intent"}).items():
        if field in ENTITIES:
            value, made = plan.pointed(f"{i}.{field}", FIELD_MODELS.get(field, ""), value)
            deps += made
        if isinstance(value, date):
            value = value.isoformat()  # plan arguments stay plain JSON (checkpoints, the contract)
        if value is not None and value != []:
            args[RENAMED.get(field, field)] = value
    plan.add(tool, args, description, deps)


def _purchase_chain(plan: _Plan, order: int | str, then: Sequence[str], deps: list[str]) -> None:
    """confirm → receive, each depending on the previous step."""
    for what in then:
        if what == "confirm":
            step = plan.add(
                "purchase_confirm",
                {"order": order},
                t("graph.confirm_purchase_order"),
                deps,
            )
        else:
            step = plan.add("purchase_receive", {"order": order}, t("graph.receive_goods"), deps)
        deps = [step]


def _purchase(plan: _Plan, i: int, intent: CreatePurchase) -> None:
    # a new vendor is a supplier, not a customer (supplier_rank 1, customer_rank 0)
    vendor = plan.record(f"{i}.vendor", intent.vendor, "partner_create", vendor=True, customer=False)
    lines, deps = [], [vendor[1:]] if isinstance(vendor, str) else []
    for j, line in enumerate(intent.lines):
        item = {"product": plan.resolved[f"{i}.lines.{j}.product"], "qty": line.qty, "unit_price": line.unit_price}
        lines.append({k: v for k, v in item.items() if v is not None})
    what = t("graph.create_rfq", v=intent.vendor)
    rfq = plan.add("rfq_create", {"vendor": vendor, "lines": lines}, what, deps)
    _purchase_chain(plan, ref(rfq), intent.then, [rfq])


def _plan_purchase(plan: _Plan, i: int, intent: CreatePurchase | ConfirmPurchase | ReceivePurchase) -> None:
    """A new RFQ and its chain, or an existing purchase order confirmed (then maybe received) or received."""
    match intent:
        case CreatePurchase():
            _purchase(plan, i, intent)
        case ConfirmPurchase():
            _purchase_chain(plan, plan.resolved[f"{i}.purchase"], ["confirm", *intent.then], [])
        case ReceivePurchase():
            _purchase_chain(plan, plan.resolved[f"{i}.purchase"], ["receive"], [])


def _production_chain(plan: _Plan, mo: int | str, then: Sequence[str], deps: list[str]) -> None:
    """confirm → finish, each depending on the previous step."""
    for what in then:
        if what == "confirm":
            tool, what = "production_confirm", "graph.step_production_confirm"
        else:
            tool, what = "production_finish", "graph.step_production_finish"
        deps = [plan.add(tool, {"production": mo}, t(what), deps)]


def _bom(plan: _Plan, intent: CreateBom) -> None:
    components = [{"product": c.product, "qty": c.qty} for c in intent.components]
    what = t("graph.create_bill_materials", p=intent.product)
    plan.add("bom_create", {"product": intent.product, "components": components,
                            "create_product": intent.create_product}, what)  # fmt: skip


def _production(plan: _Plan, i: int, intent: CreateProduction) -> None:
    what = t("graph.create_manufacturing_order",
             q=intent.qty, p=intent.product)  # fmt: skip
    mo = plan.add("production_create", {"product": plan.resolved[f"{i}.product"], "qty": intent.qty}, what)
    _production_chain(plan, ref(mo), intent.then, [mo])


ManufacturingIntent: TypeAlias = CreateBom | CreateProduction | ConfirmProduction | FinishProduction


def _plan_manufacturing(plan: _Plan, i: int, intent: ManufacturingIntent) -> None:
    """A bill of materials; a new manufacturing order and its chain; an existing one confirmed or finished."""
    match intent:
        case CreateBom():
            _bom(plan, intent)
        case CreateProduction():
            _production(plan, i, intent)
        case ConfirmProduction():
            _production_chain(plan, plan.resolved[f"{i}.production"], ["confirm", *intent.then], [])
        case FinishProduction():
            _production_chain(plan, plan.resolved[f"{i}.production"], ["finish"], [])


def _invoice(plan: _Plan, i: int, intent: CreateInvoice) -> None:
    customer = plan.record(f"{i}.customer", intent.customer, "partner_create")
    lines = []
    for j, line in enumerate(intent.lines):
        item = {"product": plan.resolved.get(f"{i}.lines.{j}.product"), "quantity": line.qty,
                "price_unit": line.unit_price, "label": None if line.product else "Services"}  # fmt: skip
        lines.append({k: v for k, v in item.items() if v is not None})
    deps = [customer[1:]] if isinstance(customer, str) else []
    what = t("graph.create_draft_invoice", c=intent.customer)
    invoice = plan.add("invoice_create", {"customer": customer, "lines": lines}, what, deps)
    if "post" in intent.then:
        plan.add("invoice_post", {"invoice": ref(invoice)}, t("graph.post_invoice"), [invoice])


def _next_page(plan: _Plan) -> None:
    """The list shown last, again, from where its page ended."""
    last = plan.memory["last_list"]  # the resolve node made sure there is one
    args = {**last["args"], "offset": int(last["args"].get("offset", 0)) + int(last["limit"])}
    plan.add(last["tool"], args, t("graph.show_next_page"))


def _plan_intent(plan: _Plan, i: int, intent: Intent) -> None:
    """Dispatch on the intent's class: each case narrows ``intent``, so each planner reads its own intent's fields,
    and what falls through to ``_simple`` must be a ``SimpleIntent`` (a new intent left unplanned fails mypy)."""
    match intent:
        case CreateQuotation() | ConfirmOrder() | InvoiceOrder() | AddLines():
            _plan_sale(plan, i, intent)
        case CreateInvoice():
            _invoice(plan, i, intent)
        case CreatePurchase() | ConfirmPurchase() | ReceivePurchase():
            _plan_purchase(plan, i, intent)
        case CreateBom() | CreateProduction() | ConfirmProduction() | FinishProduction():
            _plan_manufacturing(plan, i, intent)
        case CreateContact() | FindContact() | UpdateContact() | TagContact() | ArchiveContact():
            _plan_contact(plan, i, intent)
        case CreateLead() | MarkLead():
            _plan_lead(plan, i, intent)
        case CreateProduct() | SetProductPrice() | ValidatePicking():
            _plan_stock(plan, i, intent)
        case PostNote():
            _note_plan(plan, intent)
        case NextPage():
            _next_page(plan)
        case Clarify() | Unsupported():
            pass  # nothing to call: the answer asks the question, or says why not
        case _:
            _simple(plan, i, intent)


def build_plan(intents: list[Intent], resolved: dict[str, int], memory: dict[str, Any]) -> list[PlanStep]:
    """The plan of every intent of the message, in order."""
    plan = _Plan(resolved, memory)
    for i, intent in enumerate(intents):
        _plan_intent(plan, i, intent)
        if intent.intent in CREATED_BY and plan.steps:  # the record this intent makes: "in it" for the ones after
            plan.made[CREATED_BY[intent.intent]] = plan.steps[-1].id
    return plan.steps


_COMPANY_NAME = re.compile(r"\b(?:ltd|llc|inc|corp|gmbh|sarl|sas|sa|as|ab|bv|nv|plc|co|company|group|groupe)\.?$", re.I)
_POSTCODE_CITY = (re.compile(r"^(?P<zip>\d{4,5})\s+(?P<city>.+)$"),  # 69003 Lyon
                  re.compile(r"^(?P<city>.+?)\s+(?P<zip>[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2})$"),  # Leeds LS2 7QP
                  re.compile(r"^(?P<city>.+?),?\s+(?:[A-Z]{2}\s+)?(?P<zip>\d{5}(?:-\d{4})?)$"))  # fmt: skip


def _address(text: str) -> dict[str, str]:
    """ "14 Mill Road, Leeds LS2 7QP" → street, city and zip (a part that cannot be told apart stays the street's)."""
    street, _, rest = (p.strip() for p in text.rpartition(",")) if "," in text else (text.strip(), "", "")
    out = {"street": street}
    for pattern in _POSTCODE_CITY:
        if rest and (m := pattern.match(rest)):
            return {**out, "city": m.group("city").strip(" ,"), "zip": m.group("zip")}
    return {**out, "city": rest} if rest else out


ContactIntent: TypeAlias = CreateContact | FindContact | UpdateContact | TagContact | ArchiveContact


def _plan_contact(plan: _Plan, i: int, intent: ContactIntent) -> None:
    """A new contact (a company when its name says so and no employer is named), a search, or a change."""
    match intent:
        case CreateContact():
            args = {"name": intent.name, "email": intent.email, "phone": intent.phone, "company": intent.company,
                    "is_company": intent.company is None and bool(_COMPANY_NAME.search(intent.name))}  # fmt: skip
            what = t("graph.create_contact", name=intent.name)
            plan.add("partner_create", {k: v for k, v in args.items() if v is not None}, what)
        case FindContact():
            q = intent.query
            field = "email" if "@" in q else "phone" if sum(ch.isdigit() for ch in q) >= 6 else "name"
            plan.add("partner_search", {field: q}, t("graph.find_contacts"))
        case _:
            _change_contact(plan, i, intent)


def _change_contact(plan: _Plan, i: int, intent: UpdateContact | TagContact | ArchiveContact) -> None:
    """The contact named, else the one made earlier in this plan: updated, tagged or archived."""
    partner, deps = plan.pointed(f"{i}.contact", "res.partner")
    match intent:
        case UpdateContact():
            changes = {k: v for k, v in (("email", intent.email), ("phone", intent.phone)) if v}
            changes |= _address(intent.address) if intent.address else {}
            plan.add("partner_update", {"partner": partner, "changes": changes},
                     t("graph.update_contact"), deps)  # fmt: skip
        case TagContact():
            plan.add("partner_tag", {"partner": partner, "tags": [intent.tag]},
                     t("graph.tag_contact", tag=intent.tag), deps)  # fmt: skip
        case ArchiveContact():
            plan.add("partner_archive", {"partner": partner}, t("graph.archive_contact"), deps)


# The model of a record named by its reference (the clean-up's own patterns tell the kind).
_REF_MODELS = {"invoice": "account.move", "order": "sale.order", "purchase": "purchase.order",
               "production": "mrp.production", "picking": "stock.picking"}  # fmt: skip


def _last_recent(plan: _Plan, models: tuple[str, ...] | None = None) -> dict[str, Any] | None:
    recent = [r for r in plan.memory.get("recent", []) if models is None or r["model"] in models]
    return recent[-1] if recent else None


def _note_plan(plan: _Plan, intent: PostNote) -> None:
    """A note on the record named by reference or name, else on the thread's last record."""
    if intent.record:
        model = _REF_MODELS.get(ref_kind(intent.record) or "", "res.partner")
        record: Any = intent.record
    elif last := _last_recent(plan):  # by id where the thread remembers it: a draft has no unique name
        model, record = last["model"], plan.memory.get(last["model"]) or last["name"]
    else:
        raise LookupError(t("graph.which_record_for_note"))
    plan.add("note_post", {"model": model, "record": record, "body": intent.text},
             t("graph.post_internal_note"))  # fmt: skip


def _picking_plan(plan: _Plan, intent: ValidatePicking) -> None:
    """The transfer named, else the one of the thread's last order (sales or purchase)."""
    picking = intent.picking or (_last_recent(plan, ("sale.order", "purchase.order", "stock.picking")) or {}).get(
        "name"
    )
    if not picking:
        raise LookupError(t("graph.which_transfer"))
    plan.add("picking_validate", {"picking": picking}, t("graph.validate_transfer"))


def _price_plan(plan: _Plan, i: int, intent: SetProductPrice) -> None:
    plan.add("product_update_price", {"product": plan.resolved[f"{i}.product"], "list_price": intent.price},
             t("graph.set_sales_price", p=f"{intent.price:g}"))  # fmt: skip


def _plan_stock(plan: _Plan, i: int, intent: CreateProduct | SetProductPrice | ValidatePicking) -> None:
    """A new product (its unset fields left to the tool), a product's new price, or a transfer validated."""
    match intent:
        case CreateProduct():
            args = {"name": intent.name, "list_price": intent.list_price, "kind": intent.kind,
                    "min_qty": intent.min_qty}  # fmt: skip
            plan.add("product_create", {k: v for k, v in args.items() if v is not None},
                     t("graph.create_product", name=intent.name))  # fmt: skip
        case SetProductPrice():
            _price_plan(plan, i, intent)
        case ValidatePicking():
            _picking_plan(plan, intent)


def _plan_lead(plan: _Plan, i: int, intent: CreateLead | MarkLead) -> None:
    """A new lead (its fields are the tool's), or the lead named (else the one made earlier) marked won or lost."""
    if isinstance(intent, CreateLead):
        kind = "graph.create_opportunity" if intent.kind == "opportunity" else "graph.create_lead"
        what = t(kind, who=intent.contact or intent.email or "?")
        plan.add("lead_create", intent.model_dump(exclude={"intent"}, exclude_none=True), what)
        return
    won = intent.outcome == "won"
    lead, deps = plan.pointed(f"{i}.lead", "crm.lead")
    args = {"lead": lead,
            **({} if won or not intent.reason else {"reason": intent.reason})}  # fmt: skip
    what = t("graph.mark_won") if won else t("graph.mark_lost")
    plan.add("lead_mark_won" if won else "lead_mark_lost", args, what, deps)


# Tools the planner reaches other than through SIMPLE (chains, creation steps, per-family planners).
_PLANNED: dict[str, tuple[str, ...]] = {
    "create_quotation": ("quotation_create", "partner_create", "product_create", "order_confirm", "invoice_from_order",
                         "invoice_post"),
    "confirm_order": ("order_confirm", "invoice_from_order", "invoice_post"),
    "invoice_order": ("invoice_from_order", "invoice_post"),
    "add_lines": ("quotation_add_lines",),
    "create_product": ("product_create",),
    "create_invoice": ("invoice_create", "partner_create", "invoice_post"),
    "create_bom": ("bom_create",),
    "create_production": ("production_create", "production_confirm", "production_finish"),
    "confirm_production": ("production_confirm", "production_finish"),
    "finish_production": ("production_finish",),
    "create_purchase": ("rfq_create", "partner_create", "purchase_confirm", "purchase_receive"),
    "confirm_purchase": ("purchase_confirm", "purchase_receive"),
    "receive_purchase": ("purchase_receive",),
    "create_lead": ("lead_create",),
    "mark_lead": ("lead_mark_won", "lead_mark_lost"),
    "create_contact": ("partner_create",),
    "update_contact": ("partner_update",),
    "find_contact": ("partner_search",),
    "tag_contact": ("partner_tag",),
    "archive_contact": ("partner_archive",),
    "post_note": ("note_post",),
    "validate_picking": ("picking_validate",),
    "set_product_price": ("product_update_price",),
    "invoice_pdf": ("invoice_pdf_generate",),  # in front of the read when Odoo has no PDF yet (graphs/prerequisites)
}  # fmt: skip
# Tools no sentence reaches, and why: the seed's Python API and raw lookups, for scripts and MCP clients.
# The reasons are for developers (tests/test_registry.py asks for one), never shown to a person.
_SEED = "the seed connector's Python API"  # i18n-exempt: for developers
API_ONLY: dict[str, str] = {
    "automation_webhook_install": "odoo-agent automations install-webhook RULE",  # i18n-exempt: for developers
    "generic_read": "any model's records (a person names what they want instead)",  # i18n-exempt: for developers
    "partner_get": "one contact by id (a sentence names the contact: find_contact)",  # i18n-exempt: for developers
    "order_pickings": "an order's transfers (a sentence reaches validate_picking)",  # i18n-exempt: for developers
    "inventory_adjust": "a count overwriting stock: Odoo's Physical Inventory screen",  # i18n-exempt: for developers
    "find_or_create_partner": f"{_SEED} (a sentence resolves the customer)",  # i18n-exempt: for developers
    "find_or_create_product": _SEED,
    "smart_create_quotation": f"{_SEED} (a sentence plans the same steps)",  # i18n-exempt: for developers
    "smart_create_purchase": _SEED,
    "smart_create_lead": _SEED,
    "smart_create_task": _SEED,
    "smart_create_employee": _SEED,
    "smart_create_event": _SEED,
}


def intents_reaching(tool: str) -> list[str]:
    """The intents whose plans may call ``tool`` ("more" pages through every list)."""
    found = [i for i, (name, _) in SIMPLE.items() if name == tool]
    found += [i for i, tools in _PLANNED.items() if tool in tools]
    if found and tool in PAGEABLE:
        found.append("next_page")
    return sorted(set(found))
