"""The one seam to an OpenAI-compatible chat endpoint: structured-output modes, token counts, one error map.

Three ways to ask for JSON that matches a schema, because servers differ (see
``../shared/docs/llm-notes.md`` for llama.cpp's server):

- ``json_schema``: ``response_format={"type": "json_schema", ...}`` — OpenAI and most hosted servers;
- ``json_object``: ``response_format={"type": "json_object", "schema": ...}`` — llama.cpp turns the
  schema into a grammar; servers that ignore ``schema`` still return JSON;
- ``tool``: one function whose parameters are the schema, forced with ``tool_choice``.

Requests go through httpx, so the cassette switch records and replays them like Odoo's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, Field, SecretStr

from graphs.errors import LLMError
from graphs.parsing.intents import Tokens
from odoo_tools.client import cassette
from odoo_tools.i18n import t

if TYPE_CHECKING:  # the openai SDK loads with the first LLMClient: the settings and the offline parser never need it
    import openai
    from openai.types.chat import ChatCompletion, ChatCompletionMessageParam

__all__ = ["Completion", "LLMClient", "LLMConfig", "LLMError", "StructuredOutput"]

StructuredOutput = Literal["json_schema", "json_object", "tool"]


class LLMConfig(BaseModel):
    """Where the model is and how to ask it (``agent.config.Settings.llm`` builds it from the environment)."""

    base_url: str | None = Field(default=None, description="None: OpenAI's own endpoint")
    api_key: SecretStr | None = None
    model: str
    output: StructuredOutput = "json_schema"
    max_tokens: int = Field(default=300, ge=8, le=8192, description="Caps runaway output (grammars allow it)")
    timeout: float = Field(default=60.0, gt=0)


class Completion(BaseModel):
    """The model's answer text (the JSON it wrote, or the forced tool call's arguments) and its cost."""

    content: str
    tokens: Tokens
    finish_reason: str | None = None


class LLMClient:
    """A thin wrapper over ``openai.OpenAI``: no retries of its own, so a replay is one request per call."""

    def __init__(self, config: LLMConfig, client: openai.OpenAI | None = None) -> None:
        import openai

        self.config = config
        key = config.api_key.get_secret_value() if config.api_key else "not-needed"  # local servers need none
        self._client = client or openai.OpenAI(base_url=config.base_url, api_key=key, timeout=config.timeout,
                                               max_retries=0)  # fmt: skip

    @property
    def model(self) -> str:
        return self.config.model

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> LLMClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def complete(self, messages: list[ChatCompletionMessageParam], schema: dict[str, Any], name: str) -> Completion:
        """One chat completion at temperature 0, asking for JSON matching ``schema``."""
        from openai.types.chat import ChatCompletionMessageFunctionToolCall

        try:
            # Not streamed, so a ChatCompletion (``**`` of the structured-output options hides the overload).
            response: ChatCompletion = self._client.chat.completions.create(
                model=self.config.model, messages=messages, temperature=0, max_tokens=self.config.max_tokens,
                **self._structured(schema, name),
            )  # fmt: skip
        except Exception as exc:
            raise _mapped(exc, self.config) from exc
        choice = response.choices[0]
        # The one tool offered is a function (never a custom tool), so a call is a function call.
        call = choice.message.tool_calls[0] if choice.message.tool_calls else None
        content = (
            call.function.arguments
            if isinstance(call, ChatCompletionMessageFunctionToolCall)
            else choice.message.content
        )
        usage = response.usage
        tokens = Tokens(prompt=usage.prompt_tokens if usage else 0, completion=usage.completion_tokens if usage else 0,
                        calls=1)  # fmt: skip
        return Completion(content=content or "", tokens=tokens, finish_reason=choice.finish_reason)

    def _structured(self, schema: dict[str, Any], name: str) -> dict[str, Any]:
        if self.config.output == "json_object":
            return {"response_format": {"type": "json_object", "schema": schema}}
        if self.config.output == "tool":
            tool_text = "Record the answer."  # i18n-exempt: sent to the model (the request stays byte-identical)
            function = {"name": name, "description": tool_text, "parameters": schema}
            return {"tools": [{"type": "function", "function": function}],
                    "tool_choice": {"type": "function", "function": {"name": name}}}  # fmt: skip
        return {"response_format": {"type": "json_schema", "json_schema": {"name": name, "schema": schema}}}


def _mapped(exc: Exception, config: LLMConfig) -> LLMError:
    """openai's and vcrpy's error shapes → one ``LLMError`` sentence."""
    import openai

    where = config.base_url or "api.openai.com"
    if cassette.is_replay_miss(exc) or cassette.is_replay_miss(exc.__cause__ or exc):
        return LLMError.said("llm.replay_miss")
    if isinstance(exc, openai.AuthenticationError):
        return LLMError.said("llm.refused_key", where=where)
    if isinstance(exc, openai.NotFoundError):
        return LLMError.said("llm.no_such_model", where=where, model=config.model)
    if isinstance(exc, openai.APITimeoutError):
        return LLMError.said("llm.timed_out", where=where, seconds=config.timeout)
    if isinstance(exc, openai.APIConnectionError):
        return LLMError.said("llm.unreachable", where=where)
    if isinstance(exc, openai.APIStatusError):
        detail = str(exc.message).splitlines()[0][:200]
        error = LLMError.said("llm.http_error", where=where, status=exc.status_code, detail=detail)
        if exc.status_code in (400, 500):
            error.hint = t("llm.try_other_output")
        return error
    return LLMError.said("llm.call_failed", error=exc)
