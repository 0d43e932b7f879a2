"""Held-out commands (``evals/heldout/*.yaml``): wordings written by someone who had not read the rules.

They measure how the parser generalises, so rules are never tuned on a set before its first score is
committed; a set tuned on stops being held out, and the figure that counts comes from a newer set.

Each entry: ``id``, ``lang``, ``tags`` (domain first), ``text`` and ``expect`` — the intents in order,
each ``{intent: name or [names], slots: {...}}`` with only the slots the text clearly says. A file may
fix "now" for relative dates with a first-line comment ``# now: 2026-03-11T10:00:00`` (Europe/Paris).

Scoring: chained steps are compared as intents ("quote X and confirm it" is ``create_quotation`` then
``confirm_order``, whether the parser folds the second into ``then`` or not). A reading is
**confident-wrong** when it is not entirely right, its confidence is at or above the ``auto`` threshold
and it would act (not only ``clarify`` or ``unsupported``): ``--parser auto`` would not ask the LLM.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, Field

from agent.api import ParseOut, Parser, frozen_now, parse_messages
from evals.cases import compare_values

__all__ = [
    "HELDOUT_DIR",
    "HeldoutCase",
    "HeldoutScore",
    "HeldoutTotals",
    "heldout_report",
    "load_heldout",
    "run_heldout",
    "score_heldout",
]

HELDOUT_DIR = Path(__file__).parent / "heldout"
THRESHOLD = 0.6  # the auto parser's default (ODOO_AGENT_AUTO_THRESHOLD)
_NOW = re.compile(r"^#\s*now:\s*(\S+)", re.M)
# A chained step, as the intent it stands for after the intent that carries it.
_STEP_INTENT = {
    ("create_quotation", "confirm"): "confirm_order", ("create_quotation", "invoice"): "invoice_order",
    ("create_quotation", "post"): "post_invoice", ("confirm_order", "invoice"): "invoice_order",
    ("confirm_order", "post"): "post_invoice", ("invoice_order", "post"): "post_invoice",
    ("create_invoice", "post"): "post_invoice", ("create_purchase", "confirm"): "confirm_purchase",
    ("create_purchase", "receive"): "receive_purchase", ("confirm_purchase", "receive"): "receive_purchase",
    ("create_production", "confirm"): "confirm_production", ("create_production", "finish"): "finish_production",
    ("confirm_production", "finish"): "finish_production",
}  # fmt: skip
_GIVES_UP = ("clarify", "unsupported")


class Expected(BaseModel):
    intent: list[str]
    slots: dict[str, Any] = Field(default_factory=dict)


class HeldoutCase(BaseModel):
    id: str
    lang: str
    tags: list[str] = Field(default_factory=list)
    text: str
    expect: list[Expected]
    now: str | None = None
    file: str = ""


class HeldoutScore(BaseModel):
    case: HeldoutCase
    intent_ok: bool
    slots_ok: bool
    confidence: float
    acts: bool
    got: list[str]
    diffs: list[str] = Field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.intent_ok and self.slots_ok

    @property
    def confident_wrong(self) -> bool:
        return not self.ok and self.acts and self.confidence >= THRESHOLD


class HeldoutTotals(BaseModel):
    """Counts over some cases: intents right, both right (intents and every expected slot), confident-wrong."""

    n: int = 0
    intent_ok: int = 0
    both_ok: int = 0
    confident_wrong: int = 0

    def add(self, s: HeldoutScore) -> None:
        self.n += 1
        self.intent_ok += s.intent_ok
        self.both_ok += s.ok
        self.confident_wrong += s.confident_wrong

    def row(self, label: str) -> str:
        def pct(k: int, of: int) -> str:
            return f"{k / of:.0%} ({k}/{of})" if of else "–"

        return (f"{label:10} {self.n:>5} {pct(self.intent_ok, self.n):>15} {pct(self.both_ok, self.intent_ok):>15} "
                f"{pct(self.both_ok, self.n):>15} {self.confident_wrong:>15}")  # fmt: skip


def heldout_report(scores: list[HeldoutScore], failures: bool = False) -> str:
    """The table ``python -m evals.parser_report --heldout`` prints: overall, by language, by domain."""
    head = f"{'cases':10} {'n':>5} {'intents':>15} {'slots':>15} {'both':>15} {'confident-wrong':>15}"
    groups: dict[str, HeldoutTotals] = {"all": HeldoutTotals()}
    for s in scores:
        for key in ("all", s.case.lang, s.case.tags[0] if s.case.tags else "untagged"):
            groups.setdefault(key, HeldoutTotals()).add(s)
    rows = [head, *(t.row(k) for k, t in groups.items())]
    rows.append(f"slots = every expected slot right, among the cases whose intents are right; confident-wrong = "
                f"wrong, acting, confidence >= {THRESHOLD}.")  # fmt: skip
    if failures:
        rows += [f"{'CONFIDENT-WRONG' if s.confident_wrong else 'wrong'} {s.case.id} ({s.confidence:.2f}): "
                 f"{s.case.text!r}: {'; '.join(s.diffs)}" for s in scores if not s.ok]  # fmt: skip
    return "\n".join(rows)


def load_heldout(paths: list[Path] | None = None) -> list[HeldoutCase]:
    """Every case of the given files (default: every file in ``evals/heldout/``, in name order)."""
    files = paths or sorted(HELDOUT_DIR.glob("*.yaml"))
    cases = []
    for file in files:
        raw = file.read_text(encoding="utf-8")
        now = _NOW.search(raw)
        for entry in yaml.safe_load(raw) or []:
            expect = [{**e, "intent": e["intent"] if isinstance(e["intent"], list) else [e["intent"]],
                       "slots": _iso_dates(e.get("slots") or {})} for e in entry["expect"]]  # fmt: skip
            cases.append(HeldoutCase.model_validate({**entry, "expect": expect, "now": now.group(1) if now else None,
                                                     "file": file.name}))  # fmt: skip
    return cases


def _iso_dates(value: Any) -> Any:
    """YAML reads ``deadline: 2026-06-19`` as a date; the parse door prints dates as ISO strings."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _iso_dates(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_iso_dates(v) for v in value]
    return value


