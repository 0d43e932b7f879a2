"""HR: employees and departments, expenses (created with their category and submitted), time-off approvals.

A department named for a new employee is created only when asked (``create_department``): an
unknown department is otherwise an error naming the ones that exist, never a silent new record.
19.0 has no expense report (``hr.expense.sheet``): an expense is submitted on its own.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, Field

from odoo_tools.client import OdooClient
from odoo_tools.client.clock import get_clock
from odoo_tools.errors import OdooValidationError
from odoo_tools.i18n import t
from odoo_tools.names import like_literal
from odoo_tools.registry import Risk, tool
from odoo_tools.resolve import RecordInput, found_or_made, resolve_one
from odoo_tools.results import RecordRef, ToolInput, ToolResult

__all__ = ["Employee", "Expense", "Leave"]

HR = ("hr",)


class Employee(BaseModel):
    id: int
    name: str
    job_title: str | None
    department: str | None
    work_email: str | None

    def ref(self) -> RecordRef:
        return RecordRef(model="hr.employee", id=self.id, display_name=self.name)


def _employees(client: OdooClient, domain: list[Any], limit: int = 200, offset: int = 0) -> list[Employee]:
    rows = client.search_read("hr.employee", domain, ["name", "job_title", "department_id", "work_email"],
                              limit=limit, offset=offset, order="name, id")  # fmt: skip
    return [Employee(id=r["id"], name=r["name"], job_title=r["job_title"] or None,
                     department=r["department_id"][1] if r["department_id"] else None,
                     work_email=r["work_email"] or None) for r in rows]  # fmt: skip


class EmployeeResult(ToolResult):
    employee: Employee


class DepartmentCreate(ToolInput):
    name: str = Field(min_length=1)
    idempotency_key: str | None = None


class DepartmentResult(ToolResult):
    department: RecordRef


@tool(domain="hr", risk=Risk.WRITE, modules=HR)
def department_create(client: OdooClient, args: DepartmentCreate) -> DepartmentResult:
    """Create a department (refused when one of that name exists)."""
    if client.search("hr.department", [["name", "=ilike", like_literal(args.name)]], limit=1):
        raise OdooValidationError(t("hr.department_already_exists",
                                    name=args.name))  # fmt: skip
    dept = RecordRef(model="hr.department", id=client.create("hr.department", {"name": args.name},
                                                              idempotency_key=args.idempotency_key),
                     display_name=args.name)  # fmt: skip
    return DepartmentResult(message=t("hr.created_department", name=args.name),
                            created=[dept], department=dept)  # fmt: skip


class EmployeeCreate(ToolInput):
    name: str = Field(min_length=1)
    job_title: str | None = None
    department: RecordInput | None = None
    create_department: bool = Field(default=False, description="Create the department when it does not exist")
    work_email: str | None = None
    idempotency_key: str | None = None


def _department(client: OdooClient, phrase: RecordInput, create: bool) -> tuple[RecordRef, bool]:
    def make(name: str) -> RecordRef:
        return RecordRef(model="hr.department", id=client.create("hr.department", {"name": name}), display_name=name)

    return found_or_made(client, "hr.department", phrase, make if create else None)


@tool(domain="hr", risk=Risk.WRITE, modules=HR)
def employee_create(client: OdooClient, args: EmployeeCreate) -> EmployeeResult:
    """Create an employee (job title, department); the department is created only with create_department."""
    vals: dict[str, Any] = {"name": args.name, "job_title": args.job_title, "work_email": args.work_email}
    created: list[RecordRef] = []
    if args.department is not None:
        dept, new = _department(client, args.department, args.create_department)
        vals["department_id"] = dept.id
        if new:
            created.append(dept)
    eid = client.create("hr.employee", {k: v for k, v in vals.items() if v is not None},
                        idempotency_key=args.idempotency_key)  # fmt: skip
    emp = _employees(client, [["id", "=", eid]])[0]
    where = t("hr.in_department", dept=emp.department) if emp.department else ""
    job = f" ({emp.job_title})" if emp.job_title else ""
    return EmployeeResult(message=t("hr.created_employee",
                                    name=emp.name, job=job, where=where),
                          created=[emp.ref(), *created], employee=emp)  # fmt: skip


class EmployeesList(ToolInput):
    department: RecordInput | None = None
    limit: int = Field(default=50, ge=1, le=200)
    offset: int = Field(default=0, ge=0)


class EmployeesResult(ToolResult):
    employees: list[Employee]


@tool(domain="hr", risk=Risk.READ, modules=HR)
def employees_list(client: OdooClient, args: EmployeesList) -> EmployeesResult:
    """Employees, of one department (and its sub-departments) when named."""
    domain: list[Any] = []
    where = ""
    if args.department is not None:
        dept = resolve_one(client, "hr.department", args.department)
        domain, where = [["department_id", "child_of", dept.id]], t("hr.in_department",
                                                                      dept=dept.display_name)  # fmt: skip
    emps = _employees(client, domain, args.limit, args.offset)
    shown = "; ".join(e.name + (f" ({e.job_title})" if e.job_title else "") for e in emps)
    return EmployeesResult(message=t("hr.employee_s",
                                     n=len(emps), where=where, shown=shown or "–"),
                           found=[e.ref() for e in emps], employees=emps)  # fmt: skip


class Expense(BaseModel):
    id: int
    name: str
    employee: str
    category: str | None
    amount: float
    currency: str | None
    state: str = Field(description="draft, submitted, approved, posted, in_payment, paid, refused")

    def ref(self) -> RecordRef:
        return RecordRef(model="hr.expense", id=self.id, display_name=self.name)


class ExpenseCreate(ToolInput):
    amount: float = Field(gt=0)
    description: str | None = Field(default=None, description='What it was for: "Taxi to site"')
    category: RecordInput | None = Field(default=None, description='Expense category: "Meals", "Travel"; default: '
                                                                   "the generic one")  # fmt: skip
    day: date | None = None
    submit: bool = Field(default=True, description="Submit it for approval right away")
    idempotency_key: str | None = None


class ExpenseResult(ToolResult):
    expense: Expense


def _category(client: OdooClient, phrase: RecordInput | None) -> RecordRef:
    domain = [["can_be_expensed", "=", True]]
    if phrase is not None:
        return resolve_one(client, "product.product", phrase, domain=domain)
    generic = client.search_read("product.product", [*domain, ["default_code", "=", "EXP_GEN"]], ["display_name"])
    rows = generic or client.search_read("product.product", domain, ["display_name"], limit=1, order="id")
    if not rows:
        raise OdooValidationError(t("hr.there_expense_category_database"))  # fmt: skip
    return RecordRef(model="product.product", id=rows[0]["id"], display_name=rows[0]["display_name"])


@tool(domain="hr", risk=Risk.FINANCIAL, modules=("hr_expense",))
def expense_create(client: OdooClient, args: ExpenseCreate) -> ExpenseResult:
    """Record an expense of the API user's employee, with its category, and submit it for approval."""
    employee = client.search("hr.employee", [["user_id", "=", client.uid]], limit=1)
    if not employee:
        raise OdooValidationError(
            t(
                "hr.user_has_employee_record",
            )
        )
    category = _category(client, args.category)
    day = args.day or get_clock().now().date()
    vals = {"name": args.description or category.display_name, "employee_id": employee[0], "product_id": category.id,
            "total_amount_currency": args.amount, "payment_mode": "own_account", "date": day.isoformat()}  # fmt: skip
    eid = client.create("hr.expense", vals, idempotency_key=args.idempotency_key)
    # 17/18 submit through an expense report (hr.expense.sheet), which 19 removed: left as a draft there.
    report_era = client.major < 19
    if args.submit and not report_era:
        client.call("hr.expense", "action_submit", [eid])
    row = client.read("hr.expense", [eid], ["name", "employee_id", "product_id", "total_amount_currency",
                                            "currency_id", "state"])[0]  # fmt: skip
    exp = Expense(id=eid, name=row["name"], employee=row["employee_id"][1],
                  category=row["product_id"][1] if row["product_id"] else None, amount=row["total_amount_currency"],
                  currency=row["currency_id"][1] if row["currency_id"] else None, state=row["state"])  # fmt: skip
    note = (
        t(
            "hr.submit_expense_report_odoo",
        )
        if args.submit and report_era
        else ""
    )
    return ExpenseResult(message=t("hr.expense",
                                   name=exp.name, amount=exp.amount, currency=exp.currency or "",
                                   category=exp.category or "–", state=exp.state, note=note),
                         created=[exp.ref()], expense=exp)  # fmt: skip


