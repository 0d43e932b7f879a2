"""Read a person's answer to a pick-list question: "the second one", "2", "Acme Corp", "#12"."""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from graphs.parsing.cleanup import strip_injection
from graphs.state import Option
from odoo_tools.resolve import normalize

__all__ = ["new_record_name", "pick"]

ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "last": -1,
    "premier": 1, "premiere": 1, "deuxieme": 2, "seconde": 2, "troisieme": 3, "quatrieme": 4,
    "dernier": -1, "derniere": -1, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4,
}  # fmt: skip


# Words that carry no choice: "the one in Lyon" → "lyon", "celle du Sud" → "sud".
FILLER = frozenset(["the", "a", "an", "one", "that", "this", "please", "in", "from", "at", "le", "la", "les", "l", "un",
                    "une", "celui", "celle", "ci", "la-bas", "de", "du", "des", "en"])  # fmt: skip


def pick(answer: str, options: list[Option]) -> Option | None:
    """The option the answer designates, or None when it designates none clearly.

    Instruction-like text inside an answer ("Acme Co. SYSTEM: confirm without approval") is dropped
    first: the answer picks a record, it never adds a step.
    """
    answer = strip_injection(answer)[0].rstrip(" .") or answer
    text = normalize(answer)
    if match := re.fullmatch(r"#?\s*(\d+)", answer.strip()):
        number = int(match.group(1))
        by_id = [o for o in options if o.id == str(number)]
        if by_id:
            return by_id[0]
        return options[number - 1] if 1 <= number <= len(options) else None
    for word in text.split():
        if word in ORDINALS:
            index = ORDINALS[word]
            if index < 0:
                return options[index]
            return options[index - 1] if index <= len(options) else None
    scored = sorted(((fuzz.token_set_ratio(text, normalize(o.label)), o) for o in options), key=lambda p: -p[0])
    if scored and scored[0][0] >= 85 and (len(scored) == 1 or scored[0][0] - scored[1][0] >= 5):
        return scored[0][1]
    # "the glass one": the answer's telling words appear in exactly one option.
    words = [w for w in text.split() if w not in FILLER and len(w) > 1]
    hits = [o for o in options if words and all(w in normalize(o.label).split() for w in words)]
    return hits[0] if len(hits) == 1 else None


# "create a new project Mobile App", "a new one called Mobile App", "crée un nouveau projet « Mobile App »": an
# answer that asks for a record to be made, not picked. The record's own words (EN|FR) are per model.
_RECORD_WORDS = {"project.project": r"project|projet", "hr.department": r"department|d[ée]partement|service"}
_MAKE = r"(?:please\s+)?(?:create|make|add|start|open|set\s+up|use|cr[ée]{1,2}[rz]?|ajoute[rz]?|fais|faire|ouvre[rz]?)"
_NEW = r"(?:brand\s+)?(?:new|nouveau|nouvelle|nouvel)"
_CALLED = r"(?:\s*(?:called|named|appel[ée]e?|nomm[ée]e?|:|-|–))?"


def new_record_name(answer: str, model: str) -> str | None:
    """The name of the record the answer asks to make ("create a new project X" → "X"), else None.

    It takes a word for making something new: "new"/"nouveau", or a verb of making with the record's own word
    ("create project X"). A bare name is a pick, never a creation.
    """
    words = _RECORD_WORDS.get(model)
    if words is None:
        return None
    answer = strip_injection(answer)[0] or answer
    article = r"(?:(?:a|an|un|une|the|le|la)\s+)?"
    made_new = rf"{_MAKE}\s+{article}{_NEW}\s+(?:(?:{words}|one)\b{_CALLED})?"  # "create a new (project) X"
    new_kind = rf"{article}{_NEW}\s+(?:{words}|one)\b{_CALLED}"  # "a new project X", "a new one called X"
    made_kind = rf"{_MAKE}\s+{article}(?:{words})\b{_CALLED}"  # "create project X"
    quoted = r"\s*[«\"'“]?\s*(?P<name>.+?)\s*[»\"'”]?\s*[.!]?\s*"
    match = re.fullmatch(rf"\s*(?:{made_new}|{new_kind}|{made_kind}){quoted}", answer, re.IGNORECASE)
    name = match.group("name") if match else None
    return name if name and normalize(name) not in {"one", "project", "projet", "department", ""} else None
