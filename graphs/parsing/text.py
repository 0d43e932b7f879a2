"""The message as the rules read it: a cleaned-up text and its folded twin, and the helpers that turn
phrase lists into patterns over the folded form (lower case, no accents, a lone "à" kept)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

__all__ = ["Text", "alternation", "fold", "in_capitals", "map_strings", "phrase_pattern", "word_set"]


def map_strings(value: Any, change: Callable[[str], Any]) -> Any:
    """``value`` (nested dicts and lists, as a dumped intent or a step's arguments) with each string changed."""
    if isinstance(value, str):
        return change(value)
    if isinstance(value, list):
        return [map_strings(v, change) for v in value]
    if isinstance(value, dict):
        return {k: map_strings(v, change) for k, v in value.items()}
    return value


def fold(s: str) -> str:
    """Lower case without accents, one character for one, so offsets stay valid.

    A lone "à" keeps its accent: in French it marks a price or a quantity ("à 50 $"), while
    an English "a" is an article.
    """
    out: list[str] = []
    for i, ch in enumerate(s):
        if ch in "àÀ" and _standalone(s, i):
            out.append("à")
            continue
        base = "".join(b for b in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(b)).lower()
        out.append(base if len(base) == 1 else ch)
    return "".join(out)


def _standalone(s: str, i: int) -> bool:
    before = s[i - 1] if i > 0 else " "
    after = s[i + 1] if i + 1 < len(s) else " "
    return not before.isalpha() and not after.isalpha()


@dataclass(frozen=True)
class Text:
    """``raw`` (what the person wrote, cleaned up) and ``low`` (folded, same length)."""

    raw: str
    low: str

    @classmethod
    def of(cls, raw: str) -> Text:
        return cls(raw, fold(raw))

    def blank(self, start: int, end: int) -> Text:
        """The same text with a span replaced by spaces (a slot already read, a period)."""
        pad = " " * (end - start)
        return Text(self.raw[:start] + pad + self.raw[end:], self.low[:start] + pad + self.low[end:])

    def cut(self, start: int, end: int) -> Text:
        return Text(self.raw[start:end], self.low[start:end])

    def search(self, pattern: re.Pattern[str], pos: int = 0) -> re.Match[str] | None:
        return pattern.search(self.low, pos)


def alternation(phrases: Iterable[str]) -> str:
    """Plain phrases (spaces match any run of spaces) or raw regexes prefixed with ``re:``."""
    parts = [p[3:] if p.startswith("re:") else r"\s+".join(map(re.escape, p.split())) for p in phrases]
    return "|".join(sorted(parts, key=len, reverse=True))


def in_capitals(s: str) -> bool:
    """Whether a message is written in capitals (or has no letters): then its case says nothing of names."""
    letters = [ch for ch in s if ch.isalpha()]
    return not letters or sum(ch.isupper() for ch in letters) > 0.6 * len(letters)


def word_set(s: str) -> frozenset[str]:
    """A word list written as one string (easier to read and edit than a list literal)."""
    return frozenset(s.split())


def phrase_pattern(phrases: Iterable[str]) -> re.Pattern[str]:
    # Whole words only, except at a symbol edge ("<20" is "below 20"); an elision may precede ("d'hier").
    return re.compile(rf"(?:(?<!\w)|(?=\W))(?:{alternation(phrases)})(?:(?!\w)|(?<=\W))")
