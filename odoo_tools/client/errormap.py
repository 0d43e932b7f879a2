"""Map each transport's error shape to one typed ``OdooError`` — the only place that does."""

from __future__ import annotations

import re
from typing import Any

from odoo_tools.client.errors import (
    OdooAccessError,
    OdooAuthError,
    OdooBadCallError,
    OdooConnectionError,
    OdooDatabaseNotFoundError,
    OdooError,
    OdooMissingRecordError,
    OdooNotFoundError,
    OdooServerError,
    OdooUnavailableError,
    OdooValidationError,
)
from odoo_tools.i18n import t

# JSON-2 and JSON-RPC share ``error.data`` (odoo/http.py serialize_exception): branch on its name.
_BY_NAME: dict[str, type[OdooError]] = {
    "odoo.exceptions.AccessDenied": OdooAuthError,
    "werkzeug.exceptions.Unauthorized": OdooAuthError,
    "odoo.exceptions.AccessError": OdooAccessError,
    "odoo.exceptions.MissingError": OdooMissingRecordError,
    "odoo.exceptions.ValidationError": OdooValidationError,
    "odoo.exceptions.UserError": OdooValidationError,
    "odoo.exceptions.RedirectWarning": OdooValidationError,
    "odoo.exceptions.LockError": OdooServerError,
    "werkzeug.exceptions.NotFound": OdooNotFoundError,
    "werkzeug.exceptions.UnprocessableEntity": OdooBadCallError,
    "werkzeug.exceptions.BadRequest": OdooBadCallError,
    "builtins.AttributeError": OdooNotFoundError,
    "builtins.TypeError": OdooBadCallError,
}
# JSON-2 status when the name is unknown.
_BY_STATUS: dict[int, type[OdooError]] = {
    401: OdooAuthError,
    403: OdooAccessError,
    404: OdooNotFoundError,
    422: OdooValidationError,
}
# /xmlrpc/2 fault codes (addons/rpc/controllers/xmlrpc.py); 1 is "anything else".
_BY_FAULT: dict[int, type[OdooError]] = {
    2: OdooValidationError,
    3: OdooAuthError,
    4: OdooAccessError,
}
_MISSING = "Record does not exist or has been deleted"  # i18n-exempt: Odoo's own message, matched
_INVALID_FIELD = re.compile(r"^ValueError: (Invalid field|Wrong value)")
_UNKNOWN_MODEL = re.compile(r"Object \S+ doesn't exist|model '\S+' does not exist")
_NO_DATABASE = re.compile(r'database "[^"]*" does not exist|No database is selected', re.I)
NONE_MARSHAL = "cannot marshal None"  # i18n-exempt: XML-RPC's fault text, matched


def _last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1].strip() if lines else text


def _classify_text(text: str) -> type[OdooError] | None:
    """Refine a class from the message where the transport's code is too coarse."""
    if _NO_DATABASE.search(text):
        return OdooDatabaseNotFoundError
    if _UNKNOWN_MODEL.search(text) or "AttributeError: The method" in text:  # i18n-exempt: Odoo's text, matched
        return OdooNotFoundError
    if _INVALID_FIELD.search(text):
        return OdooNotFoundError if "Invalid field" in text else OdooValidationError
    if text.startswith(_MISSING):
        return OdooMissingRecordError
    return None


def from_error_data(data: dict[str, Any], status: int | None = None) -> OdooError:
    """Map a JSON-2 body or a JSON-RPC ``error.data`` object."""
    name = str(data.get("name", ""))
    message = str(data.get("message") or t("client.odoo_reported_error")).strip()
    cls = _BY_NAME.get(name)
    # UserError, ValueError and friends are too coarse: the message says what really happened.
    if cls in (None, OdooValidationError, OdooNotFoundError):
        cls = _classify_text(f"{name.removeprefix('builtins.')}: {message}") or _classify_text(message) or cls
    if cls is None:
        cls = _BY_STATUS.get(status or 0, OdooServerError)
    return cls(message, data=data)


def from_fault(code: int | str, text: str) -> OdooError:
    """Map an XML-RPC fault (integer codes of /xmlrpc/2, string codes of legacy /xmlrpc)."""
    if isinstance(code, str):  # legacy endpoint: "warning -- AccessError\n\n<message>"
        head, _, rest = code.partition("\n\n")
        name = head.removeprefix("warning -- ").strip()
        return from_error_data({"name": f"odoo.exceptions.{name}", "message": rest or text})
    if code == 1:  # the whole traceback: its last line names the exception
        last = _last_line(text)
        cls = _classify_text(text if _NO_DATABASE.search(text) else last) or OdooServerError
        message = last.split(": ", 1)[1] if ": " in last else last
        return cls(message, data={"faultCode": code, "debug": text})
    cls = _BY_FAULT.get(code, OdooServerError)
    if cls is OdooValidationError:
        cls = _classify_text(text) or cls
    return cls(text.strip(), data={"faultCode": code, "faultString": text})


def is_none_fault(code: int | str, text: str) -> bool:
    """True for the fault Odoo raises *after committing* a method that returned ``None``."""
    return code == 1 and NONE_MARSHAL in _last_line(text)


def from_http(status: int, content_type: str, text: str) -> OdooError:
    """Map an HTTP answer that carries no Odoo error object (HTML pages, proxies)."""
    if _NO_DATABASE.search(text):
        return OdooDatabaseNotFoundError(t("client.no_such_database"))
    if status == 401:
        return OdooAuthError(t("client.credentials_refused"))
    if status in (404, 405) and "html" in content_type:
        return OdooConnectionError(t("client.not_an_odoo_path", status=status), hint=t("client.hint_url_transport"))
    if status in (502, 503, 504):
        return OdooUnavailableError(t("client.server_unavailable", status=status))
    if status >= 500:
        return OdooServerError(t("client.server_failed", status=status), data={"body": text[:2000]})
    return OdooConnectionError(
        t("client.unexpected_http", status=status, content_type=content_type or t("client.no_content_type"))
    )
