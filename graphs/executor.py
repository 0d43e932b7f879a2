"""Run plan steps: placeholders filled, audited, keyed so a resumed thread never repeats a write."""

from __future__ import annotations

from collections.abc import Callable, Container
from contextlib import nullcontext
from datetime import datetime
from typing import Any

from pydantic import ValidationError

from graphs.context import Context
from graphs.meanwhile import ask_similar
from graphs.parsing.text import map_strings
from graphs.state import Approval, PlanStep
from odoo_tools import known
from odoo_tools.audit import AuditRow
from odoo_tools.client.errors import OdooError, OdooWriteOutcomeUnknownError
from odoo_tools.client.idempotency import derive_key, never_sent
from odoo_tools.i18n import t
from odoo_tools.outcomes import settle
from odoo_tools.registry import Risk
from odoo_tools.same_partner import SERIALISED, found_meanwhile, identities, made_meanwhile
from odoo_tools.tools import get_tool

__all__ = ["created_id", "fill", "read_by_next", "run_step", "step_key", "substitute", "unknown_sentence"]

# Tools that read back the record this argument names after acting on it: the step that made that record,
# run just before, may leave its own read-back out (posting an invoice reads it; the invoice step need not).
_READS_BACK = {"invoice_post": "invoice"}


def read_by_next(step: PlanStep, after: PlanStep | None, runnable: Container[str]) -> bool:
    """Whether ``after``, the plan's next step, runs in this pass and reads back the record ``step`` makes."""
    if after is None or after.status not in runnable or step.id not in after.depends_on:
        return False
    arg = _READS_BACK.get(after.tool)
    return arg is not None and after.args.get(arg) == f"${step.id}"


def created_id(step: PlanStep) -> int:
    """The record a done step made (its first created record, else its first changed one)."""
    result = step.result or {}
    refs = result.get("created") or result.get("changed") or result.get("found") or []
    if not refs:
        raise LookupError(t("graph.step_made_no_record", id=step.id, tool=step.tool))
    return int(refs[0]["id"])


def fill(value: Any, steps: Container[str], to: Callable[[str], Any]) -> Any:
    """Every ``"$<step id>"`` placeholder (at any depth) of a step in ``steps`` replaced by ``to(step id)``."""
    return map_strings(value, lambda s: to(s[1:]) if s.startswith("$") and s[1:] in steps else s)


def substitute(value: Any, done: dict[str, PlanStep]) -> Any:
    """Replace ``"$s1"`` placeholders (at any depth) by the id of the record step s1 made."""
    return fill(value, done, lambda step_id: created_id(done[step_id]))


def _sentence(tool: str, exc: Exception) -> str:
    """A failure in one line: pydantic's multi-line report (with its URL) becomes "field: problem"."""
    if isinstance(exc, ValidationError):
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'input'}: {e['msg']}" for e in exc.errors())
        return t("graph.arguments_do_not_fit", tool=tool, problems=problems)
    return str(exc)


def step_key(thread_id: str, turn: int, step: PlanStep) -> str:
    """The step's idempotency key: the one fixed in the plan, else derived from "thread:turn" and the step id.

    That exact string is kept: every write's request carries the key, so another input would make
    every recording diverge. Fixed in the plan, it stays the same on every retry, in any later turn.
    """
    return step.key or derive_key(f"{thread_id}:{turn}", step.id)


