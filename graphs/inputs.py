"""The guard on text coming in through any door: refused in one sentence, never a traceback.

A command line can hand us bytes that are not UTF-8 (Python keeps them as lone surrogates), and
a paste can carry terminal control codes; neither can be stored, hashed into a thread id or sent
to Odoo. A message or answer longer than the cap is refused before it reaches Odoo or the store,
so one paste cannot make a 100 KB customer or a threads file ten times its size. It lives in the
graph layer so LangGraph Server's runs, which enter the graph directly, get it too.
"""

from __future__ import annotations

import unicodedata

from odoo_tools.client.errors import OdooError
from odoo_tools.results import CAPS

__all__ = ["BadInputError", "check_text"]

# Whitespace a pasted message legitimately holds; every other control character is refused.
_ALLOWED_CONTROLS = frozenset("\t\n\r")


class BadInputError(OdooError):
    """Text that cannot be taken as it is; the message is one sentence saying why and what to do."""

    @property
    def kind(self) -> str:
        return "bad_input"


def check_text(text: str, what: str = "The message", limit: int | None = None) -> str:
    """``text`` unchanged when it is storable and within ``limit``; else ``BadInputError``."""
    cap = CAPS.text if limit is None else limit
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
