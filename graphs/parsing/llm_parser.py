"""Text → typed intents with an LLM: the same ``ParseResult`` as the offline parser, validated, grounded.

One parse is at most three requests: a routing call when no domain keyword occurs in the message
(``graphs.domains``), the parse itself with only the routed domains' intents, and one repair when
the answer is not valid JSON, fails the intent schema, or names something the message does not
contain (``graphs.grounding``). After a failed repair the result is a ``Clarify`` question, never a
guess. Prompts and few-shot examples live in ``prompts/``.

``confidence`` is not calibrated: 0.8 for a first valid answer, 0.6 after a repair, 0.3 for the
fallback question.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

import prompts
from graphs.parsing.cleanup import prepare
from graphs.parsing.domains import DOMAIN_HINTS, DOMAINS, keyword_domains
from graphs.parsing.engine import ParseContext
from graphs.parsing.grounding import ungrounded
from graphs.parsing.intents import Clarify, ParseResult, Tokens, Unsupported
from graphs.parsing.llm_client import Completion, LLMClient
from graphs.parsing.llm_schema import RouteOut, catalog, intents_model, intents_schema
from graphs.parsing.questions import NOTHING_FOUND
from graphs.parsing.vocabulary import language
from odoo_tools.i18n import say, t, use_language

if TYPE_CHECKING:
    from openai.types.chat import ChatCompletionMessageParam

__all__ = ["MAX_NAME_CHARS", "MAX_RECENT", "LLMParser"]

MAX_RECENT = 5  # records of the thread shown to the model
MAX_NAME_CHARS = 60  # of each record name: Odoo data reaches the model bounded
_MAX_ERROR_CHARS = 600


class _Answer(BaseModel):
    intents: list[Any] | None = None
    errors: list[str] = []
    tokens: Tokens = Tokens()


def _errors(exc: ValidationError) -> list[str]:
    return [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()[:6]]


def _validate(completion: Completion, model: type[BaseModel], message: str) -> tuple[Any, list[str]]:
    """The answer's intents, or the list of what is wrong with it (for the repair request)."""
    try:
        data = json.loads(completion.content)
    except ValueError as exc:
        cut = " (cut off by max_tokens: write it shorter)" if completion.finish_reason == "length" else ""
        # i18n-exempt: the line above is sent to the model (the repair request)
        return None, [f"not JSON: {exc}{cut}"]
    try:
        parsed = model.model_validate(data)
    except ValidationError as exc:
        return None, _errors(exc)
    intents: list[Any] = dict(parsed)["intents"]  # the one field of a model built at run time
    problems = ungrounded([i.model_dump() for i in intents], message)
    return (None, problems) if problems else (intents, [])


def _odoo_data(context: ParseContext | None) -> str:
    """The thread's recent records as marked, bounded data: names are JSON strings without angle brackets."""
    if context is None or not context.recent:
        return ""
    recent = [{"model": r.model, "name": r.name.replace("<", " ").replace(">", " ")[:MAX_NAME_CHARS]}
              for r in context.recent[-MAX_RECENT:]]  # fmt: skip
    return f"<odoo_data>{json.dumps({'recent_records': recent}, ensure_ascii=False)}</odoo_data>\n"


class LLMParser:
    """Any OpenAI-compatible model behind the ``Parser`` protocol."""

    name = "llm"

    def __init__(self, client: LLMClient) -> None:
        self.client = client

    @property
    def model(self) -> str:
        return self.client.model

    def close(self) -> None:
        self.client.close()

    def parse(self, text: str, context: ParseContext | None = None) -> ParseResult:
        prep = prepare(text)
        lang = "fr" if language(prep.text, prep.said) == "fr" else "en"
        domains, tokens = keyword_domains(text), Tokens()
        if not domains:
            routed, tokens = self._route(text)
            if routed is None:
                note = "routing answer was not valid"  # i18n-exempt: diagnostic note
                return self._result([self._fallback(lang)], 0.3, lang, tokens, [note])
            if not routed:
                reason = say(NOTHING_FOUND, lang)
                note = "no domain fits"  # i18n-exempt: diagnostic note
                return self._result([Unsupported(reason=reason)], 0.5, lang, tokens, [note])
            domains = routed
        answer = self._ask(self._messages(text, context, domains), domains, text)
        tokens += answer.tokens
        notes = [f"domains: {', '.join(domains)}"] + [f"repaired: {e}" for e in answer.errors]
        if answer.intents is None:
            return self._result([self._fallback(lang)], 0.3, lang, tokens, notes)
        return self._result(answer.intents, 0.6 if answer.errors else 0.8, lang, tokens, notes)

    def _route(self, text: str) -> tuple[tuple[str, ...] | None, Tokens]:
        """Ask the model which domains a keyword-less message concerns (a small, fixed-size request)."""
        hints = "\n".join(f"- {d}: {DOMAIN_HINTS[d]}" for d in DOMAINS)
        messages: list[ChatCompletionMessageParam] = [
            {"role": "system", "content": prompts.template("route_domains").replace("{domains}", hints)},
            {"role": "user", "content": text},
        ]
        completion = self.client.complete(messages, RouteOut.model_json_schema(), "record_domains")
        try:
            routed = RouteOut.model_validate_json(completion.content)
        except ValidationError:
            return None, completion.tokens
        return tuple(d for d in DOMAINS if d in routed.domains), completion.tokens

    def _messages(
        self, text: str, context: ParseContext | None, domains: tuple[str, ...]
    ) -> list[ChatCompletionMessageParam]:
        system = prompts.template("parse_intents").replace("{catalog}", catalog(domains))
        messages: list[ChatCompletionMessageParam] = [{"role": "system", "content": system}]
        for example in prompts.examples((*domains, "common")):
            messages.append({"role": "user", "content": example["text"]})
            messages.append({"role": "assistant", "content": json.dumps({"intents": example["intents"]})})
        messages.append({"role": "user", "content": _odoo_data(context) + text})
        return messages

    def _ask(self, messages: list[ChatCompletionMessageParam], domains: tuple[str, ...], text: str) -> _Answer:
        """The parse request, and one repair request carrying what was wrong with the first answer."""
        model, schema = intents_model(domains), intents_schema(domains)
        first = self.client.complete(messages, schema, "record_intents")
        intents, errors = _validate(first, model, text)
        if not errors:
            return _Answer(intents=intents, tokens=first.tokens)
        repair = prompts.template("repair").replace("{errors}", "; ".join(errors)[:_MAX_ERROR_CHARS])
        messages = [*messages, {"role": "assistant", "content": first.content},
                    {"role": "user", "content": repair}]  # fmt: skip
        second = self.client.complete(messages, schema, "record_intents")
        intents, still = _validate(second, model, text)
        return _Answer(intents=intents, errors=errors + still, tokens=first.tokens + second.tokens)

    def _fallback(self, lang: str) -> Clarify:
        with use_language(lang):
            question = t(
                "parser.unreliable_reading",
            )
        return Clarify(question=question, missing=["rephrase"])

    def _result(self, intents: list[Any], confidence: float, lang: str, tokens: Tokens,
                notes: list[str]) -> ParseResult:  # fmt: skip
        return ParseResult(
            intents=intents,
            confidence=confidence,
            parser=self.name,
            model=self.model,
            tokens=tokens,
            lang=lang,
            notes=notes,
        )
