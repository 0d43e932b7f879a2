"""How the ranker's guess votes with the rules' reading (graphs/parsing/ranker.py says why it exists).

Margins were chosen by training on all but one held-out set and reading that one, for each set in
turn: a doubt margin that demoted about 1 % of the right, confident readings, and a rescue margin at
which the ranker's guess was right in ~96 % of the messages the rules could not read.
"""

from __future__ import annotations

from typing import cast

from graphs.parsing.dates import find_period
from graphs.parsing.intents import GIVE_UP, INTENT_TYPES, Intent
from graphs.parsing.ranker import guess, known_words
from graphs.parsing.text import Text

__all__ = ["ranked_alone", "ranker_doubts"]

DOUBT_MARGIN = 10.0
RESCUE_MARGIN = 8.0
_BY_NAME = {t.model_fields["intent"].default: t for t in INTENT_TYPES}
# A step folded into an earlier intent ("quote X and confirm it"), as the intent the ranker would name.
_STEP = {"confirm": ("confirm_order", "confirm_purchase", "confirm_production"), "invoice": ("invoice_order",),
         "post": ("post_invoice",), "receive": ("receive_purchase",), "finish": ("finish_production",)}  # fmt: skip


def _named(intents: list[Intent]) -> set[str]:
    names: set[str] = {i.intent for i in intents}
    for intent in intents:
        for step in getattr(intent, "then", None) or []:
            names.update(_STEP.get(step, ()))
    return names


def ranker_doubts(intents: list[Intent], message: str) -> list[str]:
    """A doubt when the rules act on intents the ranker clearly reads as another one."""
    if all(i.intent in GIVE_UP for i in intents):
        return []
    said = guess(message)
    if said.intent in GIVE_UP or said.intent in _named(intents) or said.margin < DOUBT_MARGIN:
        return []
    note = f"the wording reads more like {said.intent} (ranker margin {said.margin:g})"  # i18n-exempt: diagnostic note
    return [note]


def ranked_alone(message: str, text: Text) -> Intent | None:
    """The ranker's clear guess when the rules read nothing, for an intent that needs no slot ("wat tasks do i
    still hv open" → my_tasks); the period said, if it takes one. Never sure enough to act alone."""
    if not known_words(message):  # "euh… bof ???": a guess from its shape alone ('?', the first word) is no reading
        return None
    said = guess(message)
    kind = _BY_NAME.get(said.intent)
    if kind is None or said.intent in GIVE_UP or said.margin < RESCUE_MARGIN:
        return None
    try:
        intent = cast("Intent", kind())  # one of the union's classes, built by its name
    except ValueError:  # it needs slots the rules could not find: a question is better than a guess
        return None
    period, _ = find_period(text)
    if period is not None and "period" in kind.model_fields:
        intent = intent.model_copy(update={"period": period})
    return intent
