"""Error mapping, fed with the real error payloads stored in the cassettes (every transport).

Not a cassette test itself: it reads the recorded answers and maps them offline.
"""

from __future__ import annotations

import json
import xmlrpc.client
from pathlib import Path
from typing import Any

import pytest
import yaml

from odoo_tools.client.errormap import from_error_data, from_fault, from_http, is_none_fault
from odoo_tools.client.errors import (
    OdooAccessError,
    OdooAuthError,
    OdooConnectionError,
    OdooDatabaseNotFoundError,
    OdooError,
    OdooMissingRecordError,
    OdooNotFoundError,
    OdooUnavailableError,
    OdooValidationError,
)

CASSETTES = Path(__file__).parent / "cassettes"


def _recorded_errors() -> list[tuple[str, str, Any]]:
    """(cassette, transport, payload) for every error answer recorded."""
    found: list[tuple[str, str, Any]] = []
    for path in sorted(CASSETTES.rglob("*.yaml")):
        for item in yaml.safe_load(path.read_text())["interactions"]:
            uri, response = item["request"]["uri"], item["response"]
            body = response["body"]["string"]
            name = path.relative_to(CASSETTES).as_posix()
            if "/xmlrpc/" in uri and "<fault>" in body:
                try:
                    xmlrpc.client.loads(body)
                except xmlrpc.client.Fault as fault:
                    found.append((name, "xmlrpc", (fault.faultCode, fault.faultString)))
            elif uri.endswith("/jsonrpc") and '"error"' in body:
                found.append((name, "jsonrpc", json.loads(body)["error"]["data"]))
            elif "/json/2/" in uri and response["status"]["code"] != 200:
                headers = {k.lower(): v for k, v in response["headers"].items()}
                ctype = headers.get("content-type", [""])[0]
                payload = json.loads(body) if "json" in ctype else body
                found.append((name, "json2", (response["status"]["code"], ctype, payload)))
    return found


ERRORS = _recorded_errors()


def _map(transport: str, payload: Any) -> OdooError | None:
    if transport == "xmlrpc":
        code, text = payload
        return None if is_none_fault(code, text) else from_fault(code, text)
    if transport == "jsonrpc":
        return from_error_data(payload)
    status, ctype, body = payload
    return from_error_data(body, status) if isinstance(body, dict) else from_http(status, ctype, body)


def _expected(transport: str, payload: Any) -> type[OdooError] | None:
    """What the server said happened, read independently of the mapper (message + exception)."""
    text = json.dumps(payload)
    table = [
        ("cannot marshal None", None),
        ("database", OdooDatabaseNotFoundError),
        ("Invalid apikey", OdooAuthError),
        ("AccessDenied", OdooAuthError),
        ("Access Denied", OdooAuthError),
        ("Private methods", OdooAccessError),
        ("not allowed to access", OdooAccessError),
        ("Record does not exist", OdooMissingRecordError),
        ("recursive", OdooValidationError),
        ("frobnicate", OdooNotFoundError),
        ("The method '", OdooNotFoundError),
        ("no.such.model", OdooNotFoundError),
        ("Invalid field", OdooNotFoundError),
        ("502 Bad Gateway", OdooUnavailableError),  # the fault proxy's page (test_unknown_outcomes)
    ]
    for needle, cls in table:
        if needle in text:
            return cls
    raise AssertionError(f"unexpected recorded error on {transport}: {text[:300]}")


def test_the_cassettes_hold_errors_of_every_transport() -> None:
    transports = {t for _, t, _ in ERRORS}
    assert transports == {"xmlrpc", "jsonrpc", "json2"}
    assert len(ERRORS) >= 20


@pytest.mark.parametrize(("cassette", "transport", "payload"), ERRORS, ids=[f"{c}:{t}" for c, t, _ in ERRORS])
def test_each_recorded_error_maps_to_its_typed_class(cassette: str, transport: str, payload: Any) -> None:
    expected = _expected(transport, payload)
    error = _map(transport, payload)
    if expected is None:
        assert error is None  # committed: the client re-reads instead of failing
        return
    assert type(error) is expected
    assert error.message and "Traceback" not in error.message  # the traceback stays in .data


def test_none_fault_is_recognised_from_its_real_shape() -> None:
    none_faults = [p for _, t, p in ERRORS if t == "xmlrpc" and "cannot marshal None" in p[1]]
    assert none_faults, "the sale order test records action_lock's None fault on XML-RPC"
    assert all(is_none_fault(*p) for p in none_faults)


@pytest.mark.parametrize(
    ("status", "ctype", "body", "cls"),
    [
        (415, "text/html", "<html>Unsupported Media Type</html>", OdooConnectionError),
        (404, "text/html", "<html>No database is selected</html>", OdooDatabaseNotFoundError),
        (404, "text/html; charset=utf-8", "<html>Not Found</html>", OdooConnectionError),
        (401, "text/html", "", OdooAuthError),
    ],
)
def test_html_answers_are_transport_problems(status: int, ctype: str, body: str, cls: type[OdooError]) -> None:
    assert type(from_http(status, ctype, body)) is cls


def test_legacy_string_fault_codes() -> None:
    """Notes §2.3: the legacy /xmlrpc endpoint puts the kind in a string faultCode."""
    err = from_fault("warning -- AccessError\n\nYou are not allowed", "You are not allowed")
    assert isinstance(err, OdooAccessError)
