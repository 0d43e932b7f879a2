"""The machine interface of ``ask``/``resume --json``: one JSON object per call, a public contract."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, Final, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from odoo_tools.client.urls import strip_userinfo

__all__ = ["SCHEMA_PATH", "SCHEMA_VERSION", "ApprovalOut", "Reply", "write_schema"]

SCHEMA_VERSION: Final = "1"
SCHEMA_PATH = Path(__file__).with_name("contract.schema.json")


# Text shown to the person: a URL inside it (a link, an error naming the server) never carries user:key@.
# A validator only, so the JSON schema is unchanged.
Shown = Annotated[str, AfterValidator(strip_userinfo)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class StepOut(_Strict):
    id: str
    tool: str
    args: dict[str, Any]
    risk: Literal["read", "write", "financial", "destructive"]
    description: str
    status: Literal["pending", "needs_approval", "approved", "rejected", "done", "failed", "skipped", "unknown"]


class OptionOut(_Strict):
    id: str
    label: str


class QuestionOut(_Strict):
    text: str
    options: list[OptionOut]


class ApprovalOut(_Strict):
    """What a yes must send back: ``resume --approve --token TOKEN`` (MCP, LangGraph Server: the same token)."""

    token: str = Field(description="Bound to the steps, arguments and preview shown, on this thread and turn")
    id: str = Field(
        description="The same value as token, under a name chat clients do not mask as a secret (OpenClaw "
        "hides any 'token' from its model): `resume --approve --approval-id ID` is `--token ID`"
    )
    steps: list[str] = Field(description="Ids of the plan steps awaiting the approval")


class RecordOut(_Strict):
    model: str
    id: int
    name: str
    action: Literal["found", "created", "updated"]


class ErrorOut(_Strict):
    type: str
    message: Shown


class Usage(_Strict):
    parser: str | None = Field(description="Which parser decided: offline, llm, auto:offline or auto:llm")
    model: str | None = Field(description="The LLM model, when one was asked")
    llm_tokens: int = Field(description="prompt_tokens + completion_tokens")
    prompt_tokens: int = 0
    completion_tokens: int = 0
    llm_calls: int = 0
    odoo_calls: int
    seconds: float

    @classmethod
    def none(cls) -> Usage:
        return cls(parser=None, model=None, llm_tokens=0, odoo_calls=0, seconds=0)


class Reply(_Strict):
    """What ``odoo-agent ask|resume --json`` prints (and the OpenClaw skill and the evals read)."""

    schema_version: Literal["1"] = SCHEMA_VERSION
    thread_id: str
    status: Literal["done", "needs_approval", "needs_input", "error", "unknown"]
    message: Shown = Field(description="Chat-ready text for the person")
    intents: list[dict[str, Any]]
    plan: list[StepOut]
    question: QuestionOut | None
    approval: ApprovalOut | None = Field(
        default=None, description="When needs_approval: the token to send back with the approval (none otherwise)"
    )
    records: list[RecordOut]
    error: ErrorOut | None
    usage: Usage


def write_schema(path: Path = SCHEMA_PATH) -> None:
    """Regenerate ``agent/contract.schema.json`` from the model (a test checks it is current)."""
    path.write_text(json.dumps(Reply.model_json_schema(), indent=2) + "\n")
