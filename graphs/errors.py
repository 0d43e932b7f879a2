"""The agent's own errors, one base: what the graph and the doors refuse, each said in a catalog sentence.

``AgentError`` derives from the Odoo client's ``OdooError`` (``message``, ``hint``, a stable ``kind``
for the JSON contract), so a door maps every error the same way. Raise one with :meth:`AgentError.said`:
the sentence comes from the catalog, in the given language or the current one, and ``key`` remembers it.
"""

from __future__ import annotations

from typing import ClassVar, Self

from odoo_tools.client.errors import OdooError
from odoo_tools.i18n import current_language, say

__all__ = ["AgentError", "BadInputError", "DecisionError", "LLMError"]


class AgentError(OdooError):
    """Base of every error the agent raises itself (graph and command line); ``kind`` is its JSON type."""

    kind: str = "agent_error"  # a class's stable name (OdooError computes it from the class)

    def __init__(self, message: str, *, hint: str | None = None, data: object = None, key: str | None = None) -> None:
        super().__init__(message, hint=hint, data=data)
        self.key = key

    @classmethod
    def said(cls, key: str, /, lang: str | None = None, **values: object) -> Self:
        """The error whose sentence is the catalog's ``key`` (in ``lang``, else the current language)."""
        return cls(say(key, lang or current_language(), **values), key=key)

    @property
    def summary(self) -> str:
        """The whole sentence: the agent's own messages carry no server details to cut."""
        return self.message


class BadInputError(AgentError):
    """Text that cannot be taken as it is; the message is one sentence saying why and what to do."""

    kind = "bad_input"


class DecisionError(AgentError):
    """A resume value that is no decision (unknown kind, missing field), or one the thread does not wait for."""

    kind = "invalid_decision"


class LLMError(AgentError):
    """The model could not be asked. ``kind`` is stable for JSON output; the message says what to fix."""

    KINDS: ClassVar[dict[str, str]] = {
        "llm.replay_miss": "replay_miss", "llm.refused_key": "llm_auth", "llm.no_such_model": "llm_model",
        "llm.timed_out": "llm_timeout", "llm.unreachable": "llm_unreachable", "llm.http_error": "llm_error",
        "llm.call_failed": "llm_error",
    }  # fmt: skip

    def __init__(self, kind: str, message: str, *, key: str | None = None) -> None:
        super().__init__(message, key=key)
        self.kind = kind

    @classmethod
    def said(cls, key: str, /, lang: str | None = None, **values: object) -> Self:
        return cls(cls.KINDS[key], say(key, lang or current_language(), **values), key=key)
