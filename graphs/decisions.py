"""What a paused thread asks (approval, question) and what a person answers: typed data at every door.

A decision is one of five kinds, told apart by ``kind``; anything else is a ``DecisionError``,
never read as a rejection. An approval names the token of the request it answers: the token is
derived from exactly what was shown (steps, arguments, preview, thread, turn), so a yes given to
one plan can never run another.
"""

from __future__ import annotations

import hashlib
import json
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from graphs.errors import DecisionError
from graphs.state import PlanStep, Question

__all__ = [
    "Answer",
    "ApprovalRequest",
    "Approve",
    "Decision",
    "DecisionError",
    "Edit",
    "QuestionRequest",
    "Reject",
    "Retry",
    "approval_token",
    "parse_decision",
]


class _Decision(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Approve(_Decision):
    """Yes to the plan whose approval request carried ``token`` (a missing or other token runs nothing)."""

    kind: Literal["approve"] = "approve"
    token: str | None = Field(default=None, description="approval.token of the reply being approved")
    approver: str | None = Field(default=None, description="Who said yes (else the session's approver)")


class Reject(_Decision):
    """No: the gated steps are not run (needs no token: refusing is always safe)."""

    kind: Literal["reject"] = "reject"
    reason: str | None = None


class Edit(_Decision):
    """Change step arguments, e.g. ``{"s2": {"qty": 9}}``; the plan is previewed again."""

    kind: Literal["edit"] = "edit"
    edit: dict[str, dict[str, Any]] = Field(min_length=1)


class Answer(_Decision):
    """The person's answer to the pending question (an option id, a label, or their words)."""

    kind: Literal["answer"] = "answer"
    answer: str


class Retry(_Decision):
    """Go on with a thread cut off mid-run, or whose chain stopped: from its first unfinished step.

    Its writes are keyed, so nothing done is done twice. A step whose outcome is unknown is only looked
    for again, unless named in ``resend``: then it is sent again, at the risk of a duplicate.
    """

    kind: Literal["retry"] = "retry"
    resend: list[str] = Field(default_factory=list, description="Ids of unknown steps to send again")


Decision = Annotated[Approve | Reject | Edit | Answer | Retry, Field(discriminator="kind")]
_DECISION: TypeAdapter[Decision] = TypeAdapter(Decision)
KINDS = ("approve", "reject", "edit", "answer", "retry")


def parse_decision(value: Any) -> Decision:
    """A resume value as a ``Decision``; raises ``DecisionError`` in one sentence, never guesses."""
    if isinstance(value, Approve | Reject | Edit | Answer | Retry):
        return value
    try:
        return _DECISION.validate_python(value)
    except ValidationError as exc:
        first = exc.errors()[0]
        if first["type"] == "union_tag_invalid":
            what = f"unknown kind {value.get('kind')!r}"
        elif first["type"] in ("union_tag_not_found", "model_attributes_type"):
            what = "no kind"
        else:
            what = f"{'.'.join(str(p) for p in first['loc'])}: {first['msg']}"
        raise DecisionError.said("graph.not_a_decision", what=what, kinds=", ".join(KINDS)) from None


class ApprovalRequest(BaseModel):
    """The interrupt payload of an approval: the plan as shown, and the token a yes must carry."""

    kind: Literal["approval"] = "approval"
    token: str
    steps: list[str] = Field(description="Ids of the steps awaiting approval")
    plan: list[dict[str, Any]]
    preview: str = Field(description="The preview as shown: totals, warnings, what needs approval and why")
    note: str = Field(default="", description="Why the plan is shown (again): a dropped approval, a stale token")


class QuestionRequest(BaseModel):
    """The interrupt payload of a question."""

    kind: Literal["question"] = "question"
    question: Question
    note: str = ""


def approval_token(thread: str, turn: int, shown: int, steps: list[PlanStep], preview: str,
                   snapshot: dict[str, Any]) -> str:  # fmt: skip
    """Derived, never random: replays compute the same token, and any change to what is shown changes it.

    ``shown`` counts the approval requests of the turn, so a plan shown again gets a new token too.
    """
    shown_steps = [(s.id, s.tool, s.args, s.status) for s in steps]
    blob = {"thread": thread, "turn": turn, "shown": shown, "steps": shown_steps, "preview": preview,
            "snapshot": snapshot}  # fmt: skip
    return hashlib.sha256(json.dumps(blob, sort_keys=True, default=str).encode()).hexdigest()[:24]
