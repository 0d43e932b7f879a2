"""Projects and tasks: create them, move a task's stage, log timesheet hours, my tasks, a project's status.

A project made over RPC has no stages, and its tasks would have none: ``project_create`` links the
shared stages the other projects use (New, In Progress, Done, Cancelled), creating them only in a
database that has none.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

from pydantic import BaseModel, Field

from odoo_tools import nested
from odoo_tools.client import OdooClient
from odoo_tools.client.clock import get_clock
from odoo_tools.errors import ModuleMissingError, OdooValidationError
from odoo_tools.i18n import t
from odoo_tools.names import like_literal, match_name
from odoo_tools.registry import Risk, tool
from odoo_tools.resolve import RecordInput, resolve_one
from odoo_tools.results import RecordRef, ToolInput, ToolResult

__all__ = ["ProjectStatus", "Task", "TaskResult"]

PROJECT = ("project",)
TASK_FIELDS = ["name", "project_id", "stage_id", "user_ids", "date_deadline", "allocated_hours", "effective_hours",
               "is_closed", "tag_ids"]  # fmt: skip
_SHARED_STAGES = ("New", "In Progress", "Done", "Cancelled")
_STAGE_WORDS = {"todo": "new", "to do": "new", "a faire": "new", "backlog": "new", "doing": "in progress",
                "en cours": "in progress", "wip": "in progress", "termine": "done", "fait": "done",
                "finished": "done", "annule": "cancelled", "canceled": "cancelled"}  # fmt: skip


class Task(BaseModel):
    id: int
    name: str
    project: str | None
    stage: str | None
    assignees: list[str]
    deadline: datetime | None
    allocated_hours: float
    hours_spent: float
    closed: bool

    def ref(self) -> RecordRef:
        return RecordRef(model="project.task", id=self.id, display_name=self.name)


# A task with its project, stage and assignees named: one nested read.
TASK_SPEC = nested.spec(
    [f for f in TASK_FIELDS if f != "user_ids"], named={"project_id", "stage_id"}, nested={"user_ids": {"name": {}}}
)


def _tasks(client: OdooClient, ids: list[int]) -> list[Task]:
    return [_task(r) for r in client.web_read("project.task", ids, TASK_SPEC)] if ids else []


def _task(answer: dict[str, Any]) -> Task:
    r = nested.as_read(answer)
    return Task(id=r["id"], name=r["name"], project=r["project_id"][1] if r["project_id"] else None,
                stage=r["stage_id"][1] if r["stage_id"] else None, assignees=[u["name"] for u in r["user_ids"]],
                deadline=r["date_deadline"] or None, allocated_hours=r["allocated_hours"] or 0.0,
                hours_spent=r["effective_hours"] or 0.0, closed=bool(r["is_closed"]))  # fmt: skip


class TaskResult(ToolResult):
    task: Task


class ProjectCreate(ToolInput):
    name: str = Field(min_length=1)
    customer: RecordInput | None = None
    idempotency_key: str | None = None


class ProjectResult(ToolResult):
    project: RecordRef
    stages: list[str]


def _shared_stages(client: OdooClient) -> list[int]:
    found = client.search_read("project.task.type", [["user_id", "=", False], ["name", "in", list(_SHARED_STAGES)]],
                               ["name"], order="sequence, id")  # fmt: skip
    by_name: dict[str, int] = {}
    for row in found:
        by_name.setdefault(row["name"], row["id"])
    missing = [n for n in _SHARED_STAGES if n not in by_name]
    for sequence, name in enumerate(missing, start=len(by_name) + 1):
        by_name[name] = client.create("project.task.type", {"name": name, "sequence": sequence,
                                                            "fold": name in ("Done", "Cancelled")})  # fmt: skip
    return [by_name[n] for n in _SHARED_STAGES]


@tool(domain="projects", risk=Risk.WRITE, modules=PROJECT)
def project_create(client: OdooClient, args: ProjectCreate) -> ProjectResult:
    """Create a project with the usual task stages (New, In Progress, Done, Cancelled), for a customer if named."""
    stages = _shared_stages(client)
    vals: dict[str, Any] = {"name": args.name, "type_ids": [[6, 0, stages]]}
    if args.customer is not None:
        vals["partner_id"] = resolve_one(client, "res.partner", args.customer).id
    pid = client.create("project.project", vals, idempotency_key=args.idempotency_key)
    project = RecordRef(model="project.project", id=pid, display_name=args.name)
    return ProjectResult(message=t("projects.created_project_stages", name=args.name,
                                   stages=", ".join(_SHARED_STAGES)),
                         created=[project], project=project, stages=list(_SHARED_STAGES))  # fmt: skip


class TaskCreate(ToolInput):
    name: str = Field(min_length=1)
    project: RecordInput
    assignee: RecordInput | None = Field(default=None, description='A user name or id; "me" = the API user')
    deadline: date | None = None
    tags: list[str] = Field(default_factory=list, description="Tag names, created when missing")
    allocated_hours: float | None = Field(default=None, ge=0)
    idempotency_key: str | None = None


def _user(client: OdooClient, who: RecordInput) -> int:
    if isinstance(who, str) and who.strip().casefold() in ("me", "moi", "myself"):
        return client.uid
    return resolve_one(client, "res.users", who, domain=[["share", "=", False]]).id


def _tag_ids(client: OdooClient, names: list[str]) -> list[int]:
    ids = []
    for name in names:
        found = client.search("project.tags", [["name", "=ilike", like_literal(name)]], limit=1)
        ids.append(found[0] if found else client.create("project.tags", {"name": name}))
    return ids


@tool(domain="projects", risk=Risk.WRITE, modules=PROJECT)
def task_create(client: OdooClient, args: TaskCreate) -> TaskResult:
    """Create a task in a project (assignee, deadline, tags, allocated hours); it starts in the first stage."""
    project = resolve_one(client, "project.project", args.project)
    vals: dict[str, Any] = {"name": args.name, "project_id": project.id}
    if args.assignee is not None:
        vals["user_ids"] = [[6, 0, [_user(client, args.assignee)]]]
    if args.deadline is not None:
        vals["date_deadline"] = datetime.combine(args.deadline, time(12)).strftime("%Y-%m-%d %H:%M:%S")
    if args.tags:
        vals["tag_ids"] = [[6, 0, _tag_ids(client, args.tags)]]
    if args.allocated_hours is not None:
        vals["allocated_hours"] = args.allocated_hours
    task = _task(client.create_read("project.task", vals, TASK_SPEC, idempotency_key=args.idempotency_key))
    who = t("projects.for_assignees", names=", ".join(task.assignees)) if task.assignees else ""
    return TaskResult(message=t("projects.created_task_stage", name=task.name,
                                project=project.display_name, stage=task.stage or "–", who=who),
                      created=[task.ref()], task=task)  # fmt: skip


class TaskInput(ToolInput):
    task: RecordInput = Field(description='"#42", an id, or the task name')


class TaskStage(TaskInput):
    stage: str


@tool(domain="projects", risk=Risk.WRITE, modules=PROJECT)
def task_set_stage(client: OdooClient, args: TaskStage) -> TaskResult:
    """Move a task to one of its project's stages, named as a person says it ("in progress", "done")."""
    task = _tasks(client, [resolve_one(client, "project.task", args.task).id])[0]
    row = client.read("project.task", [task.id], ["project_id"])[0]
    project = row["project_id"]
    stage_ids = client.read("project.project", [project[0]], ["type_ids"])[0]["type_ids"] if project else []
    stages = {s["id"]: s["name"] for s in client.read("project.task.type", stage_ids, ["name"])} if stage_ids else {}
    if not stages:
        raise OdooValidationError(t("projects.has_stages_move", name=task.name))
    stage_id, stage = match_name(args.stage, stages, _STAGE_WORDS, "projects.stage_noun")
    client.write("project.task", [task.id], {"stage_id": stage_id})
    moved = _tasks(client, [task.id])[0]
    return TaskResult(message=t("projects.moved",
                                name=moved.name, old=task.stage or "–", new=stage),
                      changed=[moved.ref()], task=moved)  # fmt: skip


