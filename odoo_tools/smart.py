"""Typed equivalents of the seed connector's smart actions, with safer semantics.

The seed's ``find_or_create_*`` took the first ``ilike`` match and created blindly when nothing
matched. Here a name resolves to exactly one record or comes back as a question (nothing is
created then), and a record is created only when nothing plausible exists.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from odoo_tools.client import OdooClient
from odoo_tools.registry import REGISTRY, Risk, tool
from odoo_tools.resolve import Ambiguous, Candidate, Found, resolve
from odoo_tools.results import RecordRef, ToolInput, ToolResult

__all__ = ["FindOrCreate", "find_or_create_partner"]


class FindOrCreate(BaseModel):
    """What happened to one name: found, created, or a question for the person."""

    phrase: str
    status: Literal["found", "created", "ambiguous"]
    record: RecordRef | None = None
    candidates: list[Candidate] = Field(default_factory=list)
    question: str | None = None


class FindOrCreateResult(ToolResult):
    outcome: FindOrCreate


def _looked_up(client: OdooClient, model: str, name: str, domain: list[object] | None = None) -> FindOrCreate | None:
    """Found or ambiguous; ``None`` when nothing plausible exists (the caller may create)."""
    match = resolve(client, model, name, domain=domain)
    if isinstance(match, Found):
        return FindOrCreate(phrase=name, status="found", record=match.record)
    if isinstance(match, Ambiguous):
        return FindOrCreate(phrase=name, status="ambiguous", candidates=match.candidates, question=match.question())
    return None


def _result(outcome: FindOrCreate, created: list[RecordRef] | None = None) -> FindOrCreateResult:
    if outcome.status == "ambiguous":
        return FindOrCreateResult(message=outcome.question or "", outcome=outcome)
    assert outcome.record is not None
    verb = "Created" if outcome.status == "created" else "Found"
    return FindOrCreateResult(
        message=f"{verb} {outcome.record.display_name}.", outcome=outcome,
        found=[] if created else [outcome.record], created=created or [],
    )  # fmt: skip


class PartnerFindOrCreate(ToolInput):
    name: str = Field(min_length=1)
    is_company: bool = True
    email: str | None = None
    phone: str | None = None
    city: str | None = None
    country: str | None = None
    idempotency_key: str | None = None


@tool(domain="partners", risk=Risk.WRITE)
def find_or_create_partner(client: OdooClient, args: PartnerFindOrCreate) -> FindOrCreateResult:
    """Find a contact by name, or create it when nothing plausible exists (asks when ambiguous)."""
    outcome = _looked_up(client, "res.partner", args.name)
    if outcome is not None:
        return _result(outcome)
    fields = args.model_dump(exclude={"idempotency_key"}, exclude_none=True)
    made = REGISTRY["partner_create"].run(
        client, {**fields, "allow_similar": True, "idempotency_key": args.idempotency_key}
    )  # the lookup above already ruled out similar names
    record = made.created[0]
    return _result(FindOrCreate(phrase=args.name, status="created", record=record), [record])
