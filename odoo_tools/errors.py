"""Every error the tools raise, in one hierarchy under ``OdooError``.

The client's errors (``odoo_tools.client.errors``: the connection, the credentials, what Odoo refused)
are re-exported here; the tools' own (no match, several matches, a likely duplicate, a missing app,
a transfer that needs a choice, a wrong policy file) are defined here. Each carries one sentence for
the person (``message``), a hint of what they can do (``hint``), both from the catalog, and a stable
``kind`` for JSON output.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol

from odoo_tools.client.errors import (
    OdooAccessError,
    OdooAuthError,
    OdooBadCallError,
    OdooConnectionError,
    OdooDatabaseNotFoundError,
    OdooError,
    OdooMissingRecordError,
    OdooNotFoundError,
    OdooReplayMissError,
    OdooServerError,
    OdooTimeoutError,
    OdooUnavailableError,
    OdooValidationError,
    OdooWriteOutcomeUnknownError,
    RequestNotSentError,
)
from odoo_tools.i18n import t

__all__ = [
    "AmbiguousMatchError",
    "AuditError",
    "AutomationsError",
    "BackorderChoiceError",
    "CorruptStoreError",
    "DuplicateSuspectedError",
    "ModuleMissingError",
    "NoMatchError",
    "NothingReservedError",
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
    "PolicyError",
    "RequestNotSentError",
]


class _Question(Protocol):
    """A resolver outcome that asks which record is meant (``resolve.Ambiguous``)."""

    def question(self) -> str: ...
    def model_dump(self) -> dict[str, Any]: ...


class _Unmatched(Protocol):
    """A resolver outcome that found nothing (``resolve.NotFound``)."""

    def refusal(self, label: str) -> str: ...
    def model_dump(self) -> dict[str, Any]: ...


class AmbiguousMatchError(OdooError):
    """Several records match closely: the caller must ask which one."""

    def __init__(self, resolution: _Question) -> None:
        super().__init__(resolution.question(), hint="", data=resolution.model_dump())
        self.resolution: Any = resolution  # a resolve.Ambiguous (typed loosely: resolve imports this module)


class NoMatchError(OdooError):
    """No record matches; the closest names are suggestions."""

    def __init__(self, resolution: _Unmatched, label: str) -> None:
        # label: what a person calls the model, in the current language (resolve.label_of).
        super().__init__(resolution.refusal(label), hint="", data=resolution.model_dump())
        self.resolution: Any = resolution  # a resolve.NotFound


# The hint of a likely duplicate, by the model it would duplicate.
_DUPLICATE_HINTS: Mapping[str, str] = {
    "res.partner": "partners.use_contact_confirm_new",
    "product.product": "products.use_product_confirm_new",
}


class DuplicateSuspectedError(OdooValidationError):
    """A record with a very similar name (or the same reference) already exists: ``model`` says of what."""

    def __init__(self, message: str, *, model: str = "res.partner", hint: str | None = None, data: Any = None) -> None:
        self.model = model
        super().__init__(message, hint=hint, data=data)

    @property
    def default_hint(self) -> str:  # worded when raised, in the person's language
        return t(_DUPLICATE_HINTS.get(self.model, "partners.use_contact_confirm_new"))


class ModuleMissingError(OdooError):
    """The Odoo app a tool needs is not installed."""

    hint_key = "registry.install_app_odoo_apps"


class BackorderChoiceError(OdooValidationError):
    """Less than the demand is processed and the caller did not say what to do with the rest."""

    hint_key = "transfers.say_backorder_create_deliver"


class NothingReservedError(OdooValidationError):
    """No quantity is reserved or entered on the transfer (Odoo's "Transfer trouble alert")."""

    hint_key = "transfers.receive_adjust_stock_first"


class PolicyError(OdooError):
    """A policy file is unreadable or wrong; the message names the file and the key."""

    def __init__(self, file: Path, key: str, problem: str) -> None:
        self.file, self.key = file, key
        super().__init__(f"{file}: {key}: {problem}" if key else f"{file}: {problem}", hint="")

    def __str__(self) -> str:  # the whole message: a YAML error spans lines
        return self.message

    @property
    def kind(self) -> str:
        return "PolicyError"  # what the CLI's JSON has always said


class AutomationsError(PolicyError):
    """The automations file is unreadable or wrong; the message names the file and the key."""

    @property
    def kind(self) -> str:
        return "AutomationsError"


class AuditError(OdooError):
    """The audit log cannot record what was asked (an unknown row, or one already finished): a bug of ours."""

    @property
    def kind(self) -> str:
        return "audit"


class CorruptStoreError(AuditError):
    """A store file (the audit log, the threads) is not a readable SQLite database: nothing is sent to Odoo."""

    def __init__(self, path: Path, detail: str) -> None:
        self.path = path
        super().__init__(t("audit.store_damaged", path=path, detail=detail))

    @property
    def kind(self) -> str:
        return "store_corrupt"  # the JSON contract's error type
