"""What the LLM is asked to return for a set of domains: a pydantic model, its JSON schema, a short catalog.

Only the intents of the routed domains (and the common ones: next page, clarify, unsupported) are
in the schema, so the request does not grow with the registry. The schema is the same pydantic
union the offline parser returns, narrowed; whatever the model answers is validated against it.
"""

from __future__ import annotations

import json
import types
import typing
from functools import cache
from typing import TYPE_CHECKING, Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field, create_model

from graphs.parsing.intents import INTENT_DOMAINS

__all__ = ["MAX_INTENTS", "RouteOut", "catalog", "intents_model", "intents_schema"]

MAX_INTENTS = 4  # a message is one command, or a short chain of them


if TYPE_CHECKING:  # a Literal built at run time from the registry: to the type checker, a string
    _Domain = str
else:
    _Domain = Literal[tuple(d for d in INTENT_DOMAINS if d != "common")]


class RouteOut(BaseModel):
    """The routing call's answer: the business domains a message concerns."""

    model_config = ConfigDict(extra="forbid")
    domains: list[_Domain] = Field(max_length=3)


def _types(domains: tuple[str, ...]) -> tuple[type[BaseModel], ...]:
    return tuple(t for d in (*domains, "common") for t in INTENT_DOMAINS.get(d, ()))


@cache
def intents_model(domains: tuple[str, ...]) -> type[BaseModel]:
    """``{"intents": [...]}`` restricted to the intents of ``domains`` plus the common ones."""
    union: Any = Union[_types(domains)]  # noqa: UP007  (a runtime-built union needs the subscript form)
    item: Any = Annotated[union, Field(discriminator="intent")]
    return create_model(
        "Intents", __config__=ConfigDict(extra="forbid"),
        intents=(list[item], Field(min_length=1, max_length=MAX_INTENTS)),
    )  # fmt: skip


@cache
def _schema(domains: tuple[str, ...]) -> str:
    schema = intents_model(domains).model_json_schema()
    for definition in schema.get("$defs", {}).values():
        if "intent" in definition.get("properties", {}):
            # The tag has a default in pydantic, so it is optional in the schema; a grammar built from
            # it would let the model drop it, and no intent can be told without it.
            definition["required"] = ["intent", *[r for r in definition.get("required", []) if r != "intent"]]
    return json.dumps(schema)


def intents_schema(domains: tuple[str, ...]) -> dict[str, Any]:
    """The JSON schema sent to the model: ``intents_model``'s, with every intent's tag required."""
    schema: dict[str, Any] = json.loads(_schema(domains))
    return schema


def _type_text(annotation: Any) -> str:
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is Annotated:
        return _type_text(args[0])
    if origin is Literal:
        return "|".join(str(a) for a in args)
    if origin in (Union, types.UnionType):
        return " or ".join(_type_text(a) for a in args if a is not type(None)) + " or null"
    if origin is list:
        return f"[{_type_text(args[0])}]"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "{" + ", ".join(f"{n}: {_type_text(f.annotation)}" for n, f in annotation.model_fields.items()) + "}"
    return getattr(annotation, "__name__", str(annotation))


@cache
def catalog(domains: tuple[str, ...]) -> str:
    """One line per intent: its name and slots (``?`` marks an optional one), for the system prompt."""
    lines = []
    for t in _types(domains):
        fields = typing.cast(dict[str, Any], t.model_fields)
        slots = [f"{n}{'' if f.is_required() else '?'}: {_type_text(f.annotation)}" for n, f in fields.items()
                 if n != "intent"]  # fmt: skip
        name = fields["intent"].default
        doc = t.__doc__.strip().splitlines()[0] if t.__doc__ else ""
        lines.append(f"- {name}({', '.join(slots)})" + (f" — {doc}" if doc else ""))
    return "\n".join(lines)
