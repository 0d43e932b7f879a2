"""The evaluation dataset: one conversation per case, as data (``evals/cases/conversations/*.yaml``).

A case names its tags, the Odoo records it needs (``fixture``), the person's turns (a message, an
answer, approve / reject / edit) with what each turn must produce, and the final Odoo state as
queries. ``{W}`` in any string is the case's own made-up word (from its id, never random), so
every case makes and checks only its own records, and the suite can run against one database.

The seed connector's commands (``evals/cases/seed/``) join as one-turn parse cases: their
expectation is the intent and slots only (``kind: parse``).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from evals.cases import SEED_DIR, SeedCase, load_seed_cases

__all__ = ["CASES_DIR", "Case", "EventTurn", "Expect", "FinalCheck", "Fixture", "Turn", "case_word", "load_cases"]

CASES_DIR = Path(__file__).parent / "cases" / "conversations"
_SYLLABLES = ["ka", "lo", "mi", "ve", "ru", "sa", "to", "ne", "di", "po", "ze", "ba", "fu", "gi"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


def case_word(case_id: str, salt: str = "") -> str:
    """A made-up, parser-friendly word for ``{W}``: unique per case id (and salt), the same in every replay.

    Recordings use no salt (on a database no recording has written to); a live run salts the words
    so that it can run again and again on one database without meeting its own earlier records.
    """
    digest = hashlib.sha256(f"{salt}{case_id}".encode()).digest()
    return "".join(_SYLLABLES[b % len(_SYLLABLES)] for b in digest[:4]).capitalize()


class Expect(_Strict):
    """What one turn must produce; only the keys given are checked."""

    status: Literal["done", "needs_approval", "needs_input", "error"] | None = None
    intents: list[str] | None = Field(default=None, description="Intent names, in order")
    slots: dict[str, Any] | None = Field(default=None, description="Slots of the first intent (a subset)")
    resolved: dict[str, str] | None = Field(
        default=None, description='Resolved slot → fixture key: {"0.customer": acme}'
    )
    tools: list[str] | None = Field(default=None, description="The planned tools, in order")
    approval: list[str] | None = Field(default=None, description="The tools waiting for approval after this turn")
    question: bool | None = Field(default=None, description="Whether the agent asks the person something")
    says: list[str] = Field(default_factory=list, description="Phrases the message must contain (case-insensitive)")
    never_says: list[str] = Field(default_factory=list, description="Phrases the message must not contain")
    error: str | None = Field(default=None, description="The error type when status is error")


class EventTurn(_Strict):
    """An automation rule's change, as the watcher hands it over: ``rule`` is one rule of an automations file
    (an event rule), ``record`` the changed record (``"@key"``); ``times`` > 1 delivers the same change again
    (a webhook and a poll, two watchers): the flow must still run once."""

    rule: dict[str, Any]
    record: str | int
    times: int = Field(default=1, ge=1, le=5)


class Turn(_Strict):
    """One thing the person does: a message, an answer to a question, or a decision on an approval — or an
    automation's event, which runs its rule's flow on a thread of its own (later turns answer it)."""

    say: str | None = None
    event: EventTurn | None = None
    answer: str | None = None
    approve: Literal[True] | None = Field(default=None, description="Approve (reject is its own key)")
    reject: str | None = Field(default=None, description="Reject, with this reason")
    edit: dict[str, dict[str, Any]] | None = None
    expect: Expect = Field(default_factory=Expect)

    @model_validator(mode="after")
    def _one_action(self) -> Turn:
        given = [k for k in ("say", "event", "answer", "approve", "reject", "edit") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError(f"a turn does exactly one of say/event/answer/approve/reject/edit, not {given or 'none'}")
        return self


class FinalCheck(_Strict):
    """A query on Odoo after the conversation: how many records match, and field values on each.

    ``where`` is an Odoo domain; a value ``"@key"`` is the id of fixture record ``key``. In
    ``fields`` a many2one compares with a name or ``"@key"``; numbers compare as floats.
    """

    model: str
    where: list[Any]
    count: int | None = None
    fields: dict[str, Any] = Field(default_factory=dict)
    context: dict[str, Any] = Field(default_factory=lambda: {"active_test": False})


class Fixture(_Strict):
    """Records a case needs, created through the agent's own client before the first turn.

    ``partners``/``products`` are the common cases (a product's ``on_hand`` sets its stock with an
    inventory adjustment, ``kind`` is goods / service / combo); ``records`` creates any model
    (``@key`` values become fixture ids); ``quotes`` makes draft quotations with our own tool,
    optionally confirmed (``confirm: true``) and delivered (``deliver: true``: its delivery validated).
    """

    partners: dict[str, dict[str, Any]] = Field(default_factory=dict)
    products: dict[str, dict[str, Any]] = Field(default_factory=dict)
    records: dict[str, dict[str, Any]] = Field(default_factory=dict, description="key → {model, vals}")
    quotes: dict[str, dict[str, Any]] = Field(
        default_factory=dict, description="key → {customer, lines, confirm, deliver}"
    )


class Case(_Strict):
    id: str
    kind: Literal["conversation", "parse"] = "conversation"
    tags: dict[str, str] = Field(description="domain, lang, difficulty, feature")
    fixture: Fixture = Field(default_factory=Fixture)
    turns: list[Turn]
    final: list[FinalCheck] = Field(default_factory=list)
    note: str = ""
    salt: str = Field(default="", exclude=True, description="Set by a live run: see case_word")

    @property
    def word(self) -> str:
        return case_word(self.id, self.salt)

    def fill(self, value: Any) -> Any:
        """``{W}`` replaced by the case's word, at any depth (models are filled field by field)."""
        if isinstance(value, BaseModel):
            return type(value).model_validate(self.fill(value.model_dump(exclude_none=True)))
        if isinstance(value, str):
            return value.replace("{W}", self.word)
        if isinstance(value, list):
            return [self.fill(v) for v in value]
        if isinstance(value, dict):
            return {k: self.fill(v) for k, v in value.items()}
        return value

    def tag_pairs(self) -> list[str]:
        return [f"{k}={v}" for k, v in sorted(self.tags.items())]


def _seed_case(c: SeedCase) -> Case:
    difficulty = "seed" if c.variant == "seed" else "paraphrase"
    return Case(id=f"seed/{c.id}", kind="parse", note=c.seed, turns=[Turn(say=c.text, expect=Expect(
                    intents=[c.intent], slots=c.slots))],
                tags={"domain": c.seed.split("-")[0], "lang": c.lang, "difficulty": difficulty,
                      "feature": f"seed-{c.variant}"})  # fmt: skip


def load_cases(path: Path = CASES_DIR, seed_path: Path = SEED_DIR) -> list[Case]:
    """The conversations (files in name order, then YAML order), then the seed parse cases."""
    cases: list[Case] = []
    for file in sorted(Path(path).glob("*.yaml")):
        for entry in yaml.safe_load(file.read_text(encoding="utf-8")) or []:
            try:
                cases.append(Case.model_validate(entry))
            except ValueError as exc:
                raise ValueError(f"{file.name}: case {entry.get('id', '?')}: {exc}") from None
    cases += [_seed_case(c) for c in load_seed_cases(seed_path)]
    ids = [c.id for c in cases]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ValueError(f"duplicate case ids: {', '.join(duplicates)}")
    return cases
