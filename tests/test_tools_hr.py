"""HR tools against a real Odoo 19: departments, employees, expenses, time-off approvals.

Each test names what it creates after itself and archives or deletes it at teardown.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import odoo_tools.hr  # noqa: F401 - registers the tools
from odoo_tools import OdooClient
from odoo_tools.client.errors import OdooValidationError
from odoo_tools.resolve import NoMatchError
from tests.conftest import run_tool as run

pytestmark = pytest.mark.live


@pytest.fixture
def name(client: OdooClient, request: pytest.FixtureRequest) -> Iterator[str]:
    """A name prefix for this test; its employees, departments, expenses and leaves are removed afterwards."""
    prefix = f"odoo-agent test {request.node.name}"
    yield prefix
    emps = client.execute("hr.employee", "search", domain=[["name", "=like", f"{prefix}%"]],
                          context={"active_test": False})  # fmt: skip
    leaves = client.search("hr.leave", [["employee_id", "in", emps]]) if emps else []
    if leaves:
        client.call("hr.leave", "action_refuse", leaves)
        client.unlink("hr.leave", leaves)
    # Odoo keeps approved expenses (it may auto-approve small ones): only the others can go.
    expenses = client.search("hr.expense", [["name", "=like", f"{prefix}%"], ["state", "in", ["draft", "submitted"]]])
    if expenses:
        client.unlink("hr.expense", expenses)
    if emps:
        client.write("hr.employee", emps, {"active": False})
    depts = client.search("hr.department", [["name", "=like", f"{prefix}%"]])
    if depts:
        client.write("hr.department", depts, {"active": False})


def test_department_then_employees_in_it(client: OdooClient, name: str) -> None:
    dept = f"{name} Engineering"
    assert run(client, "department_create", name=dept).message == f"Created department {dept}."
    with pytest.raises(OdooValidationError, match="already exists"):
        run(client, "department_create", name=dept)
    out = run(client, "employee_create", name=f"{name} John Smith", job_title="Developer", department=dept)
    assert (out.employee.job_title, out.employee.department) == ("Developer", dept)
    assert out.message == f"Created employee {name} John Smith (Developer) in {dept}."
    listed = run(client, "employees_list", department=dept)
    assert [e.name for e in listed.employees] == [f"{name} John Smith"]


def test_an_unknown_department_is_created_only_when_asked(client: OdooClient, name: str) -> None:
    dept = f"{name} Moon Base"
    with pytest.raises(NoMatchError, match="No department matches"):
        run(client, "employee_create", name=f"{name} Ann", department=dept)
    assert not client.search("hr.employee", [["name", "=", f"{name} Ann"]])
    out = run(client, "employee_create", name=f"{name} Ann", department=dept, create_department=True)
    assert out.employee.department == dept and [r.model for r in out.created] == ["hr.employee", "hr.department"]


def test_an_expense_is_filed_with_its_category_and_submitted(client: OdooClient, name: str) -> None:
    out = run(client, "expense_create", amount=45.99, description=f"{name} taxi", category="Travel")
    assert (out.expense.amount, out.expense.category, out.expense.employee) == (
        45.99,
        "[TRANS & ACC] Travel & Accommodation",
        "Mitchell Admin",
    )
    assert out.expense.state in ("submitted", "approved")  # Odoo may auto-approve under a manager's limit
    generic = run(client, "expense_create", amount=12, description=f"{name} misc", submit=False)
    assert (generic.expense.category, generic.expense.state) == ("[EXP_GEN] Expenses", "draft")


def test_pending_time_off_is_listed_and_approved(client: OdooClient, name: str) -> None:
    emp = client.create("hr.employee", {"name": f"{name} Leaver"})
    leave = client.create("hr.leave", {"employee_id": emp, "holiday_status_id": 2, "name": "flu",
                                       "request_date_from": "2027-02-01", "request_date_to": "2027-02-02"})  # fmt: skip
    pending = run(client, "leaves_pending", limit=200)
    assert leave in [x.id for x in pending.leaves] and f"#{leave} {name} Leaver, Sick Time Off" in pending.message
    approved = run(client, "leave_approve", leave=leave)
    assert approved.leaves[0].state == "validate" and approved.message.startswith(f"Approved {name} Leaver's Sick")
    with pytest.raises(OdooValidationError, match="nothing to approve"):
        run(client, "leave_approve", leave=leave)
