"""Partner tools: search, get, create (duplicate-safe), update allowed fields, tag."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from odoo_tools import nested
from odoo_tools.client import OdooClient
from odoo_tools.errors import DuplicateSuspectedError, OdooValidationError
from odoo_tools.i18n import t
from odoo_tools.names import like_literal
from odoo_tools.registry import Risk, tool
from odoo_tools.resolve import Ambiguous, Found, NotFound, RecordInput, normalize, resolve, resolve_one
from odoo_tools.results import RecordRef, ToolInput, ToolResult, listed

PARTNER_FIELDS = ["display_name", "name", "is_company", "email", "phone", "vat", "street", "city", "zip",
                  "country_id", "parent_id", "category_id", "customer_rank", "supplier_rank"]  # fmt: skip

PARTNER_SPEC = nested.spec(PARTNER_FIELDS, named={"country_id", "parent_id"})


class PartnerInfo(BaseModel):
    """A contact or company as the agent shows it."""

    id: int
    name: str
    display_name: str
    is_company: bool
    email: str | None = None
    phone: str | None = None
    vat: str | None = None
    city: str | None = None
    country: str | None = None
    company: str | None = Field(default=None, description="Parent company of a person")
    tags: list[int] = Field(default_factory=list)

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> PartnerInfo:
        def text(v: Any) -> str | None:
            return v or None

        return cls(
            id=row["id"], name=row["name"] or row["display_name"], display_name=row["display_name"],
            is_company=row["is_company"], email=text(row["email"]), phone=text(row["phone"]), vat=text(row["vat"]),
            city=text(row["city"]), country=row["country_id"][1] if row["country_id"] else None,
            company=row["parent_id"][1] if row["parent_id"] else None, tags=row["category_id"],
        )  # fmt: skip

    def ref(self) -> RecordRef:
        return RecordRef(model="res.partner", id=self.id, display_name=self.display_name)


class PartnerList(ToolResult):
    partners: list[PartnerInfo]


class PartnerSearch(ToolInput):
    """Filters are combined with AND; text filters are case-insensitive 'contains'."""

    name: str | None = None
    email: str | None = None
    phone: str | None = None
    vat: str | None = None
    city: str | None = None
    kind: Literal["any", "company", "person"] = "any"
    customers_only: bool = False
    vendors_only: bool = False
    limit: int = Field(default=20, ge=1, le=200)
    offset: int = Field(default=0, ge=0, description="Skip this many (the next page starts at offset + limit)")


@tool(domain="partners", risk=Risk.READ)
def partner_search(client: OdooClient, args: PartnerSearch) -> PartnerList:
    """Search contacts and companies by name, email, phone, VAT or city."""
    texts = ("name", "email", "phone", "vat", "city")
    domain: list[Any] = [[f, "ilike", like_literal(v)] for f in texts if (v := getattr(args, f))]
    if args.kind != "any":
        domain.append(["is_company", "=", args.kind == "company"])
    if args.customers_only:
        domain.append(["customer_rank", ">", 0])
    if args.vendors_only:
        domain.append(["supplier_rank", ">", 0])
    rows = client.search_read(
        "res.partner", domain, PARTNER_FIELDS, limit=args.limit, offset=args.offset, order="name, id"
    )
    partners = [PartnerInfo.from_row(r) for r in rows]
    return PartnerList(
        message=t("partners.contact_s_found", n=len(partners),
                  names=listed([_label(p) for p in partners])) if partners
        else t("partners.contact_matches"),
        found=[p.ref() for p in partners], partners=partners,
    )  # fmt: skip


class PartnerGet(ToolInput):
    partner: RecordInput


class PartnerResult(ToolResult):
    partner: PartnerInfo


def _label(p: PartnerInfo) -> str:
    """ "Acme (Lyon, info@acme.example)": enough to tell contacts apart."""
    more = ", ".join(x for x in (p.city, p.email) if x)
    return f"{p.display_name} ({more})" if more else p.display_name


def _read(client: OdooClient, pid: int) -> PartnerInfo:
    return PartnerInfo.from_row(client.read("res.partner", [pid], PARTNER_FIELDS)[0])


@tool(domain="partners", risk=Risk.READ)
def partner_get(client: OdooClient, args: PartnerGet) -> PartnerResult:
    """Get one contact by id or name (asks when the name is ambiguous)."""
    info = _read(client, resolve_one(client, "res.partner", args.partner).id)
    return PartnerResult(message=t("partners.found", name=info.display_name), found=[info.ref()],
                         partner=info)  # fmt: skip


class PartnerCreate(ToolInput):
    name: str = Field(min_length=1)
    is_company: bool = True
    email: str | None = None
    phone: str | None = None
    vat: str | None = None
    street: str | None = None
    city: str | None = None
    zip: str | None = None
    country: str | None = Field(default=None, description="Country name or ISO code")
    company: RecordInput | None = Field(default=None, description="Parent company of a person")
    customer: bool = True
    vendor: bool = False
    allow_similar: bool = Field(default=False, description="Create even if a similar contact exists")
    idempotency_key: str | None = None


def _country(client: OdooClient, text: str) -> int:
    rows = client.search_read("res.country", [["code", "=ilike", like_literal(text.strip())]], ["id"], limit=1)
    return rows[0]["id"] if rows else resolve_one(client, "res.country", text).id


@tool(domain="partners", risk=Risk.WRITE)
def partner_create(client: OdooClient, args: PartnerCreate) -> PartnerResult:
    """Create a contact or company, refusing when a similar one already exists."""
    if not args.allow_similar:
        match = _similar(resolve(client, "res.partner", args.name), args)
        if not isinstance(match, NotFound):  # found or ambiguous: something plausible exists
            names = match.record.display_name if isinstance(match, Found) else _names(match)
            raise DuplicateSuspectedError(
                t("partners.similar_contact_already_exists",
                  names=names)
            )  # fmt: skip
    vals: dict[str, Any] = {
        k: v for k, v in args.model_dump(include={"name", "is_company", "email", "phone", "vat", "street", "city",
                                                   "zip"}).items() if v not in (None, "")
    }  # fmt: skip
    if args.country:
        vals["country_id"] = _country(client, args.country)
    if args.company is not None:
        vals["parent_id"] = resolve_one(client, "res.partner", args.company, domain=[["is_company", "=", True]]).id
    vals["customer_rank"], vals["supplier_rank"] = int(args.customer), int(args.vendor)
    info = PartnerInfo.from_row(nested.as_read(client.create_read("res.partner", vals, PARTNER_SPEC,
                                                                  idempotency_key=args.idempotency_key)))  # fmt: skip
    return PartnerResult(message=t("partners.created", name=info.display_name),
                         created=[info.ref()], partner=info)  # fmt: skip


def _similar(match: Found | Ambiguous | NotFound, args: PartnerCreate) -> Found | Ambiguous | NotFound:
    """What really looks like the new contact: a person is no duplicate of the company they work at
    ("Priya Martin" at "Martin Labs", common in family firms), which the name alone would suggest."""
    if args.is_company or not isinstance(args.company, str):
        return match
    employer = normalize(args.company)
    if isinstance(match, Found) and normalize(match.record.display_name) == employer:
        return NotFound(phrase=match.phrase, model="res.partner", closest=[])
    if isinstance(match, Ambiguous):
        left = [c for c in match.candidates if normalize(c.record.display_name) != employer]
        if not left:
            return NotFound(phrase=match.phrase, model="res.partner", closest=[])
        return match.model_copy(update={"candidates": left})
    return match


def _names(match: Ambiguous) -> str:
    return ", ".join(c.record.display_name for c in match.candidates[:3])


class PartnerChanges(ToolInput):
    """Fields an agent may change on a contact (never name, company links or accounting data)."""

    email: str | None = None
    phone: str | None = None
    street: str | None = None
    street2: str | None = None
    city: str | None = None
    zip: str | None = None
    country: str | None = None
    vat: str | None = None
    website: str | None = None
    function: str | None = Field(default=None, description="Job position")


class PartnerUpdate(ToolInput):
    partner: RecordInput
    changes: PartnerChanges


@tool(domain="partners", risk=Risk.WRITE)
def partner_update(client: OdooClient, args: PartnerUpdate) -> PartnerResult:
    """Change a contact's email, phone, address, VAT, website or job position."""
    ref = resolve_one(client, "res.partner", args.partner)
    vals: dict[str, Any] = args.changes.model_dump(exclude_none=True, exclude={"country"})
    if args.changes.country:
        vals["country_id"] = _country(client, args.changes.country)
    if not vals:
        raise OdooValidationError(t("partners.nothing_change_give_least"))
    client.write("res.partner", [ref.id], vals)
    info = _read(client, ref.id)
    return PartnerResult(
        message=t("partners.updated", fields=", ".join(sorted(vals)),
                  name=info.display_name),
        changed=[info.ref()], partner=info,
    )  # fmt: skip


