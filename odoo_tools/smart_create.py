"""The seed connector's other smart actions, typed: purchase, lead, task, employee and event by names.

Same contract as ``smart_create_quotation``: every name is looked up first; a name that could mean
two records makes the whole call a question (nothing is created); a record is created only when
nothing plausible exists and ``create_missing`` allows it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Literal

from pydantic import Field

from odoo_tools.client import OdooClient
from odoo_tools.find_or_create import FindOrCreate, _key, _looked_up, _questions
from odoo_tools.i18n import t
from odoo_tools.registry import REGISTRY, Risk, tool
from odoo_tools.results import RecordRef, ToolInput, ToolResult

__all__ = ["SmartResult"]


class SmartResult(ToolResult):
    status: Literal["created", "needs_input"]
    looked_up: list[FindOrCreate]
    questions: list[str] = Field(default_factory=list)
    record: RecordRef | None = None


Maker = Callable[[str, str | None], RecordRef]


def _smart(client: OdooClient, wanted: list[tuple[str, str, Maker]], create_missing: bool, key: str | None,
           make: Callable[[list[RecordRef]], ToolResult]) -> SmartResult:  # fmt: skip
    """Look every (model, name) up; ask, or create what is missing, then ``make`` the main record from their refs."""
    looked = [_looked_up(client, model, name) for model, name, _ in wanted]
    names = [name for _, name, _ in wanted]
    if questions := _questions(names, looked, create_missing):
        unresolved = [o or FindOrCreate(phrase=n, status="ambiguous") for n, o in zip(names, looked, strict=True)]
        return SmartResult(message=" ".join(questions), status="needs_input", looked_up=unresolved,
                           questions=questions)  # fmt: skip
    refs: list[RecordRef] = []
    created: list[RecordRef] = []
    outcomes: list[FindOrCreate] = []
    for i, ((_, name, maker), outcome) in enumerate(zip(wanted, looked, strict=True)):
        if outcome is None:
            record = maker(name, _key(key, f"record-{i}"))
            created.append(record)
            outcome = FindOrCreate(phrase=name, status="created", record=record)
        assert outcome.record is not None
        outcomes.append(outcome)
        refs.append(outcome.record)
    main = make(refs)
    new = ", ".join(r.display_name for r in created)
    extra = t("create.new_records", new=new) if new else ""
    return SmartResult(message=main.message + extra, status="created", looked_up=outcomes,
                       record=main.created[0] if main.created else None, created=[*created, *main.created],
                       found=[o.record for o in outcomes if o.status == "found" and o.record])  # fmt: skip


def _maker(client: OdooClient, tool_name: str, **extra: object) -> Maker:
    """Create one missing record through its own typed tool (so the policy's view of it is the same)."""

    def make(name: str, key: str | None) -> RecordRef:
        args = {"name": name, **extra, **({"idempotency_key": key} if key else {})}
        return REGISTRY[tool_name].run(client, args).created[0]

    return make


class SmartLineIn(ToolInput):
    name: str = Field(min_length=1)
    quantity: float = Field(default=1, gt=0)
    price_unit: float | None = Field(default=None, ge=0)


class SmartPurchase(ToolInput):
    vendor_name: str = Field(min_length=1)
    product_lines: list[SmartLineIn] = Field(min_length=1, max_length=100)
    create_missing: bool = True
    idempotency_key: str | None = None


@tool(domain="purchase", risk=Risk.WRITE, modules=("purchase",))
def smart_create_purchase(client: OdooClient, args: SmartPurchase) -> SmartResult:
    """An RFQ by names: finds (or, when nothing plausible exists, creates) the vendor and products."""
    wanted = [("res.partner", args.vendor_name, _maker(client, "partner_create", allow_similar=True))]
    wanted += [("product.product", ln.name, _maker(client, "product_create", allow_similar=True))
               for ln in args.product_lines]  # fmt: skip

    def make(refs: list[RecordRef]) -> ToolResult:
        lines = [{"product": r.id, "qty": ln.quantity} | ({"unit_price": ln.price_unit} if ln.price_unit else {})
                 for r, ln in zip(refs[1:], args.product_lines, strict=True)]  # fmt: skip
        return REGISTRY["rfq_create"].run(
            client, {"vendor": refs[0].id, "lines": lines, "idempotency_key": _key(args.idempotency_key, "rfq")}
        )

    return _smart(client, wanted, args.create_missing, args.idempotency_key, make)


class SmartLead(ToolInput):
    contact_name: str = Field(min_length=1)
    email: str | None = None
    expected_revenue: float | None = Field(default=None, ge=0)
    kind: Literal["lead", "opportunity"] = "opportunity"
    create_missing: bool = True
    idempotency_key: str | None = None


@tool(domain="crm", risk=Risk.WRITE, modules=("crm",))
def smart_create_lead(client: OdooClient, args: SmartLead) -> SmartResult:
    """A lead for a contact by name: links it, or creates the contact when nothing plausible exists."""
    wanted = [
        (
            "res.partner",
            args.contact_name,
            _maker(client, "partner_create", allow_similar=True, **({"email": args.email} if args.email else {})),
        )
    ]

    def make(refs: list[RecordRef]) -> ToolResult:
        return REGISTRY["lead_create"].run(
            client,
            {
                "contact": refs[0].id,
                "email": args.email,
                "kind": args.kind,
                "expected_revenue": args.expected_revenue,
                "name": f"{refs[0].display_name}",
                "idempotency_key": _key(args.idempotency_key, "lead"),
            },
        )

    return _smart(client, wanted, args.create_missing, args.idempotency_key, make)


class SmartTask(ToolInput):
    project_name: str = Field(min_length=1)
    task_name: str = Field(min_length=1)
    assignee: str | None = None
    deadline: date | None = None
    create_missing: bool = True
    idempotency_key: str | None = None


@tool(domain="projects", risk=Risk.WRITE, modules=("project",))
def smart_create_task(client: OdooClient, args: SmartTask) -> SmartResult:
    """A task in a project by name: creates the project (with its stages) when nothing plausible exists."""
    wanted = [("project.project", args.project_name, _maker(client, "project_create"))]

    def make(refs: list[RecordRef]) -> ToolResult:
        task = {"name": args.task_name, "project": refs[0].id, "assignee": args.assignee,
                "deadline": args.deadline.isoformat() if args.deadline else None}  # fmt: skip
        return REGISTRY["task_create"].run(client, {k: v for k, v in task.items() if v is not None})

    return _smart(client, wanted, args.create_missing, args.idempotency_key, make)


class SmartEmployee(ToolInput):
    name: str = Field(min_length=1)
    department_name: str | None = None
    job_title: str | None = None
    create_missing: bool = True
    idempotency_key: str | None = None


@tool(domain="hr", risk=Risk.WRITE, modules=("hr",))
def smart_create_employee(client: OdooClient, args: SmartEmployee) -> SmartResult:
    """An employee, in a department by name that is created when nothing plausible exists."""
    dept = args.department_name
    wanted = [("hr.department", dept, _maker(client, "department_create"))] if dept else []

    def make(refs: list[RecordRef]) -> ToolResult:
        emp = {"name": args.name, "job_title": args.job_title, "department": refs[0].id if refs else None,
               "idempotency_key": _key(args.idempotency_key, "employee")}  # fmt: skip
        return REGISTRY["employee_create"].run(client, {k: v for k, v in emp.items() if v is not None})

    return _smart(client, wanted, args.create_missing, args.idempotency_key, make)


class SmartEvent(ToolInput):
    name: str = Field(min_length=1)
    start: datetime
    duration_hours: float = Field(default=1, gt=0)
    attendee_names: list[str] = Field(default_factory=list)
    create_missing: bool = Field(default=False, description="Create unknown attendees as contacts")


@tool(domain="calendar", risk=Risk.WRITE, modules=("calendar",))
def smart_create_event(client: OdooClient, args: SmartEvent) -> SmartResult:
    """An event with attendees by name (unknown attendees become contacts only with create_missing)."""
    wanted = [("res.partner", n, _maker(client, "partner_create", allow_similar=True, is_company=False))
              for n in args.attendee_names]  # fmt: skip

    def make(refs: list[RecordRef]) -> ToolResult:
        return REGISTRY["event_create"].run(client, {"name": args.name, "start": args.start.isoformat(),
                                                     "duration_hours": args.duration_hours,
                                                     "attendees": [r.id for r in refs]})  # fmt: skip

    return _smart(client, wanted, args.create_missing, None, make)
