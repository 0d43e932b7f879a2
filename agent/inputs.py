"""The agent's guard on text coming in through any door: refused in one sentence, never a traceback.

A command line can hand us bytes that are not UTF-8 (Python keeps them as lone surrogates), and
a paste can carry terminal control codes; neither can be stored, hashed into a thread id or sent
to Odoo. A message or answer longer than the cap is refused before it reaches Odoo or the store,
so one paste cannot make a 100 KB customer or a threads file ten times its size.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from odoo_tools.client.errors import OdooError
from odoo_tools.results import CAPS

__all__ = ["LIMITS", "BadInputError", "InputLimits", "check_text", "cut_long_text"]

# Whitespace a pasted message legitimately holds; every other control character is refused.
_ALLOWED_CONTROLS = frozenset("\t\n\r")


class InputLimits(BaseModel):
    """The caps on free text, in characters (one typed place, not literals at every door)."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    message: int = Field(default=CAPS.text, ge=1)
    """A message to the agent, an answer to its question, a rejection's reason."""
    reply_field: int = Field(default=2000, ge=100)
    """One text value in an MCP reply (a description, a chatter body): longer ones are cut with a note."""
    reply_bytes: int = Field(default=600_000, ge=10_000, le=900_000)
    """A whole MCP reply (its text and JSON, twice): under the clients' 1 MB message limit."""


LIMITS = InputLimits()


class BadInputError(OdooError):
    """Text that cannot be taken as it is; the message is one sentence saying why and what to do."""

    @property
    def kind(self) -> str:
        return "bad_input"


def check_text(text: str, what: str = "The message", limit: int | None = None) -> str:
    """``text`` unchanged when it is storable and within ``limit``; else ``BadInputError``."""
    cap = LIMITS.message if limit is None else limit
    for i, ch in enumerate(text):
        category = unicodedata.category(ch)
        if category == "Cs":
            raise BadInputError(f"{what} holds bytes that are not UTF-8 text (at character {i + 1}): "
                                "send it again as UTF-8.")  # fmt: skip
        if category == "Cc" and ch not in _ALLOWED_CONTROLS:
            raise BadInputError(f"{what} holds a control character (U+{ord(ch):04X} at character {i + 1}): "
                                "remove it and send it again.")  # fmt: skip
    if len(text) > cap:
        raise BadInputError(f"{what} is {len(text):,} characters long, over the limit of {cap:,}: "
                            "shorten it or split it into several messages.")  # fmt: skip
    return text


def cut_long_text(value: Any, limit: int) -> Any:
    """``value`` (decoded JSON) with every string over ``limit`` characters cut, saying how much was cut;
    the shape is kept, so the data still matches its schema."""
    if isinstance(value, str) and len(value) > limit:
        return f"{value[:limit]}… [cut: {len(value) - limit:,} more characters]"
    if isinstance(value, list):
        return [cut_long_text(v, limit) for v in value]
    if isinstance(value, dict):
        return {k: cut_long_text(v, limit) for k, v in value.items()}
    return value
