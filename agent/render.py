"""How a reply looks in a terminal: the plan as a table with risk colours, records, questions (CLI and REPL)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table
from rich.text import Text

from agent.contract import RecordOut, Reply, StepOut
from odoo_tools.i18n import t

if TYPE_CHECKING:
    from odoo_tools.calls import CallStatsRow

__all__ = ["AUDIT_COLUMNS", "CALL_STATS_COLUMNS", "RISK_STYLE", "THREAD_COLUMNS", "TOOL_COLUMNS", "call_stats_table",
           "headed", "plan_table", "print_records", "print_reply"]  # fmt: skip

# The doors' tables, by their columns' catalog keys.
PLAN_COLUMNS = ("agent.col_step", "agent.col_tool", "agent.col_risk", "agent.col_what", "agent.col_status")
THREAD_COLUMNS = ("agent.col_thread", "agent.col_status", "agent.col_turns", "agent.col_last_message")
AUDIT_COLUMNS = ("agent.col_id", "agent.col_thread", "agent.col_tool", "agent.col_status", "agent.col_approver")
TOOL_COLUMNS = ("agent.col_domain", "agent.col_risk", "agent.col_needs", "agent.col_reached_by",
                "agent.column_what_it_does")  # fmt: skip

CALL_STATS_COLUMNS = ("agent.col_model", "agent.col_method", "agent.col_calls", "agent.col_errors",
                      "agent.col_error_rate", "agent.col_p50_ms", "agent.col_p95_ms", "agent.col_max_ms")  # fmt: skip


def headed(columns: tuple[str, ...]) -> Table:
    """A table whose column headings are these catalog keys' texts."""
    return Table(*map(t, columns))


RISK_STYLE = {"read": "green", "write": "yellow", "financial": "magenta", "destructive": "red"}
_STATUS_STYLE = {"done": "green", "needs_approval": "bold magenta", "rejected": "red", "failed": "red",
                 "skipped": "dim", "approved": "cyan", "pending": "white"}  # fmt: skip
_ACTION_MARK = {"found": ("cyan", "agent.mark_found"), "created": ("green", "agent.mark_created"),
                "updated": ("yellow", "agent.mark_updated")}  # fmt: skip


def plan_table(plan: list[StepOut]) -> Table:
    """One row per step: id, tool, risk (coloured by how much it can hurt), what it does, where it stands."""
    table = headed(PLAN_COLUMNS)
    for step in plan:
        risk, status = RISK_STYLE[step.risk], _STATUS_STYLE.get(step.status, "white")
        table.add_row(
            step.id, step.tool, Text(step.risk, style=risk), Text(step.description), Text(step.status, style=status)
        )  # a "[" in a record name is not rich markup
    return table


def print_records(console: Console, records: list[RecordOut]) -> None:
    for r in records:
        colour, mark = _ACTION_MARK[r.action]
        console.print(Text.from_markup(f"  [{colour}]{t(mark)}[/{colour}] ") + Text(f"{r.model} #{r.id} {r.name}"))


def print_reply(console: Console, reply: Reply, *, numbered: bool = False) -> None:
    """The plan, the chat-ready message, the records touched and a question's options."""
    if reply.plan:
        console.print(plan_table(reply.plan))
    style = {"error": "red", "needs_approval": "magenta", "needs_input": "cyan", "unknown": "yellow"}.get(reply.status)
    console.print(Text(reply.message, style=style or ""))  # Text: a "[" in a record name is not markup
    if reply.status == "done":
        print_records(console, reply.records)
    if reply.question:
        for n, option in enumerate(reply.question.options, 1):
            console.print(Text(f"  {n if numbered else option.id}) {option.label}"))


def call_stats_table(rows: list[CallStatsRow]) -> Table:
    """``audit --stats``: one row per model and method; errors in red when there are any."""
    table = headed(CALL_STATS_COLUMNS)
    for r in rows:
        errors = Text(str(r.errors), style="red" if r.errors else "")
        table.add_row(r.model, r.method, str(r.calls), errors, f"{r.error_rate:.1%}", f"{r.p50_ms:.1f}",
                      f"{r.p95_ms:.1f}", f"{r.max_ms:.1f}")  # fmt: skip
    return table
