"""The command graph's state: what one conversation thread carries between nodes and turns."""

from __future__ import annotations

import operator
from typing import Annotated, Any, Literal, TypedDict

from pydantic import BaseModel, Field

from graphs.parsing.intents import INTENT_TYPES, Line, ParseResult, Tokens
from odoo_tools.registry import Risk
from odoo_tools.results import RecordRef

__all__ = [
    "CHECKPOINT_TYPES", "Approval", "Given", "Option", "PlanStep", "Question", "RecordOut", "State", "StepStatus",
    "TurnStatus", "given_for",
]  # fmt: skip

# "unknown": the write left for Odoo and no answer came back, and Odoo has not shown it yet — a state,
# never a failure: each later resume looks again, and only ``resume --resend`` sends it again.
StepStatus = Literal["pending", "needs_approval", "approved", "rejected", "done", "failed", "skipped", "unknown"]
TurnStatus = Literal["done", "needs_approval", "needs_input", "error", "unknown"]


class PlanStep(BaseModel):
    """One typed tool call of the plan. ``args`` may hold ``"$s1"``: the record step s1 made."""

    id: str
    tool: str
    args: dict[str, Any]
    risk: Risk
    description: str
    depends_on: list[str] = Field(default_factory=list)
    status: StepStatus = "pending"
    reasons: list[str] = Field(default_factory=list, description="Why the policy wants an approval")
    result: dict[str, Any] | None = None
    error: str | None = None
    error_kind: str | None = Field(default=None, description="The failure's kind (OdooError.kind), when it has one")
    key: str | None = Field(default=None, description="Idempotency key, fixed when planned and kept on every retry")
    approved: bool = Field(default=False, description="A person approved it (a retry runs it without asking again)")
    resend: bool = Field(default=False, description="The person asked to send it again although its outcome is unknown")
    before_skip: StepStatus | None = Field(default=None, description="Its status before a failure skipped it")
    resent: bool = Field(default=False, description="Sent a second time (resend): two records may exist")


class Option(BaseModel):
    id: str
    label: str


class Question(BaseModel):
    """What the graph asks the person before it can go on."""

    text: str
    options: list[Option] = Field(default_factory=list)
    slot: str = Field(default="", description="Which entity the answer resolves, e.g. customer")


class RecordOut(BaseModel):
    model: str
    id: int
    name: str
    action: Literal["found", "created", "updated"]

    @classmethod
    def of(cls, ref: RecordRef, action: Literal["found", "created", "updated"]) -> RecordOut:
        return cls(model=ref.model, id=ref.id, name=ref.display_name, action=action)


class Approval(BaseModel):
    """An approval is bound to the exact plan it saw (hash of step ids, tools and arguments) and its request's token."""

    plan_hash: str
    token: str = ""
    approver: str
    approver_uid: int | None = Field(default=None, description="The Odoo user who approved, when Odoo verified it")
    at: str


class Given(BaseModel):
    """A turn's intents as their sender typed them (an automation), bound to the turn's text."""

    text: str
    parse: ParseResult | None = Field(default=None, description="None: the parser reads the text")
    preset: dict[str, int] = Field(default_factory=dict, description="Slots resolved by the sender: key -> id")
    about: RecordOut | None = Field(default=None, description="The record the turn is about: the thread's last one")


def given_for(state: State) -> Given | None:
    """The typed intents of this turn, if its sender gave them: only for the very text they came with (a later
    message on the thread, sent as text alone, is read by the parser as usual)."""
    given = state.get("given")
    return given if isinstance(given, Given) and given.text == state.get("text") else None


class State(TypedDict, total=False):
    """Per-turn keys are reset by each new message; ``memory`` carries across turns."""

    text: str
    turn: Annotated[int, operator.add]
    parse: ParseResult
    resolved: dict[str, int]
    known: list[dict[str, Any]]  # the records resolution found (odoo_tools.known), so later turns need not re-read them
    plan: list[PlanStep]
    preview: dict[str, Any]
    warnings: list[str]
    approval: Approval | None
    shown: int  # approval requests made this turn: each one gets its own token
    dropped: str  # the approval a new message voided ("" when none), said in the reply
    clarified: bool  # the parse re-reads the message with the answer to its own question
    status: TurnStatus
    message: str
    question: Question | None
    records: list[RecordOut]
    error: dict[str, str] | None
    memory: dict[str, Any]
    again: dict[str, Any] | None  # a retry of the turn's unfinished steps: {"resend": [step ids]}
    given: Given | None  # an automation's typed intents (graph.given_turn)


# Every type the checkpointer may deserialise (LangGraph refuses unlisted ones in strict mode).
CHECKPOINT_TYPES: tuple[type, ...] = (
    *INTENT_TYPES, ParseResult, Tokens, Line, PlanStep, Approval, Question, Option, RecordOut, Risk, Given,
)  # fmt: skip