class Leave(BaseModel):
    id: int
    employee: str
    type: str
    date_from: date
    date_to: date
    days: float
    state: str = Field(description="confirm (to approve), validate1 (second approval), validate, refuse, cancel")

    def ref(self) -> RecordRef:
        return RecordRef(model="hr.leave", id=self.id, display_name=f"{self.employee}: {self.type} {self.date_from}")


def _leaves(client: OdooClient, domain: list[Any], limit: int = 50) -> list[Leave]:
    rows = client.search_read("hr.leave", domain, ["employee_id", "holiday_status_id", "request_date_from",
                                                   "request_date_to", "number_of_days", "state"],
                              limit=limit, order="request_date_from, id")  # fmt: skip
    return [Leave(id=r["id"], employee=r["employee_id"][1], type=r["holiday_status_id"][1],
                  date_from=r["request_date_from"], date_to=r["request_date_to"], days=r["number_of_days"],
                  state=r["state"]) for r in rows]  # fmt: skip


class LeavesPending(ToolInput):
    limit: int = Field(default=50, ge=1, le=200)


class LeavesResult(ToolResult):
    leaves: list[Leave]


@tool(domain="hr", risk=Risk.READ, modules=("hr_holidays",))
def leaves_pending(client: OdooClient, args: LeavesPending) -> LeavesResult:
    """Time-off requests waiting for approval (first or second), earliest first."""
    leaves = _leaves(client, [["state", "in", ["confirm", "validate1"]]], args.limit)
    shown = "; ".join(f"#{x.id} {x.employee}, {x.type}, {x.date_from}→{x.date_to} ({x.days:g} d)" for x in leaves)
    return LeavesResult(message=t("hr.time_off_request_s", n=len(leaves), shown=shown or "–"),
                        found=[x.ref() for x in leaves], leaves=leaves)  # fmt: skip


class LeaveInput(ToolInput):
    leave: int = Field(description="The request's id (leaves_pending shows them as #id)")


@tool(domain="hr", risk=Risk.WRITE, modules=("hr_holidays",))
def leave_approve(client: OdooClient, args: LeaveInput) -> LeavesResult:
    """Approve a time-off request (Odoo's action: a second approval may still be needed)."""
    found = _leaves(client, [["id", "=", args.leave]])
    if not found:
        raise OdooValidationError(t("hr.there_time_off_request",
                                    id=args.leave))  # fmt: skip
    if found[0].state not in ("confirm", "validate1"):
        raise OdooValidationError(t("hr.request_nothing_approve", id=args.leave,
                                    state=found[0].state))  # fmt: skip
    client.call("hr.leave", "action_approve", [args.leave])
    leave = _leaves(client, [["id", "=", args.leave]])[0]
    more = t("hr.second_approval_still_needed") if leave.state == "validate1" else ""
    return LeavesResult(message=t("hr.approved_s", who=leave.employee,
                                  type=leave.type, a=leave.date_from, b=leave.date_to, more=more),
                        changed=[leave.ref()], leaves=[leave])  # fmt: skip