def run_step(
    ctx: Context,
    thread_id: str,
    turn: int,
    step: PlanStep,
    done: dict[str, PlanStep],
    approval: Approval | None = None,
    shown_at: str | None = None,
    *,
    read_next: bool = False,
) -> PlanStep:
    """Run one step of ``turn`` on ``thread_id``; a write is never sent twice unless the person asked (``resend``).

    A write audited ``done`` is not sent again; one left ``sending`` (the process died) or ``unknown``
    (the answer was lost) is looked for in Odoo instead — found, it is done; not found, it stays unknown.
    ``shown_at``: when the person saw the plan; a customer with a close name made since then is a question.
    ``read_next``: the next step reads back what this one makes (``read_by_next``).
    """
    tool = get_tool(step.tool)
    args = substitute(step.args, done)
    key = step_key(thread_id, turn, step)
    if "idempotency_key" in tool.input_model.model_fields:
        args = {**args, "idempotency_key": key}
    writes = tool.risk != Risk.READ
    previous = ctx.audit.last_for_key(key) if writes else None
    if previous is not None and previous.status == "done":
        return step.model_copy(update={"status": "done", "result": previous.result, "key": key})
    if previous is not None and previous.status in ("sending", "unknown") and not step.resend:
        return _settle(ctx, step, args, key, previous)
    first = previous is None and ctx.sole_audit  # never sent: a keyed create needs no lookup first
    if step.tool not in SERIALISED:
        return _send(ctx, thread_id, turn, step, args, key, approval, first=first, read_next=read_next)
    # One customer per real customer: runs creating the same name (e-mail, VAT) wait for each other,
    # then ask Odoo again, so a partner made meanwhile (by another run or a person) is used.
    with ctx.locks(identities(args)):
        try:
            meanwhile = made_meanwhile(ctx.client, args, shown_at)
        except OdooError as exc:
            return step.model_copy(update={"status": "failed", "error": _sentence(step.tool, exc), "args": args,
                                           "key": key, "error_kind": exc.kind})  # fmt: skip
        # Only similar: the person chooses (the question's interrupt leaves the lock; the answer re-runs this).
        chosen = ask_similar(args["name"], meanwhile.similar) if meanwhile.similar else None
        if (used := meanwhile.found or chosen) is not None:
            result = found_meanwhile(used, chosen=chosen is not None)
            return step.model_copy(update={"status": "done", "result": result.model_dump(mode="json"),
                                           "args": args, "key": key, "error": None})  # fmt: skip
        return _send(ctx, thread_id, turn, step, args, key, approval, first=first)


def _send(ctx: Context, thread_id: str, turn: int, step: PlanStep, args: dict[str, Any], key: str,
          approval: Approval | None, *, first: bool = False, read_next: bool = False) -> PlanStep:  # fmt: skip
    """Send the step's write, its audit row written first (``sending``) and finished after."""
    tool = get_tool(step.tool)
    writes = tool.risk != Risk.READ
    # Only a step a person approved names its approver in the audit log.
    approved = step.status == "approved" or step.approved
    by = approval if approved else None  # who Odoo verified (approver_uid), or the name the door gave (unverified)
    approver, uid = (by.approver, by.approver_uid) if by else (None, None)
    when = datetime.fromisoformat(by.at) if by else None
    row = ctx.audit.sending(thread_id, step.id, step.tool, key, args, approver=approver, approved_at=when,
                            approver_uid=uid,
                            turn=turn) if writes else None  # fmt: skip
    base = {"args": args, "key": key, "resend": False, "resent": step.resent or step.resend}
    try:
        with never_sent() if first else nullcontext(), known.read_next() if read_next else nullcontext():
            result = tool.run(ctx.client, args).model_dump(mode="json")
    except OdooWriteOutcomeUnknownError as exc:
        if row is not None:
            ctx.audit.unknown(row, str(exc))
        return step.model_copy(update={**base, "status": "unknown", "error": unknown_sentence(step)})
    except (OdooError, ValueError, LookupError) as exc:
        error = _sentence(step.tool, exc)
        if row is not None:
            ctx.audit.failed(row, error)
        return step.model_copy(update={**base, "status": "failed", "error": error,
                                       "error_kind": getattr(exc, "kind", None)})  # fmt: skip
    if row is not None:
        ctx.audit.done(row, result)
    known.made(ctx.client, result.get("created") or [])
    return step.model_copy(update={**base, "status": "done", "result": result, "error": None})


def unknown_sentence(step: PlanStep) -> str:
    """What the person is told of a write whose outcome is unknown, and what they may do."""
    return t(
        "graph.outcome_unknown",
        what=step.description, id=step.id,
    )  # fmt: skip


def _settle(ctx: Context, step: PlanStep, args: dict[str, Any], key: str, previous: AuditRow) -> PlanStep:
    """Establish from Odoo what became of a write sent before; reconcile its audit row when found."""
    base = {"args": args, "key": key}
    try:
        result = settle(ctx.client, step.tool, args)
    except LookupError as exc:  # Odoo cannot tell: still unknown, and the person is told why
        return step.model_copy(update={**base, "status": "unknown", "error": f"{unknown_sentence(step)} ({exc})"})
    except OdooError as exc:  # Odoo cannot be asked now: still unknown, look again next time
        return step.model_copy(update={**base, "status": "unknown", "error": f"{unknown_sentence(step)} ({exc})"})
    if result is None:
        return step.model_copy(update={**base, "status": "unknown", "error": unknown_sentence(step)})
    dumped = result.model_dump(mode="json")
    ctx.audit.settled(previous.id, dumped)
    return step.model_copy(update={**base, "status": "done", "result": dumped, "error": None})
