"""Who a new customer would be: the identities two requests must not create twice, and the re-check.

Two runs asked to create "NewCo Ltd" at once (or one after the other, each approved apart) must end
with one NewCo Ltd. The caller holds a lock per identity (normalised name, e-mail, VAT) across
processes and, inside it, asks Odoo once more right before creating: a record made meanwhile, by
another run or by a person, is used instead; one only similar ("Newco Limited" for "NewCo Ltd"), made
since the person saw the plan, is a question for them (graphs/executor.py asks it).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, Field

from odoo_tools.client import OdooClient
from odoo_tools.i18n import t
from odoo_tools.resolve import SUGGESTED, Candidate, score
from odoo_tools.results import RecordRef, ToolResult

__all__ = ["SERIALISED", "Meanwhile", "found_meanwhile", "identities", "made_meanwhile"]

# The tools that create a customer or vendor (the planner's creation step, and the find-or-create tool).
SERIALISED = frozenset({"partner_create", "find_or_create_partner"})


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


def identities(args: dict[str, Any]) -> list[str]:
    """The lock names of a partner creation: its normalised name, e-mail and VAT (those given)."""
    names = [f"res.partner:name:{_norm(args['name'])}"] if args.get("name") else []
    if args.get("email"):
        names.append(f"res.partner:email:{_norm(args['email'])}")
    if args.get("vat"):
        names.append(f"res.partner:vat:{re.sub(r'[^0-9a-z]', '', args['vat'].casefold())}")
    return names


def _exactly(text: str) -> str:
    """``=ilike`` pattern matching ``text`` itself (its ``%`` and ``_`` are not wildcards)."""
    return re.sub(r"([%_\\])", r"\\\1", " ".join(text.split()))


class Meanwhile(BaseModel):
    """What Odoo holds, right before a creation, that the plan did not know of."""

    found: RecordRef | None = Field(default=None, description="The same partner (name, e-mail or VAT)")
    similar: list[Candidate] = Field(default_factory=list, description="Close names created since the plan")


def _odoo_time(at: str) -> str:
    return datetime.fromisoformat(at).astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")


def _same(row: dict[str, Any], args: dict[str, Any]) -> bool:
    """The ``=ilike`` terms of the query, read again in Python (the recent rows came along with them)."""
    return any(args.get(f) and isinstance(row.get(f), str) and _norm(row[f]) == _norm(args[f])
               for f in ("name", "email", "vat"))  # fmt: skip


def made_meanwhile(client: OdooClient, args: dict[str, Any], since: str | None = None) -> Meanwhile:
    """The partner that already has this name (case aside), e-mail or VAT; and, with ``since`` (when the
    plan was shown), partners created after it whose name is close (one query: the same round trip).
    """
    terms: list[list[Any]] = [["name", "=ilike", _exactly(args["name"])]]
    if args.get("email"):
        terms.append(["email", "=ilike", _exactly(args["email"])])
    if args.get("vat"):
        terms.append(["vat", "=ilike", _exactly(args["vat"])])
    if since:
        terms.append(["create_date", ">=", _odoo_time(since)])
    domain: list[Any] = ["|"] * (len(terms) - 1) + terms
    # A person is the same person only at the same company; a company is never a person.
    domain = [*domain, ["is_company", "=", bool(args.get("is_company", True))]]
    company = args.get("company")
    if isinstance(company, int):
        domain.append(["parent_id", "=", company])
    elif isinstance(company, str):
        domain.append(["parent_id.name", "=ilike", _exactly(company)])
    if not since:
        rows = client.search_read("res.partner", domain, ["display_name"], limit=1, order="id")
        return Meanwhile(found=_ref(rows[0]) if rows else None)
    # Partners made since the plan are few (minutes of a business's life): a bounded page, newest first.
    rows = client.search_read("res.partner", domain, ["display_name", "name", "email", "vat"], limit=50,
                              order="id desc")  # fmt: skip
    same = [r for r in rows if _same(r, args)]
    if same:
        return Meanwhile(found=_ref(min(same, key=lambda r: r["id"])))
    scored = [Candidate(record=_ref(r), score=score(args["name"], r["name"] or "", strip_suffixes=True)) for r in rows]
    return Meanwhile(similar=sorted((c for c in scored if c.score >= SUGGESTED), key=lambda c: (-c.score, c.record.id)))


def _ref(row: dict[str, Any]) -> RecordRef:
    return RecordRef(model="res.partner", id=row["id"], display_name=row["display_name"])


def found_meanwhile(ref: RecordRef, *, chosen: bool = False) -> ToolResult:
    """The creation's result when a partner made meanwhile is used instead (its ``found`` feeds later steps)."""
    if chosen:
        text = t("partners.used_created_odoo_since",
                 name=ref.display_name)  # fmt: skip
    else:
        text = t("partners.found_made_meanwhile_created", name=ref.display_name)  # fmt: skip
    return ToolResult(message=text, found=[ref])
