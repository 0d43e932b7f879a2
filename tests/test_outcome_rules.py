"""Which failures leave a write's outcome unknown, and which messages ask to go on. No Odoo involved."""

from __future__ import annotations

import pytest

from graphs.retrying import is_retry, start, unfinished
from graphs.state import PlanStep
from odoo_tools.client.errors import (
    OdooServerError,
    OdooTimeoutError,
    OdooUnavailableError,
    OdooValidationError,
    OdooWriteOutcomeUnknownError,
)
from odoo_tools.client.http import RequestNotSentError
from odoo_tools.client.odoo_client import _may_have_landed
from odoo_tools.registry import Risk


@pytest.mark.parametrize(
    ("error", "unknown"),
    [
        (OdooTimeoutError("no answer in time"), True),
        (OdooUnavailableError("connection reset after sending"), True),
        (OdooUnavailableError("The server is unavailable (HTTP 502)."), True),
        (OdooServerError("The server failed with HTTP 500.", data={"body": "<html>"}), True),  # not Odoo's page
        (RequestNotSentError("connection refused"), False),  # never left: safe to send again
        (OdooServerError("boom", data={"name": "builtins.ValueError"}), False),  # Odoo's own error: rolled back
        (OdooValidationError("Odoo refused it"), False),
        (OdooWriteOutcomeUnknownError("already said"), False),
    ],
)
def test_what_may_have_landed(error: Exception, unknown: bool) -> None:
    assert _may_have_landed(error) is unknown  # type: ignore[arg-type]


def test_the_unknown_error_is_a_connection_error_that_names_the_write() -> None:
    exc = OdooWriteOutcomeUnknownError("lost", model="sale.order", method="create", key="k1")
    assert (exc.kind, exc.model, exc.method, exc.key) == ("write_outcome_unknown", "sale.order", "create", "k1")
    assert "not re-sent" in str(exc)


@pytest.mark.parametrize("text", ["try again", "Try it again!", "retry", "réessaie", "Réessayez s'il te plaît",
                                  "recommence", "please try again", "continue"])  # fmt: skip
def test_messages_that_ask_to_go_on(text: str) -> None:
    assert is_retry(text)


@pytest.mark.parametrize("text", ["try again with 5 widgets", "quote Acme for 2 Widget", "retry the invoice for Bob",
                                  "", "again and again confirm S00042"])  # fmt: skip
def test_messages_that_are_new_requests(text: str) -> None:
    assert not is_retry(text)


def _step(status: str, **more: object) -> PlanStep:
    return PlanStep(id="s1", tool="quotation_create", args={}, risk=Risk.WRITE, description="Create a draft",
                    status=status, **more)  # type: ignore[arg-type]  # fmt: skip


def test_a_retry_goes_on_only_with_an_unfinished_chain() -> None:
    assert start({"text": "try again", "plan": [_step("failed")]}) == "retry"
    assert start({"text": "try again", "plan": [_step("unknown")]}) == "retry"
    assert start({"text": "try again", "plan": [_step("done")]}) == "parse"  # nothing to go on with: a message
    assert start({"text": "x", "again": {"resend": []}, "plan": [_step("skipped")]}) == "retry"
    assert start({"text": "quote Acme for 2 Widget", "plan": [_step("failed")]}) == "parse"
    assert unfinished([_step("done", resent=True)])  # a resent write is looked at again for a late twin
