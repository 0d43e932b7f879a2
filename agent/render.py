"""How a reply looks in a terminal: the plan as a table with risk colours, records, questions (CLI and REPL)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from agent.contract import RecordOut, Reply, StepOut

__all__ = ["RISK_STYLE", "plan_table", "print_records", "print_reply"]

RISK_STYLE = {"read": "green", "write": "yellow", "financial": "magenta", "destructive": "red"}
_STATUS_STYLE = {"done": "green", "needs_approval": "bold magenta", "rejected": "red", "failed": "red",
                 "skipped": "dim", "approved": "cyan", "pending": "white"}  # fmt: skip
_ACTION_MARK = {
    "found": "[cyan]found[/cyan]",
    "created": "[green]created[/green]",
    "updated": "[yellow]updated[/yellow]",
}


def plan_table(plan: list[StepOut]) -> Table:
    """One row per step: id, tool, risk (coloured by how much it can hurt), what it does, where it stands."""
    table = Table("step", "tool", "risk", "what", "status")
    for step in plan:
        risk, status = RISK_STYLE[step.risk], _STATUS_STYLE.get(step.status, "white")
        table.add_row(
            step.id, step.tool, Text(step.risk, style=risk), Text(step.description), Text(step.status, style=status)
        )  # a "[" in a record name is not rich markup
    return table


def print_records(console: Console, records: list[RecordOut]) -> None:
    for r in records:
        console.print(Text.from_markup(f"  {_ACTION_MARK[r.action]} ") + Text(f"{r.model} #{r.id} {r.name}"))


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
