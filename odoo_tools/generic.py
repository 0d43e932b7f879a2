"""A safe, allow-listed ``search_read`` for questions no specific tool covers."""

from __future__ import annotations

import re
from typing import Any

from pydantic import Field

from odoo_tools.client import OdooClient
from odoo_tools.errors import OdooAccessError, OdooValidationError
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
    r"hr\.(employee|employee\.public|department|job|leave|leave\.type|leave\.allocation|expense)|"
    r"fleet\.vehicle(\.model|\.model\.brand|\.odometer|\.log\.services)?|"
    r"mrp\.(production|bom|bom\.line|workorder)|calendar\.event|mail\.activity)$"
)
# hr.employee holds private data: only these fields may be read, filtered or sorted on, on the
# model itself or through any path that reaches it (hr.department member_ids, res.partner employee_ids).
# Rows are read from hr.employee.public (same ids), so Odoo itself returns nothing else.
EMPLOYEE_PUBLIC = frozenset(
    {"id", "name", "display_name", "job_title", "job_id", "department_id", "parent_id", "coach_id",
     "work_email", "work_phone", "mobile_phone", "work_location_id", "company_id", "active"}
)  # fmt: skip
# Per model, the only fields a path may touch (models not listed: every field of an allowed model).
PUBLIC_FIELDS: dict[str, frozenset[str]] = {"hr.employee": EMPLOYEE_PUBLIC}
READ_THROUGH = {"hr.employee": "hr.employee.public"}
# The policy's bulk_max (default_policy.yaml; tests/test_generic_read.py checks they agree): a larger
# limit is capped to it, and the message says so.
MAX_LIMIT = 100
_LOGIC = frozenset({"&", "|", "!"})
_SUBDOMAIN = frozenset({"any", "not any", "any!", "not any!"})  # "!": Odoo 19 runs the sub-query as superuser


class GenericRead(ToolInput):
    """Read records of an allowed business model."""

    model: str = Field(description="Technical model name, e.g. sale.order")
    domain: list[Any] = Field(default_factory=list, description="Odoo domain, e.g. [['state','=','sale']]")
    fields: list[str] = Field(default_factory=lambda: ["display_name"], max_length=30)
    limit: int = Field(default=20, ge=1, description=f"At most {MAX_LIMIT}: a larger limit is capped to {MAX_LIMIT}")
    offset: int = Field(default=0, ge=0, description="Skip this many (the next page starts at offset + limit)")
    order: str | None = Field(default=None, pattern=r"^[a-z_]+( (asc|desc))?(, ?[a-z_]+( (asc|desc))?)*$")


class GenericRows(ToolResult):
    rows: list[dict[str, Any]]
    total: int = Field(description="How many records match (may exceed the rows returned)")


def _refuse_model(model: str) -> OdooAccessError:
    return OdooAccessError(
        t("generic.reading_allowed_agent", model=model),
        hint="",
    )  # fmt: skip


def _bad_domain(what: str) -> OdooValidationError:
    return OdooValidationError(t("generic.domain_valid", what=what), hint="")