def _unfold(name: str, then: list[str]) -> list[str]:
    return [_STEP_INTENT.get((name, step), f"{name}+{step}") for step in then]


def score_heldout(case: HeldoutCase, result: ParseOut) -> HeldoutScore:
    """Compare a reading with the case: the intents in order (chains unfolded), then the expected slots."""
    got: list[tuple[str, dict[str, Any]]] = []
    for intent in result.intents:
        got += [(intent["intent"], intent), *((n, {}) for n in _unfold(intent["intent"], intent.get("then") or []))]
    want: list[tuple[list[str], dict[str, Any]]] = []
    for e in case.expect:
        slots = {k: v for k, v in e.slots.items() if k != "then"}
        want += [(e.intent, slots), *(([n], {}) for n in _unfold(e.intent[0], e.slots.get("then") or []))]
    names = [n for n, _ in got]
    intent_ok = len(got) == len(want) and all(g in alts for (g, _), (alts, _) in zip(got, want, strict=False))
    diffs = [] if intent_ok else [f"intents: expected {[a[0] if len(a) == 1 else a for a, _ in want]}, got {names}"]
    if intent_ok:
        diffs += [d for (_, actual), (_, slots) in zip(got, want, strict=True) for name, value in slots.items()
                  for d in compare_values(name, value, actual.get(name))]  # fmt: skip
    return HeldoutScore(case=case, intent_ok=intent_ok, slots_ok=intent_ok and len(diffs) == 0,
                        confidence=result.confidence, acts=any(n not in _GIVES_UP for n in names), got=names,
                        diffs=diffs)  # fmt: skip


def run_heldout(cases: list[HeldoutCase], parser: Parser, tz: str = "Europe/Paris") -> list[HeldoutScore]:
    """Read every case through the parse door (``odoo-agent parse``), "now" fixed as its file says."""
    scores = []
    for case in cases:
        clock = frozen_now(case.now, tz) if case.now else None
        (out,) = parse_messages(parser, [case.text], clock)
        scores.append(score_heldout(case, out))
    return scores
