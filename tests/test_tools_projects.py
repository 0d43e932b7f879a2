"""Project tools against a real Odoo 19: project with stages, task, stage move, timesheet, my tasks, status.

Each test names its project after itself and deletes it (tasks and timesheets with it) at teardown.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

import odoo_tools.projects  # noqa: F401 - registers the tools
from odoo_tools import OdooClient
from odoo_tools.client.errors import OdooValidationError
from odoo_tools.resolve import NoMatchError
from tests.conftest import run_tool as run

pytestmark = pytest.mark.live


@pytest.fixture
def project(client: OdooClient, request: pytest.FixtureRequest) -> Iterator[str]:
    name = f"odoo-agent test {request.node.name}"
    yield name
    ids = client.search("project.project", [["name", "=", name]])
    if ids:
        tasks = client.execute("project.task", "search", domain=[["project_id", "in", ids]],
                               context={"active_test": False})  # fmt: skip
        lines = client.search("account.analytic.line", [["project_id", "in", ids]])
        if lines:
            client.unlink("account.analytic.line", lines)
        if tasks:
            client.unlink("project.task", tasks)
        client.unlink("project.project", ids)


def test_a_project_gets_the_usual_stages(client: OdooClient, project: str) -> None:
    out = run(client, "project_create", name=project)
    stages = client.read("project.project", [out.project.id], ["type_ids"])[0]["type_ids"]
    names = [s["name"] for s in client.read("project.task.type", stages, ["name"])]
    assert sorted(names) == sorted(["New", "In Progress", "Done", "Cancelled"])
    assert out.message == f"Created project {project} (stages New, In Progress, Done, Cancelled)."


def test_task_stage_and_timesheet(client: OdooClient, project: str) -> None:
    run(client, "project_create", name=project)
    task = run(client, "task_create", name="Fix login button", project=project, assignee="me",
               deadline=date(2026, 12, 1), tags=["odoo-agent test"], allocated_hours=4).task  # fmt: skip
    assert (task.stage, task.assignees, task.allocated_hours) == ("New", ["Mitchell Admin"], 4)
    assert task.deadline is not None and task.deadline.date() == date(2026, 12, 1)
    moved = run(client, "task_set_stage", task=f"#{task.id}", stage="in progress")
    assert moved.task.stage == "In Progress" and "from New to In Progress" in moved.message
    with pytest.raises(OdooValidationError, match="no stage 'review'; the stages are: New, In Progress"):
        run(client, "task_set_stage", task=task.id, stage="review")
    logged = run(client, "timesheet_log", task=f"#{task.id}", hours=3, description="debugging")
    assert logged.task.hours_spent == 3 and logged.message == "Logged 3 h on Fix login button (3 h in all)."
    line = client.read("account.analytic.line", [logged.line.id], ["unit_amount", "task_id", "employee_id"])[0]
    assert line["unit_amount"] == 3 and line["task_id"][0] == task.id and line["employee_id"][1] == "Mitchell Admin"


def test_my_tasks_and_project_status(client: OdooClient, project: str) -> None:
    run(client, "project_create", name=project)
    late = run(client, "task_create", name="Overdue thing", project=project, assignee="me",
               deadline=date(2020, 1, 1)).task  # fmt: skip
    mine = run(client, "my_tasks", limit=200)
    assert late.id in [x.id for x in mine.tasks] and not any(x.closed for x in mine.tasks)
    run(client, "task_create", name="Later thing", project=project)
    status = run(client, "project_status", project=project)
    assert (status.open_tasks, status.overdue_tasks) == (2, 1)
    assert [(s.stage, s.tasks) for s in status.by_stage] == [("New", 2)]
    assert status.message.startswith(f"{project}: no status update; 2 open and 0 closed task(s) (New 2); 1 overdue")


def test_a_task_in_an_unknown_project_is_refused(client: OdooClient) -> None:
    with pytest.raises(NoMatchError, match="No project matches"):
        run(client, "task_create", name="Nowhere", project="odoo-agent no such project zzz")
