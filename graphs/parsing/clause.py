"""One action's worth of a message, as the offline parser's rules see it (shared by every rule module)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from graphs.parsing.cleanup import Ref
from graphs.parsing.intents import Clarify, Intent, Line
from graphs.parsing.names import LineGuess
from graphs.parsing.questions import QUESTIONS
from graphs.parsing.text import Text
from graphs.parsing.vocabulary import CONCEPTS
from odoo_tools.i18n import say
from odoo_tools.periods import PeriodName

__all__ = ["Clause", "Rule", "clarify", "lines_of"]


_CONNECTORS = frozenset(["and", "et", "then", "puis", "also", "aussi", "ensuite", "please", "svp"])


@dataclass
class Clause:
    """One action's worth of a message, with the period already read out of it."""

    text: Text
    refs: list[Ref]
    period: PeriodName | None
    first: bool
    whole: bool
    lang: str
    notes: list[str] = field(default_factory=list)
    full: Text | None = None  # the whole message, for modifiers said in another clause ("…, create it if missing")
    said: str = ""  # the message as written, for free text kept verbatim (a note's body)
    intent: Intent | None = None  # what the rules read in it, once read (the confidence checks each clause)

    def has(self, *concepts: str) -> bool:
        return any(self.text.search(CONCEPTS[c]) for c in concepts)

    def follows_up(self) -> bool:
        """A later clause that acts on the record before it: "…, confirm it and finish it", "…, confirme et
        termine" (a verb alone, or with a pronoun)."""
        if self.first:
            return False
        if re.search(r"\b(?:it|them|le|la|les)\b", self.text.low):
            return True
        words = [w for w in re.findall(r"[^\W\d_]+", self.text.low) if w not in _CONNECTORS]
        return len(words) <= 2

    def ref(self, *kinds: str) -> str | None:
        """The first order/invoice reference of the given kinds written in this clause."""
        return self._first_ref(self.text, kinds)

    def message_ref(self, *kinds: str) -> str | None:
        """The same, anywhere in the whole message ("confirm S00042 and add a note on it")."""
        return self._first_ref(self.full or self.text, kinds)

    def _first_ref(self, text: Text, kinds: tuple[str, ...]) -> str | None:
        for m in re.finditer(r"§(\d+)", text.low):
            ref = self.refs[int(m.group(1))]
            if ref.kind in kinds:
                return ref.text
        return None


Rule = Callable[[Clause], Intent | None]


def clarify(c: Clause, what: str, missing: list[str], **values: object) -> Clarify:
    """A question for the missing slots, after what was understood (``what``, a catalog key)."""
    question = " ".join(say(QUESTIONS[m], c.lang) for m in missing)
    return Clarify(question=say("parser.clarify", c.lang, what=say(what, c.lang, **values), question=question),
                   missing=missing)  # fmt: skip


def lines_of(c: Clause, guesses: list[LineGuess]) -> list[Line]:
    out = []
    for g in guesses:
        if g.qty <= 0:
            continue
        if not g.qty_said:
            c.notes.append(f"quantity defaulted to 1 for {g.product or 'a line'}")  # i18n-exempt: diagnostic note
        discount = g.discount if g.discount is not None and g.discount <= 100 else None
        out.append(Line(product=g.product, qty=g.qty, unit_price=g.unit_price, discount=discount))
    return out
