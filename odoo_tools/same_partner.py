"""Who a new customer would be: the identities two requests must not create twice, and the re-check.

Two runs asked to create "NewCo Ltd" at once (or one after the other, each approved apart) must end
with one NewCo Ltd. The caller holds a lock per identity (normalised name, e-mail, VAT) across
processes and, inside it, asks Odoo once more right before creating: a record made meanwhile, by
another run or by a person, is used instead.
"""

from __future__ import annotations

import re
from typing import Any

from odoo_tools.client import OdooClient
from odoo_tools.i18n import t
from odoo_tools.results import RecordRef, ToolResult

__all__ = ["SERIALISED", "identities", "made_meanwhile"]

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


def made_meanwhile(client: OdooClient, args: dict[str, Any]) -> ToolResult | None:
    """The partner that already has this name (case aside), e-mail or VAT, as a found result; else ``None``."""
    terms: list[list[Any]] = [["name", "=ilike", _exactly(args["name"])]]
    if args.get("email"):
        terms.append(["email", "=ilike", _exactly(args["email"])])
    if args.get("vat"):
        terms.append(["vat", "=ilike", _exactly(args["vat"])])
    domain: list[Any] = ["|"] * (len(terms) - 1) + terms
    # A person is the same person only at the same company; a company is never a person.
    domain = [*domain, ["is_company", "=", bool(args.get("is_company", True))]]
    company = args.get("company")
    if isinstance(company, int):
        domain.append(["parent_id", "=", company])
    elif isinstance(company, str):
        domain.append(["parent_id.name", "=ilike", _exactly(company)])
    rows = client.search_read("res.partner", domain, ["display_name"], limit=1, order="id")
    if not rows:
        return None
    ref = RecordRef(model="res.partner", id=rows[0]["id"], display_name=rows[0]["display_name"])
    return ToolResult(message=t("Found {name} (made meanwhile: not created twice).",
                                "Trouvé : {name} (créé entre-temps : pas de doublon).", name=ref.display_name),
                      found=[ref])  # fmt: skip