class TimesheetLog(TaskInput):
    hours: float = Field(gt=0, le=24)
    description: str | None = None
    day: date | None = Field(default=None, description="Default: today")


class TimesheetResult(TaskResult):
    line: RecordRef


@tool(domain="projects", risk=Risk.WRITE, modules=(*PROJECT, "hr"))
def timesheet_log(client: OdooClient, args: TimesheetLog) -> TimesheetResult:
    """Log hours on a task (a timesheet line for the API user's employee); needs the Timesheets app."""
    if not client.has_field("account.analytic.line", "task_id"):  # hr_timesheet adds it
        raise ModuleMissingError(t("projects.timesheet_log_needs_timesheets"))  # fmt: skip
    task = _tasks(client, [resolve_one(client, "project.task", args.task).id])[0]
    uid = client.uid
    employee = client.search("hr.employee", [["user_id", "=", uid]], limit=1)
    if not employee:
        raise OdooValidationError(
            t(
                "projects.user_has_employee_record",
            )
        )
    project = client.read("project.task", [task.id], ["project_id"])[0]["project_id"][0]
    vals: dict[str, Any] = {"task_id": task.id, "project_id": project, "unit_amount": args.hours,
                            "employee_id": employee[0], "name": args.description or "/"}  # fmt: skip
    if args.day is not None:
        vals["date"] = args.day.isoformat()
    line = RecordRef(model="account.analytic.line", id=client.create("account.analytic.line", vals),
                     display_name=f"{args.hours:g} h")  # fmt: skip
    after = _tasks(client, [task.id])[0]
    return TimesheetResult(message=t("projects.logged_h_h_all", h=args.hours,
                                     name=after.name, total=after.hours_spent),
                           created=[line], changed=[after.ref()], task=after, line=line)  # fmt: skip