class ReadCheck:
    """Walks every path of a read (fields, order, the domain with its dotted paths and any/not any).

    A path's first step needs no round trip; each further step (``member_ids.ssnid``) and each
    ``any`` asks ``fields_get`` of the model it leaves (cached by the client), to follow the
    relation to its comodel and check that model and field too.
    """

    def __init__(self, client: OdooClient | None) -> None:
        self.client = client

    def model(self, model: str) -> None:
        """Refuse a model outside the allow-list."""
        if not ALLOWED_MODELS.match(model):
            raise _refuse_model(model)

    def field(self, model: str, name: str) -> None:
        """Refuse a private field of ``model``."""
        public = PUBLIC_FIELDS.get(model)
        if public is not None and name not in public:
            raise OdooAccessError(
                t("generic.field_private",
                  model=model, field=name),
                hint="",
            )  # fmt: skip

    def comodel(self, model: str, name: str) -> str:
        """The model a relational field of ``model`` points to (refused when it is not allowed)."""
        if self.client is None:
            raise _bad_domain(t("generic.cannot_follow_offline", model=model, field=name))
        meta = self.client.fields_get(model).get(name)
        if meta is None:
            raise _bad_domain(t("generic.has_field",
                                model=model, field=name))  # fmt: skip
        relation = meta.get("relation")
        if not relation:
            raise _bad_domain(t("generic.relation",
                                model=model, field=name))  # fmt: skip
        self.model(relation)
        return str(relation)

    def path(self, model: str, path: str, *, follow_last: bool = False) -> str | None:
        """Check each step of a dotted path; the comodel of its last step when ``follow_last``."""
        steps = path.split(".")
        if not all(steps):
            raise _bad_domain(t("generic.field_path", path=path))
        for i, name in enumerate(steps):
            self.field(model, name)
            if i < len(steps) - 1 or follow_last:
                model = self.comodel(model, name)
        return model if follow_last else None

    def domain(self, model: str, domain: Any) -> None:
        """Check every leaf of ``domain``, nested lists and any/not any sub-domains included."""
        if not isinstance(domain, list | tuple):
            raise _bad_domain(t("generic.domain_list"))
        for item in domain:
            if isinstance(item, str) and item in _LOGIC:
                continue
            if not isinstance(item, list | tuple):
                raise _bad_domain(repr(item)[:80])
            if len(item) == 3 and isinstance(item[1], str) and not isinstance(item[0], list | tuple):
                self.leaf(model, item)
            else:
                self.domain(model, item)

    def leaf(self, model: str, leaf: list[Any] | tuple[Any, ...]) -> None:
        """One ``[path, operator, value]`` term."""
        path, operator, value = leaf
        if path in (0, 1) and not isinstance(path, bool) and operator == "=" and value == 1:
            return  # Odoo's TRUE_LEAF / FALSE_LEAF
        if not isinstance(path, str):
            raise _bad_domain(repr(list(leaf))[:80])
        if operator.lower() in _SUBDOMAIN:
            comodel = self.path(model, path, follow_last=True)
            self.domain(str(comodel), value)
        else:
            self.path(model, path)

    def read(self, model: str, fields: list[str], domain: list[Any], order: str | None = None) -> None:
        """Check a whole read; ``OdooAccessError`` (one sentence) at the first path that leaks."""
        self.model(model)
        for name in fields:
            self.path(model, name)
        for entry in (order or "").split(","):
            if entry.strip():
                self.path(model, entry.split()[0])
        self.domain(model, domain)


def check_read(
    model: str, fields: list[str], domain: list[Any], order: str | None = None, client: OdooClient | None = None
) -> None:
    """Refuse a read of a model outside the allow-list, or any path to a private field or refused model.

    Without ``client`` only one-step paths can be checked: a dotted path or an ``any`` is refused.
    """
    ReadCheck(client).read(model, fields, domain, order)


@tool(domain="generic", risk=Risk.READ)
def generic_read(client: OdooClient, args: GenericRead) -> GenericRows:
    """Read records of an allow-listed business model (for questions no other tool covers)."""
    check_read(args.model, args.fields, args.domain, args.order, client)
    limit = min(args.limit, MAX_LIMIT)
    source = READ_THROUGH.get(args.model, args.model)
    rows = client.search_read(source, args.domain, args.fields, limit=limit, offset=args.offset, order=args.order)
    total = args.offset + len(rows) if len(rows) < limit else client.search_count(source, args.domain)
    found = [RecordRef(model=args.model, id=r["id"], display_name=str(r.get("display_name", r["id"]))) for r in rows]
    more = t("generic.showing", n=len(rows)) if total > len(rows) else ""
    if limit < args.limit:
        more += t("generic.limit_capped", m=MAX_LIMIT)
    return GenericRows(
        message=t("generic.record_s", total=total,
                  model=args.model, more=more),
        found=found, rows=rows, total=total,
    )  # fmt: skip
