"""The seed evaluation cases (``evals/cases/seed/*.yaml``) and how a parse is scored against them.

Each YAML entry is one seed command with its expectation and five wordings::

    - seed: sales-01
      expect: {intent: create_quotation, slots: {customer: Acme Corp, lines: [{qty: 10, unit_price: 50}]}}
      variants: {seed: "...", fr: "...", terse: "...", chatty: "...", typo: "..."}
      expect_fr: {...}    # optional: the French variant's slots when its words differ ("bleus" for "blue")

``load_seed_cases`` flattens them into one ``SeedCase`` per wording; ``score`` compares a
``ParseResult`` with a case. Slots are compared leniently where the wording cannot matter
(strings ignore case and surrounding spaces, numbers compare as floats) and only on what the
expectation names (a line's unspecified ``product`` is not checked).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, Field

from agent.api import INTENT_TYPES, ParseResult

__all__ = [
    "SEED_DIR", "CaseScore", "SeedCase", "VariantAccuracy", "accuracy_by_variant", "compare_values", "load_seed_cases",
    "same_value", "score",
]  # fmt: skip

SEED_DIR = Path(__file__).parent / "cases" / "seed"
Variant = Literal["seed", "fr", "terse", "chatty", "typo"]
INTENT_NAMES = frozenset(t.model_fields["intent"].default for t in INTENT_TYPES)


class SeedCase(BaseModel):
    """One wording of one seed command, with what the parser must return for it."""

    seed: str = Field(description='The seed command id, e.g. "sales-01"')
    variant: Variant
    lang: Literal["en", "fr"]
    text: str
    intent: str = Field(description="Expected intent name of the first intent")
    slots: dict[str, Any] = Field(default_factory=dict, description="Expected slot values (a subset)")

    @property
    def id(self) -> str:
        return f"{self.seed}/{self.variant}"


class CaseScore(BaseModel):
    """``intent_ok``: the first intent has the expected name; ``slots_ok``: every expected slot matches."""

    intent_ok: bool
    slots_ok: bool
    diffs: list[str] = Field(default_factory=list, description="What differed, one line per slot")

    @property
    def ok(self) -> bool:
        return self.intent_ok and self.slots_ok


class VariantAccuracy(BaseModel):
    total: int = 0
    intent_ok: int = 0
    both_ok: int = 0

    @property
    def rate(self) -> float:
        """Share of cases with both the intent and the slots right."""
        return self.both_ok / self.total if self.total else 0.0


def load_seed_cases(path: Path = SEED_DIR) -> list[SeedCase]:
    """Every wording of every seed command under ``path`` (files in name order, then YAML order)."""
    cases: list[SeedCase] = []
    for file in sorted(Path(path).glob("*.yaml")):
        for entry in yaml.safe_load(file.read_text(encoding="utf-8")) or []:
            cases.extend(_entry_cases(entry, file))
    return cases


def _entry_cases(entry: dict[str, Any], file: Path) -> list[SeedCase]:
    expect = entry["expect"]
    if expect["intent"] not in INTENT_NAMES:
        raise ValueError(f"{file.name}: {entry['seed']}: unknown intent {expect['intent']!r}")
    return [
        SeedCase(
            seed=entry["seed"],
            variant=variant,
            lang="fr" if variant == "fr" else "en",
            text=text,
            intent=expect["intent"],
            slots=(entry.get("expect_fr", expect) if variant == "fr" else expect).get("slots") or {},
        )
        for variant, text in entry["variants"].items()
    ]


def score(case: SeedCase, result: ParseResult) -> CaseScore:
    """Compare the first intent of ``result`` with the case's expectation."""
    first = result.intents[0]
    diffs: list[str] = []
    intent_ok = first.intent == case.intent
    if not intent_ok:
        diffs.append(f"intent: expected {case.intent}, got {first.intent}")
    actual = first.model_dump()
    slot_diffs = [d for name, want in case.slots.items()
                  for d in compare_values(name, want, actual.get(name, _MISSING))]  # fmt: skip
    return CaseScore(intent_ok=intent_ok, slots_ok=not slot_diffs, diffs=diffs + slot_diffs)


def accuracy_by_variant(scored: Iterable[tuple[SeedCase, CaseScore]]) -> dict[str, VariantAccuracy]:
    """Counts per variant, in first-seen order (the runner's table and the test's thresholds)."""
    table: dict[str, VariantAccuracy] = {}
    for case, s in scored:
        row = table.setdefault(case.variant, VariantAccuracy())
        row.total += 1
        row.intent_ok += s.intent_ok
        row.both_ok += s.ok
    return table


_MISSING = object()


def compare_values(path: str, want: Any, got: Any) -> list[str]:
    """Differences between an expected value and a parsed one; an empty list when they match."""
    if isinstance(want, dict):
        if not isinstance(got, dict):
            return [f"{path}: expected {want!r}, got {_show(got)}"]
        return [d for k, v in want.items() for d in compare_values(f"{path}.{k}", v, got.get(k, _MISSING))]
    if isinstance(want, list):
        if not isinstance(got, list) or len(got) != len(want):
            return [f"{path}: expected {len(want)} item(s), got {_show(got)}"]
        return [d for i, (w, g) in enumerate(zip(want, got, strict=True)) for d in compare_values(f"{path}[{i}]", w, g)]
    return [] if same_value(want, got) else [f"{path}: expected {want!r}, got {_show(got)}"]


def same_value(want: Any, got: Any) -> bool:
    if want is None:
        return got is None
    if isinstance(want, bool) or isinstance(got, bool):  # bool is an int: never let True equal 1
        return isinstance(want, bool) and isinstance(got, bool) and want == got
    if isinstance(want, int | float):
        return isinstance(got, int | float) and math.isclose(float(want), float(got), rel_tol=1e-9, abs_tol=1e-9)
    if isinstance(want, str):
        return isinstance(got, str) and want.strip().casefold() == got.strip().casefold()
    return bool(want == got)


def _show(value: Any) -> str:
    return "nothing" if value is _MISSING else repr(value)
