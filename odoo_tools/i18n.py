"""Every sentence a person reads, from one keyed catalog in English and French.

The texts live in ``odoo_tools/texts/<area>.toml``, one table per key (``[key]`` with ``en`` and ``fr``),
addressed as ``"<area>.<key>"``. An area's file is read the first time one of its keys is used, so a
command pays only for the areas it speaks from. Tools answer in the language of the block they run in
(:func:`use_language`); the graph, which knows the message's language, names it (:func:`say`).
"""

from __future__ import annotations

import string
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path
from typing import NamedTuple

__all__ = ["LANGUAGES", "Text", "area", "areas", "current_language", "language_of", "say", "t", "use_language"]

LANGUAGES = ("en", "fr")
_TEXTS = Path(__file__).with_name("texts")
_language: ContextVar[str] = ContextVar("odoo_agent_language", default="en")


class Text(NamedTuple):
    """One catalog entry: the same sentence in each language, with the same ``{placeholders}``."""

    en: str
    fr: str

    def placeholders(self, lang: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(getattr(self, lang)) if name is not None}


@contextmanager
def use_language(lang: str) -> Iterator[None]:
    """Within this block, tools word their messages in ``lang`` (``en`` or ``fr``)."""
    token = _language.set("fr" if lang == "fr" else "en")
    try:
        yield
    finally:
        _language.reset(token)


def current_language() -> str:
    return _language.get()


def language_of(locale: object) -> str:
    """The catalog language of an Odoo locale (``fr_BE`` → ``fr``; anything else → ``en``).

    Text stored in Odoo (a chatter note's signature, an e-mail to a customer) is worded in the Odoo
    user's language, not the chat's: the people reading it there did not take part in the chat.
    """
    return "fr" if isinstance(locale, str) and locale.lower().startswith("fr") else "en"


def areas() -> list[str]:
    """The catalog's areas (one file each)."""
    return sorted(p.stem for p in _TEXTS.glob("*.toml"))


@cache
def area(name: str) -> dict[str, Text]:
    """One area's entries, read once per process."""
    with (_TEXTS / f"{name}.toml").open("rb") as f:
        return {key: Text(**texts) for key, texts in tomllib.load(f).items()}


def entry(key: str) -> Text:
    where, _, name = key.partition(".")
    return area(where)[name]


def say(key: str, lang: str, /, **values: object) -> str:
    """The catalog's sentence ``key`` in ``lang`` (French when ``fr``, English otherwise)."""
    text = entry(key)
    return (text.fr if lang == "fr" else text.en).format(**values)


def t(key: str, /, **values: object) -> str:
    """The catalog's sentence ``key`` in the current language (see :func:`use_language`)."""
    return say(key, _language.get(), **values)
