"""The guard on text coming in through any door: refused in one sentence, never a traceback.

A command line can hand us bytes that are not UTF-8 (Python keeps them as lone surrogates), and
a paste can carry terminal control codes; neither can be stored, hashed into a thread id or sent
to Odoo. A message or answer longer than the cap is refused before it reaches Odoo or the store,
so one paste cannot make a 100 KB customer or a threads file ten times its size. It lives in the
graph layer so LangGraph Server's runs, which enter the graph directly, get it too.
"""

from __future__ import annotations

import unicodedata

from graphs.errors import BadInputError
from odoo_tools.i18n import t
from odoo_tools.results import CAPS

__all__ = ["BadInputError", "check_text"]

# Whitespace a pasted message legitimately holds; every other control character is refused.
_ALLOWED_CONTROLS = frozenset("\t\n\r")


def check_text(text: str, what: str = "graph.input_message", limit: int | None = None) -> str:
    """``text`` unchanged when it is storable and within ``limit``; else ``BadInputError``.

    ``what`` is the catalog key naming the text (``graph.input_message``, ``graph.input_thread_id`` …); the
    sentence is in the current language (no message has been read yet, so the door's language is not known).
    """
    cap = CAPS.text if limit is None else limit
    if what == "graph.input_message" and not text.strip():  # nothing asked: said, never a "done" turn
        raise BadInputError.said("graph.input_empty", what=t(what))
    for i, ch in enumerate(text):
        category = unicodedata.category(ch)
        if category == "Cs":
            raise BadInputError.said("graph.input_not_utf8", what=t(what), at=i + 1)
        if category == "Cc" and ch not in _ALLOWED_CONTROLS:
            raise BadInputError.said("graph.input_control_character", what=t(what), code=f"{ord(ch):04X}", at=i + 1)
    if len(text) > cap:
        raise BadInputError.said("graph.input_too_long", what=t(what), length=len(text), cap=cap)
    return text