class PartnerTag(ToolInput):
    partner: RecordInput
    tags: list[str] = Field(min_length=1)
    create_missing: bool = True


@tool(domain="partners", risk=Risk.WRITE)
def partner_tag(client: OdooClient, args: PartnerTag) -> PartnerResult:
    """Add tags to a contact, creating tags that do not exist yet (exact names, case-insensitive)."""
    ref = resolve_one(client, "res.partner", args.partner)
    tag_ids, created = [], []
    for name in args.tags:
        tag_domain = [["name", "=ilike", like_literal(name.strip())]]
        rows = client.search_read("res.partner.category", tag_domain, ["display_name"], limit=2)
        if rows:
            tag_ids.append(rows[0]["id"])
        elif args.create_missing:
            tid = client.create("res.partner.category", {"name": name.strip()})
            tag_ids.append(tid)
            created.append(RecordRef(model="res.partner.category", id=tid, display_name=name.strip()))
        else:
            raise OdooValidationError(t("partners.tag_named", name=name))
    client.write("res.partner", [ref.id], {"category_id": [[4, t, 0] for t in tag_ids]})
    info = _read(client, ref.id)
    return PartnerResult(
        message=t("partners.tagged", name=info.display_name,
                  tags=", ".join(args.tags)),
        created=created, changed=[info.ref()], partner=info,
    )  # fmt: skip


class PartnerArchive(ToolInput):
    partner: RecordInput


@tool(domain="partners", risk=Risk.DESTRUCTIVE)
def partner_archive(client: OdooClient, args: PartnerArchive) -> PartnerResult:
    """Archive a contact: Odoo keeps it and its history, hidden from lists (never a delete).

    A company's own contact, or a user's, is refused: archiving it would break the company or the login.
    """
    ref = resolve_one(client, "res.partner", args.partner)
    if client.search_count("res.company", [["partner_id", "=", ref.id]]) or client.search_count(
        "res.users", [["partner_id", "=", ref.id]]
    ):
        raise OdooValidationError(
            t("partners.company_s_user_s", name=ref.display_name)
        )  # fmt: skip
    client.write("res.partner", [ref.id], {"active": False})
    info = _read(client, ref.id)  # read by id finds archived records too
    return PartnerResult(message=t("partners.archived", name=info.display_name),
                         changed=[info.ref()], partner=info)  # fmt: skip
