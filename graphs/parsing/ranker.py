"""A second opinion on the intent: a linear ranker over words and letter groups, learned offline.

The rules read slots well but miss wordings their phrase lists never saw; a ranker trained on every
labelled command we have (the held-out sets once scored, the seed variants) recognises the *kind* of
request from wording it has not seen. It votes with the rules: when the rules act on one intent and
the ranker is clearly sure of another, the reading is doubted (``auto`` asks the LLM, the offline
parser asks the person); when the rules read nothing, a clear ranker guess of an intent that needs no
slot is offered at low confidence instead of "not understood".

Pure Python at run time: the weights ship as JSON (``ranker.json``) and load on the first parse;
``python -m graphs.parsing.ranker_train`` reproduces them exactly.
"""

from __future__ import annotations

import itertools
import json
import re
import unicodedata
from functools import cache
from pathlib import Path

from pydantic import BaseModel

__all__ = ["WEIGHTS", "Guess", "features", "guess", "known_words"]

WEIGHTS = Path(__file__).with_name("ranker.json")

# References and numbers by kind, so "confirm MO/00061" and "confirm S00061" differ and amounts do not.
_KINDS = (
    (re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+"), " zemail "),
    (re.compile(r"\b[a-z]{2,5}/(?:out|in|int|pick|pack|ret)/\d+\b"), " zpick "),
    (re.compile(r"\b(?:wh/)?mo[-/]?\d[\d/]*\b|\bof[-/]\d+"), " zmo "),
    (re.compile(r"\b(?:inv|fac|fact|bill|rinv)[-/]?\d[\d/-]*\b"), " zinv "),
    (re.compile(r"\b(?:so[-/]?\d[\d/]*|s\d{3,})\b"), " zso "),
    (re.compile(r"\b(?:po[-/]?\d+|p\d{4,})\b"), " zpo "),
    (re.compile(r"\d+(?:[.,]\d+)?"), " 0 "),
)
_TOKEN = re.compile(r"[a-z]+|0|[?!€$£%]")


def _folded(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    for pattern, kind in _KINDS:
        text = pattern.sub(kind, text)
    return text


def features(text: str) -> list[str]:
    """Words, word pairs, groups of four letters inside words (typos, inflections), the first word, and '?'."""
    folded = _folded(text)
    words = _TOKEN.findall(folded)
    out = [f"w:{w}" for w in words] + [f"b:{a}_{b}" for a, b in itertools.pairwise(words)]
    for word in words:
        if len(word) >= 4:
            padded = f"<{word}>"
            out += [f"c:{padded[i : i + 4]}" for i in range(len(padded) - 3)]
    out += [f"first:{words[0] if words else ''}", f"q:{folded.rstrip().endswith('?')}"]
    return out


class Model(BaseModel):
    """The shipped weights: class names, and per feature the weight of each class (by its index, as text:
    JSON's keys are strings, and converting 15,000 of them on every start would cost more than scoring)."""

    classes: list[str]
    weights: dict[str, dict[str, float]]


class Guess(BaseModel):
    intent: str
    margin: float  # how far the best intent's score is ahead of the runner-up's


@cache
def _model() -> Model:
    raw = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    return Model.model_construct(classes=raw["classes"], weights=raw["weights"])  # our own file: not re-validated


def scores(model: Model, text: str) -> list[float]:
    out = [0.0] * len(model.classes)
    for feature in features(text):
        for index, weight in model.weights.get(feature, {}).items():
            out[int(index)] += weight
    return out


def known_words(text: str) -> int:
    """How many of the message's words the ranker learned anything about (punctuation and shape not counted)."""
    weights = _model().weights
    return sum(1 for f in features(text) if f.startswith("w:") and any(ch.isalpha() for ch in f[2:]) and f in weights)


def guess(text: str) -> Guess:
    """The ranker's intent for the message, and its lead over the next one."""
    model = _model()
    ranked = sorted(zip(scores(model, text), model.classes, strict=True), key=lambda p: (-p[0], p[1]))
    return Guess(intent=ranked[0][1], margin=round(ranked[0][0] - ranked[1][0], 3))
