"""Go on with a turn whose chain stopped (a failure, an unknown outcome, a dead process): "try again".

A retry continues from the first unfinished step with the keys fixed in the plan, so nothing done is
done twice: finished steps stay done (no approval asked again for our own changes), failed and skipped
steps run again, and a step whose outcome is unknown is looked for in Odoo again — sent again only
when the person names it (``resume --resend STEP``), having been told it may then exist twice.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Literal

from langgraph.runtime import Runtime

from graphs.context import Context, act_in_thread_company, context_of
from graphs.duplicates import removal_steps
from graphs.nodes import decide_step
from graphs.state import PlanStep, State
from odoo_tools.i18n import use_language

__all__ = ["after_retry", "can_retry", "carry_unknown", "is_retry", "retry_node", "start", "unfinished"]

# The whole message asks to go on ("try again", "retry", "réessaie" …); a longer message is a new request.
_AGAIN = re.compile(
    r"^\s*(please\s+|s'il te plaît\s+|stp\s+)?(try( it| that)? again|retry|again|go on|continue|"
    r"r[ée]essaie|r[ée]essayez|r[ée]essayer|recommence|recommencez|continue[sz]?|encore)"
    r"(\s+please|\s+s'il te plaît|\s+stp)?[\s.!]*$",
    re.IGNORECASE,
)


def is_retry(text: str) -> bool:
    return bool(_AGAIN.match(text or ""))


def unfinished(steps: list[PlanStep]) -> bool:
    """Whether the turn's chain stopped short (something failed, is unknown or was skipped), or a write was
    sent twice (a retry looks whether the first one landed late)."""
    return any(s.status in ("failed", "unknown", "skipped") or s.resent for s in steps)


def can_retry(values: Mapping[str, Any]) -> bool:
    """Whether a retry has something to do: the turn's chain stopped, or an earlier turn left a write unknown."""
    return unfinished(values.get("plan") or []) or bool((values.get("memory") or {}).get("unknown"))


def carry_unknown(state: State) -> list[dict[str, Any]]:
    """The writes of unknown outcome a new message would drop from the plan, kept for later retries.

    Their ids get the turn they belong to ("t1.s1"), so they never clash with the new plan's steps.
    """
    turn = int(state.get("turn", 1))
    kept = list((state.get("memory") or {}).get("unknown") or [])
    for step in state.get("plan") or []:
        if step.status == "unknown":
            ident = step.id if step.id.startswith("t") else f"t{turn}.{step.id}"
            kept.append(step.model_copy(update={"id": ident, "depends_on": []}).model_dump(mode="json"))
    return kept


def start(state: State) -> Literal["retry", "parse"]:
    """A retry (``resume --retry`` or "try again") of an unfinished chain, else a new message to read."""
    again = state.get("again") is not None or is_retry(state.get("text", ""))
    return "retry" if again and can_retry(state) else "parse"


def retry_node(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
    """Put the unfinished steps back in line, as they stood before the chain stopped; plan the removal of
    any second record a resent write left."""
    resend = set((state.get("again") or {}).get("resend") or [])
    memory = dict(state.get("memory") or {})
    earlier = [PlanStep.model_validate(d) for d in memory.pop("unknown", None) or []]  # from earlier turns
    steps = []
    for step in [*earlier, *state["plan"]]:
        if step.status == "failed":
            step = step.model_copy(update={"status": "approved" if step.approved else "pending", "error": None})
        elif step.status == "skipped":
            step = step.model_copy(update={"status": step.before_skip or "pending", "before_skip": None})
        elif step.status == "unknown" and step.id in resend:
            step = step.model_copy(update={"resend": True})
        steps.append(step)
    ctx = context_of(runtime)
    if any(s.resent for s in steps):
        with use_language(state["parse"].lang):
            act_in_thread_company(ctx, state.get("memory"))
            steps += [decide_step(ctx, s) for s in removal_steps(ctx, steps)]
    return {"plan": steps, "again": None, "status": "done", "error": None, "message": "", "memory": memory}


def after_retry(state: State) -> Literal["execute", "approve", "respond"]:
    steps = state["plan"]
    if any(s.status in ("pending", "approved", "unknown") for s in steps):
        return "execute"
    return "approve" if any(s.status == "needs_approval" for s in steps) else "respond"
