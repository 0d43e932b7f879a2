"""Is every name and number of an LLM's intents in the message? The guard against invented slots.

A small model copies its few-shot examples ("Globex", "3 Gizmos") into unrelated answers, and any
model may fill a missing customer with a plausible one. A slot value the message does not contain
is reported like a validation error, so the one repair round can fix it; after that the parse
becomes a question rather than a guess.
"""

from __future__ import annotations

import re
from typing import Any

from rapidfuzz import fuzz

from graphs.parsing.cleanup import prepare
from graphs.parsing.text import fold

__all__ = ["ungrounded"]

_NAME_SLOTS = ("customer", "product", "name", "text", "order", "invoice")
_NUMBER_SLOTS = ("qty", "unit_price", "discount", "amount", "threshold", "min_qty", "max_qty", "list_price")
_ATOM = re.compile(r"¤?(\d+(?:\.\d+)?)")
_NAME_SCORE = 85  # partial_ratio: tolerates a case, accent or one-letter difference, not another name


def _numbers(text: str) -> set[float]:
    prep = prepare(text)
    found = {float(m.group(1)) for m in _ATOM.finditer(prep.text.low)}
    found |= {float(n) for r in prep.refs for n in re.findall(r"\d+", r.text)}
    return found


def _walk(value: Any, path: str) -> list[tuple[str, str, Any]]:
    """(path, slot name, value) of every scalar slot, lines included."""
    if isinstance(value, dict):
        return [x for k, v in value.items() for x in _walk(v, f"{path}.{k}" if path else k)]
    if isinstance(value, list):
        return [x for i, v in enumerate(value) for x in _walk(v, f"{path}.{i}")]
    return [(path, path.rsplit(".", 1)[-1], value)]


def ungrounded(intents: list[dict[str, Any]], message: str) -> list[str]:
    """One line per slot value that does not occur in ``message`` (empty when all are grounded)."""
    folded = fold(message)
    numbers = _numbers(message)
    problems = []
    for path, slot, value in _walk({"intents": intents}, ""):
        if slot in _NAME_SLOTS and isinstance(value, str) and value.strip():
            grounded = fuzz.partial_ratio(fold(value.strip()), folded) >= _NAME_SCORE
        elif slot in _NUMBER_SLOTS and isinstance(value, int | float) and not isinstance(value, bool):
            grounded = any(abs(value - n) < 1e-6 for n in numbers) or (slot == "qty" and value == 1)
        else:
            continue
        if not grounded:
            problems.append(f"{path}: {value!r} does not occur in the message")  # i18n-exempt: for the model
    return problems
