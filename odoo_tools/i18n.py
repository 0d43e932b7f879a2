"""The language tools answer in: English by default, French when the person wrote French."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

__all__ = ["current_language", "t", "use_language"]

_language: ContextVar[str] = ContextVar("odoo_agent_language", default="en")


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


def t(en: str, fr: str, /, **values: object) -> str:
    """A message in the current language; both texts take the same ``{placeholders}``."""
    return (fr if _language.get() == "fr" else en).format(**values)