def _task_facts(task: Task) -> list[str]:
    facts = [task.project or t("projects.private"), task.stage or ""]
    return [f for f in [*facts, f"{task.deadline:%Y-%m-%d}" if task.deadline else ""] if f]


class MyTasks(ToolInput):
    include_closed: bool = False
    limit: int = Field(default=20, ge=1, le=200)
    offset: int = Field(default=0, ge=0)


class TasksResult(ToolResult):
    tasks: list[Task]


@tool(domain="projects", risk=Risk.READ, modules=PROJECT)
def my_tasks(client: OdooClient, args: MyTasks) -> TasksResult:
    """The API user's open tasks, nearest deadline first."""
    domain: list[Any] = [["user_ids", "in", [client.uid]]]
    if not args.include_closed:
        domain.append(["is_closed", "=", False])
    ids = client.search("project.task", domain, limit=args.limit, offset=args.offset, order="date_deadline, id")
    tasks = _tasks(client, ids)
    shown = "; ".join(f"{x.name} ({', '.join(_task_facts(x)) or '–'})" for x in tasks)
    return TasksResult(message=t("projects.open_task_s_assigned", n=len(tasks),
                                 shown=shown or "–"), found=[x.ref() for x in tasks], tasks=tasks)  # fmt: skip


class ProjectInput(ToolInput):
    project: RecordInput


class StageCount(BaseModel):
    stage: str
    tasks: int


class ProjectStatus(ToolResult):
    project: RecordRef
    status: str | None = Field(description="The last project update: on_track, at_risk, off_track, on_hold")
    open_tasks: int
    closed_tasks: int
    overdue_tasks: int
    by_stage: list[StageCount]
    allocated_hours: float
    hours_spent: float


@tool(domain="projects", risk=Risk.READ, modules=PROJECT)
def project_status(client: OdooClient, args: ProjectInput) -> ProjectStatus:
    """A project's status: its last update, tasks by stage, overdue tasks, hours allocated and spent."""
    ref = resolve_one(client, "project.project", args.project)
    fields = ["last_update_status", "open_task_count", "closed_task_count", "allocated_hours", "effective_hours"]
    row = client.read("project.project", [ref.id], [f for f in fields if client.has_field("project.project", f)])[0]
    groups = client.read_group("project.task", [["project_id", "=", ref.id]], ["stage_id"], [])
    by_stage = [StageCount(stage=g["stage_id"][1] if g["stage_id"] else "–", tasks=g["__count"]) for g in groups]
    overdue = client.search_count("project.task", [["project_id", "=", ref.id], ["is_closed", "=", False],
                                                   ["date_deadline", "<", _now()]])  # fmt: skip
    status = row.get("last_update_status") or None
    out = ProjectStatus(
        message="", found=[ref], project=ref, status=None if status == "to_define" else status,
        open_tasks=row.get("open_task_count", 0), closed_tasks=row.get("closed_task_count", 0),
        overdue_tasks=overdue, by_stage=by_stage, allocated_hours=row.get("allocated_hours") or 0.0,
        hours_spent=row.get("effective_hours") or 0.0,
    )  # fmt: skip
    stages = ", ".join(f"{s.stage} {s.tasks}" for s in by_stage) or "–"
    message = t("projects.open_closed_task_s",
                name=ref.display_name, status=(out.status or t("projects.status_update")),
                open=out.open_tasks, closed=out.closed_tasks, stages=stages, overdue=out.overdue_tasks,
                spent=out.hours_spent, allocated=out.allocated_hours)  # fmt: skip
    return out.model_copy(update={"message": message})


def _now() -> str:
    return get_clock().now().astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")  # Odoo compares UTC datetimes
