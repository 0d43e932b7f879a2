"""``auto``: the offline parser first, the LLM only where the rules give up or are unsure.

Fewer tokens, and a weak model cannot spoil what the rules understood:

1. The offline result stands when it is actionable (not only ``Clarify``/``Unsupported``) and its
   confidence is at least ``threshold`` (``AUTO_THRESHOLD``, 0.6: one typo and one defaulted
   quantity still pass; three typos or a pile of unexplained words do not). No LLM call.
2. Otherwise the LLM parses the message. Its answer is taken when the offline parser gave up and
   the LLM did not. When the offline parser was unsure and the LLM names the same intents, the
   rules' slots stand and the model's (grounded) values fill only the slots the rules left empty:
   a weak model never overwrites what the rules read. In every other case the offline result
   stands, with the LLM's view in ``notes``.
3. An LLM that cannot be reached leaves the offline result (a replay miss is raised: it means the
   recording is stale, not that the model is down).
"""

from __future__ import annotations

from typing import Any

from graphs.parsing.engine import ParseContext, Parser
from graphs.parsing.intents import GIVE_UP, ParseResult
from graphs.parsing.llm_client import LLMError

__all__ = ["AUTO_THRESHOLD", "AutoParser"]

AUTO_THRESHOLD = 0.6


def _gave_up(result: ParseResult) -> bool:
    return all(i.intent in GIVE_UP for i in result.intents)


def _names(result: ParseResult) -> list[str]:
    return [i.intent for i in result.intents]


class AutoParser:
    """Offline rules first, then the LLM (``name`` "auto"; results say ``auto:offline`` or ``auto:llm``)."""

    name = "auto"

    def __init__(self, offline: Parser, llm: Parser, threshold: float = AUTO_THRESHOLD) -> None:
        self.offline, self.llm, self.threshold = offline, llm, threshold

    def close(self) -> None:
        close = getattr(self.llm, "close", None)
        if close is not None:
            close()

    def parse(self, text: str, context: ParseContext | None = None) -> ParseResult:
        first = self.offline.parse(text, context)
        if not _gave_up(first) and first.confidence >= self.threshold:
            return first.model_copy(update={"parser": "auto:offline"})
        try:
            second = self.llm.parse(text, context)
        except LLMError as exc:
            if exc.kind == "replay_miss":
                raise
            return self._keep(first, None, [f"LLM not used: {exc}"])  # i18n-exempt: diagnostic note
        if _gave_up(first) and not _gave_up(second):
            return second.model_copy(update={"parser": "auto:llm", "notes": [*first.notes, *second.notes]})
        if not _gave_up(first) and _names(first) == _names(second):
            return self._filled(first, second)
        view = ", ".join(_names(second))
        return self._keep(first, second, [f"LLM read {view} (confidence {second.confidence}); rules kept"])

    def _filled(self, first: ParseResult, second: ParseResult) -> ParseResult:
        """Same intents: the rules' slots stand, the model's fill only those the rules left empty."""
        merged, taken = [], []
        for mine, theirs in zip(first.intents, second.intents, strict=True):
            gaps = {k: v for k, v in theirs.model_dump().items()
                    if getattr(mine, k, None) in (None, []) and v not in (None, [])}  # fmt: skip
            merged.append(mine.model_copy(update=gaps) if gaps else mine)
            taken += list(gaps)
        if not taken:
            return self._keep(first, second, ["LLM read the same; rules kept"])  # i18n-exempt: diagnostic note
        notes = [*first.notes, *second.notes, f"LLM filled: {', '.join(taken)}"]
        return first.model_copy(update={"intents": merged, "parser": "auto:llm", "model": second.model,
                                         "tokens": second.tokens, "notes": notes})  # fmt: skip

    def _keep(self, first: ParseResult, second: ParseResult | None, notes: list[str]) -> ParseResult:
        update: dict[str, Any] = {"parser": "auto:offline", "notes": [*first.notes, *notes]}
        if second is not None:
            update |= {"model": second.model, "tokens": second.tokens}
        return first.model_copy(update=update)
