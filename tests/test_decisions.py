"""Resume decisions are typed data and approval tokens are derived, never random. No Odoo involved (pure)."""

from __future__ import annotations

import pytest

from graphs.decisions import (
    Answer,
    ApprovalRequest,
    Approve,
    DecisionError,
    Edit,
    Reject,
    Retry,
    approval_token,
    parse_decision,
)
from graphs.state import PlanStep
from odoo_tools.client.errors import OdooError
from odoo_tools.registry import Risk


def test_each_kind_parses_to_its_model() -> None:
    assert parse_decision({"kind": "approve", "token": "abc"}) == Approve(token="abc")
    assert parse_decision({"kind": "reject"}) == Reject()
    assert parse_decision({"kind": "edit", "edit": {"s2": {"qty": 9}}}) == Edit(edit={"s2": {"qty": 9}})
    assert parse_decision({"kind": "answer", "answer": "the second one"}) == Answer(answer="the second one")
    assert parse_decision({"kind": "retry"}) == Retry()
    assert parse_decision(Reject(reason="no")) == Reject(reason="no")  # a model passes through


@pytest.mark.parametrize(
    "value",
    [
        {"kind": "approve-all"},
        {"action": "approve"},  # the old raw dict: an error now, never a silent rejection
        {"kind": "edit", "edit": {}},
        {"kind": "answer"},
        {"kind": "approve", "token": "t", "plan": "mine"},
        "yes",
        None,
    ],
)
def test_anything_else_is_an_invalid_decision(value: object) -> None:
    with pytest.raises(DecisionError) as caught:
        parse_decision(value)
    assert isinstance(caught.value, OdooError) and caught.value.kind == "invalid_decision"
    assert str(caught.value).startswith("Not a decision (") and "\n" not in str(caught.value)


def _steps(qty: int = 2) -> list[PlanStep]:
    return [
        PlanStep(id="s1", tool="quotation_create", args={"lines": [{"qty": qty}]}, risk=Risk.WRITE,
                 description="Create a draft quotation", status="done"),
        PlanStep(id="s2", tool="order_confirm", args={"order": "$s1"}, risk=Risk.FINANCIAL,
                 description="Confirm the order", status="needs_approval"),
    ]  # fmt: skip


def test_the_token_is_derived_from_what_was_shown() -> None:
    token = approval_token("t-1", 1, 0, _steps(), "S00010: 2 × Widget", {"at": "2026-11-23T16:27:42+00:00"})
    assert token == approval_token("t-1", 1, 0, _steps(), "S00010: 2 × Widget", {"at": "2026-11-23T16:27:42+00:00"})
    others = {
        approval_token("t-2", 1, 0, _steps(), "S00010: 2 × Widget", {"at": "2026-11-23T16:27:42+00:00"}),
        approval_token("t-1", 2, 0, _steps(), "S00010: 2 × Widget", {"at": "2026-11-23T16:27:42+00:00"}),
        approval_token("t-1", 1, 1, _steps(), "S00010: 2 × Widget", {"at": "2026-11-23T16:27:42+00:00"}),
        approval_token("t-1", 1, 0, _steps(3), "S00010: 2 × Widget", {"at": "2026-11-23T16:27:42+00:00"}),
        approval_token("t-1", 1, 0, _steps(), "S00011: 2 × Widget", {"at": "2026-11-23T16:27:42+00:00"}),
        approval_token("t-1", 1, 0, _steps(), "S00010: 2 × Widget", {"at": "2026-11-23T16:27:43+00:00"}),
    }
    assert token not in others and len(others) == 6 and len(token) == 24


def test_interrupt_payloads_are_models_with_a_kind() -> None:
    request = ApprovalRequest(token="abc", steps=["s2"], plan=[], preview="Needs your approval: Confirm the order.")
    assert request.model_dump()["kind"] == "approval" and request.note == ""
