"""Run plan steps: placeholders filled, audited, keyed so a resumed thread never repeats a write."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import ValidationError

from graphs.context import Context
from graphs.state import PlanStep
from odoo_tools.client.errors import OdooError
from odoo_tools.client.idempotency import derive_key
from odoo_tools.registry import Risk
from odoo_tools.tools import get_tool

__all__ = ["created_id", "run_step", "substitute"]


def created_id(step: PlanStep) -> int:
    """The record a done step made (its first created record, else its first changed one)."""
    result = step.result or {}
    refs = result.get("created") or result.get("changed") or result.get("found") or []
    if not refs:
        raise LookupError(f"Step {step.id} ({step.tool}) made no record to refer to.")
    return int(refs[0]["id"])


def substitute(value: Any, done: dict[str, PlanStep]) -> Any:
    """Replace ``"$s1"`` placeholders (at any depth) by the id of the record step s1 made."""
    if isinstance(value, str) and value.startswith("$s") and value[1:] in done:
        return created_id(done[value[1:]])
    if isinstance(value, list):
        return [substitute(v, done) for v in value]
    if isinstance(value, dict):
        return {k: substitute(v, done) for k, v in value.items()}
    return value


def _sentence(tool: str, exc: Exception) -> str:
    """A failure in one line: pydantic's multi-line report (with its URL) becomes "field: problem"."""
    if isinstance(exc, ValidationError):
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'input'}: {e['msg']}" for e in exc.errors())
        return f"The arguments do not fit {tool} ({problems})."
    return str(exc)


def run_step(
    ctx: Context, thread_id: str, turn: int, step: PlanStep, done: dict[str, PlanStep], approved_at: str | None = None
) -> PlanStep:
    """Run one step of ``turn`` on ``thread_id`` (never twice: a write already audited as done is not sent again)."""
    tool = get_tool(step.tool)
    args = substitute(step.args, done)
    # The key derives from "thread:turn" (step ids restart at s1 each turn). That exact string is kept:
    # every write's request carries the key, so another input would make every recording diverge.
    key = derive_key(f"{thread_id}:{turn}", step.id)
    if "idempotency_key" in tool.input_model.model_fields:
        args = {**args, "idempotency_key": key}
    writes = tool.risk != Risk.READ
    if writes and (previous := ctx.audit.last_for_key(key)) and previous.status == "done":
        return step.model_copy(update={"status": "done", "result": previous.result})
    # Only a step a person approved names its approver in the audit log.
    approved = step.status == "approved"
    approver, when = (ctx.approver, datetime.fromisoformat(approved_at)) if approved and approved_at else (None, None)
    row = ctx.audit.sending(thread_id, step.id, step.tool, key, args, approver=approver, approved_at=when,
                            turn=turn) if writes else None  # fmt: skip
    try:
        result = tool.run(ctx.client, args).model_dump(mode="json")
    except (OdooError, ValueError, LookupError) as exc:
        error = _sentence(step.tool, exc)
        if row is not None:
            ctx.audit.failed(row, error)
        return step.model_copy(update={"status": "failed", "error": error, "args": args})
    if row is not None:
        ctx.audit.done(row, result)
    return step.model_copy(update={"status": "done", "result": result, "args": args})
