"""The published contract of ``ask``/``resume --json`` stays in step with its model. No Odoo involved."""

from __future__ import annotations

import json

from agent.contract import SCHEMA_PATH, Reply


def test_published_schema_is_current() -> None:
    """agent/contract.schema.json is what Reply generates (regenerate with agent.contract.write_schema)."""
    assert json.loads(SCHEMA_PATH.read_text()) == Reply.model_json_schema()


def test_schema_names_every_field_of_the_contract() -> None:
    schema = json.loads(SCHEMA_PATH.read_text())
    assert set(schema["required"]) == {"thread_id", "status", "message", "intents", "plan", "question", "records",
                                       "error", "usage"}  # fmt: skip
    assert schema["properties"]["status"]["enum"] == ["done", "needs_approval", "needs_input", "error", "unknown"]
    step = schema["$defs"]["StepOut"]["properties"]["status"]["enum"]
    assert step == ["pending", "needs_approval", "approved", "rejected", "done", "failed", "skipped", "unknown"]


def test_a_reply_that_waits_for_approval_publishes_its_token() -> None:
    """``approval.token`` is what ``resume --approve --token``, MCP and the skill send back."""
    schema = json.loads(SCHEMA_PATH.read_text())
    assert schema["properties"]["approval"]["anyOf"][1] == {"type": "null"}
    approval = schema["$defs"]["ApprovalOut"]
    assert approval["required"] == ["token", "id", "steps"] and approval["additionalProperties"] is False
