"""A safe, allow-listed ``search_read`` for questions no specific tool covers."""

from __future__ import annotations

import re
from typing import Any

from pydantic import Field

from odoo_tools.client import OdooClient
from odoo_tools.client.errors import OdooAccessError
from odoo_tools.i18n import t
from odoo_tools.registry import Risk, tool
from odoo_tools.results import RecordRef, ToolInput, ToolResult

# Business models an agent may read; everything else (res.users, API keys, ir.*, settings) is refused.
ALLOWED_MODELS = re.compile(
    r"^(res\.partner(\.category)?|res\.country|res\.currency|res\.company|uom\.uom|"
    r"product\.(product|template|category|pricelist|supplierinfo)|"
    r"sale\.order(\.line)?|purchase\.order(\.line)?|crm\.(lead|stage|tag)|"
    r"stock\.(picking|move|quant|warehouse|location|warehouse\.orderpoint)|"
    r"account\.(move|move\.line|payment|journal|tax|payment\.term)|"
    r"project\.(project|task|task\.type|tags)|account\.analytic\.line|"
    r"hr\.(employee|department|job|leave|leave\.type|leave\.allocation|expense)|"
    r"fleet\.vehicle(\.model|\.model\.brand|\.odometer|\.log\.services)?|"
    r"mrp\.(production|bom|bom\.line|workorder)|calendar\.event|mail\.activity)$"
)
# hr.employee holds private data: only these fields may be read or filtered on.
EMPLOYEE_PUBLIC = frozenset(
    {"id", "name", "display_name", "job_title", "job_id", "department_id", "parent_id", "coach_id",
     "work_email", "work_phone", "mobile_phone", "work_location_id", "company_id", "active", "category_ids"}
)  # fmt: skip
MAX_LIMIT = 200


class GenericRead(ToolInput):
    """Read records of an allowed business model."""

    model: str = Field(description="Technical model name, e.g. sale.order")
    domain: list[Any] = Field(default_factory=list, description="Odoo domain, e.g. [['state','=','sale']]")
    fields: list[str] = Field(default_factory=lambda: ["display_name"], max_length=30)
    limit: int = Field(default=20, ge=1, le=MAX_LIMIT)
    offset: int = Field(default=0, ge=0, description="Skip this many (the next page starts at offset + limit)")
    order: str | None = Field(default=None, pattern=r"^[a-z_]+( (asc|desc))?(, ?[a-z_]+( (asc|desc))?)*$")


class GenericRows(ToolResult):
    rows: list[dict[str, Any]]
    total: int = Field(description="How many records match (may exceed the rows returned)")


def _domain_fields(domain: list[Any]) -> set[str]:
    return {str(term[0]).split(".")[0] for term in domain if isinstance(term, list | tuple) and term}


def check_read(model: str, fields: list[str], domain: list[Any]) -> None:
    """Refuse models outside the allow-list and private employee fields (in fields or filters)."""
    if not ALLOWED_MODELS.match(model):
        raise OdooAccessError(
            t("Reading {model} is not allowed for the agent.",
              "La lecture de {model} n'est pas autorisée pour l'agent.", model=model),
            hint="",
        )  # fmt: skip
    if model == "hr.employee":
        private = (set(fields) | _domain_fields(domain)) - EMPLOYEE_PUBLIC
        if private:
            raise OdooAccessError(
                t("Employee fields {fields} are private.", "Les champs d'employé {fields} sont privés.",
                  fields=", ".join(sorted(private))),
                hint="",
            )  # fmt: skip


@tool(domain="generic", risk=Risk.READ)
def generic_read(client: OdooClient, args: GenericRead) -> GenericRows:
    """Read records of an allow-listed business model (for questions no other tool covers)."""
    check_read(args.model, args.fields, args.domain)
    rows = client.search_read(
        args.model, args.domain, args.fields, limit=args.limit, offset=args.offset, order=args.order
    )
    total = args.offset + len(rows) if len(rows) < args.limit else client.search_count(args.model, args.domain)
    found = [RecordRef(model=args.model, id=r["id"], display_name=str(r.get("display_name", r["id"]))) for r in rows]
    more = t(" (showing {n})", " ({n} affiché(s))", n=len(rows)) if total > len(rows) else ""
    return GenericRows(
        message=t("{total} {model} record(s){more}.", "{total} enregistrement(s) {model}{more}.", total=total,
                  model=args.model, more=more),
        found=found, rows=rows, total=total,
    )  # fmt: skip
