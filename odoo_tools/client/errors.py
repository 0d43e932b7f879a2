"""Typed errors raised by the Odoo client, one class per thing a user can act on."""

from __future__ import annotations

from typing import Any, ClassVar

from odoo_tools.i18n import t

__all__ = [
    "OdooAccessError",
    "OdooAuthError",
    "OdooBadCallError",
    "OdooConnectionError",
    "OdooDatabaseNotFoundError",
    "OdooError",
    "OdooMissingRecordError",
    "OdooNotFoundError",
    "OdooReplayMissError",
    "OdooServerError",
    "OdooTimeoutError",
    "OdooUnavailableError",
    "OdooValidationError",
    "OdooWriteOutcomeUnknownError",
    "RequestNotSentError",
]


class OdooError(Exception):
    """Base of every error the client raises.

    ``message`` is one sentence for the user; ``hint`` says what they can do about it;
    ``data`` keeps the server's raw payload (traceback included) for logs, never for display.
    """

    hint_key: ClassVar[str | None] = None  # the catalog's hint for this kind of error, worded when raised

    @property
    def default_hint(self) -> str:
        """The hint when none is given: the class's catalog sentence, in the language of the moment it is raised."""
        return t(self.hint_key) if self.hint_key else ""

    def __init__(self, message: str, *, hint: str | None = None, data: Any = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = self.default_hint if hint is None else hint
        self.data = data

    def __str__(self) -> str:
        return f"{self.summary} {self.hint}".strip() if self.hint else self.summary

    @property
    def summary(self) -> str:
        """The message's first line: Odoo appends group lists and record details below it."""
        lines = [line.strip() for line in self.message.splitlines() if line.strip()]
        return lines[0] if lines else self.message

    @property
    def kind(self) -> str:
        """A stable short name for JSON output (``auth``, ``access`` ...)."""
        return _KINDS.get(type(self), "error")


class OdooAuthError(OdooError):
    """Wrong login, password or API key (or an expired key)."""

    hint_key = "client.hint_credentials"


class OdooDatabaseNotFoundError(OdooError):
    """The configured database does not exist on that server."""

    hint_key = "client.hint_database"


class OdooAccessError(OdooError):
    """The user may not do this (ACL, record rule, private method)."""

    hint_key = "client.hint_access"


class OdooValidationError(OdooError):
    """Odoo refused the data or the business rule (UserError / ValidationError)."""


class OdooMissingRecordError(OdooError):
    """The record does not exist or was deleted."""


class OdooNotFoundError(OdooError):
    """Unknown model, method or field: a module is missing or the name differs in this version."""

    hint_key = "client.hint_not_found"


class OdooBadCallError(OdooError):
    """The request itself was malformed (wrong arguments): a bug on our side."""


class OdooConnectionError(OdooError):
    """The server could not be reached, or what answered is not an Odoo server."""

    hint_key = "client.hint_connection"


class OdooUnavailableError(OdooConnectionError):
    """The connection broke or a proxy said the server is unavailable (502/503/504): transient."""

    hint_key = "client.hint_unavailable"


class RequestNotSentError(OdooConnectionError):
    """The connection failed before the request left: always safe to retry."""


class OdooTimeoutError(OdooConnectionError):
    """The server did not answer in time."""

    hint_key = "client.hint_timeout"


class OdooWriteOutcomeUnknownError(OdooConnectionError):
    """A write left for Odoo and no answer came back (timeout, reset, 5xx, proxy error): it may have committed.

    An outcome, not a failure: the caller establishes the truth from Odoo (the idempotency key inside
    the record, or a natural key) and never re-sends on its own. ``model``, ``method`` and ``key`` say
    which write, so a later look can find it.
    """

    hint_key = "client.hint_outcome_unknown"

    def __init__(self, message: str, *, hint: str | None = None, data: Any = None, model: str = "",
                 method: str = "", key: str | None = None) -> None:  # fmt: skip
        super().__init__(message, hint=hint, data=data)
        self.model, self.method, self.key = model, method, key


class OdooServerError(OdooError):
    """Any other server-side failure."""


class OdooReplayMissError(OdooError):
    """Replaying a cassette, a request was made that the cassette does not hold."""

    hint_key = "client.hint_replay_miss"


_KINDS: dict[type[OdooError], str] = {
    OdooAuthError: "auth",
    OdooDatabaseNotFoundError: "database",
    OdooAccessError: "access",
    OdooValidationError: "validation",
    OdooMissingRecordError: "missing_record",
    OdooNotFoundError: "not_found",
    OdooBadCallError: "bad_call",
    OdooConnectionError: "connection",
    OdooTimeoutError: "timeout",
    OdooUnavailableError: "unavailable",
    OdooWriteOutcomeUnknownError: "write_outcome_unknown",
    OdooServerError: "server",
    OdooReplayMissError: "replay_miss",
}
