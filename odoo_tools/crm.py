"""CRM: leads and opportunities (``crm.lead``), their stages, won/lost, and the pipeline by stage.

Leads and opportunities are one model told apart by ``type``. A stage is named by a person
("Qualified", "proposal", "qualifié") and matched against the stages that exist; won and lost go
through Odoo's own actions (``action_set_won`` / ``action_set_lost``), never an archive by hand.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from odoo_tools import nested
from odoo_tools.client import OdooClient
from odoo_tools.errors import OdooValidationError
from odoo_tools.i18n import t
from odoo_tools.names import match_name
from odoo_tools.registry import Risk, tool
from odoo_tools.resolve import Found, RecordInput, resolve, resolve_one
from odoo_tools.results import RecordRef, ToolInput, ToolResult

__all__ = ["Lead", "LeadCreate", "LeadResult", "PipelineResult", "StageTotal"]

CRM = ("crm",)
LEAD_FIELDS = ["name", "type", "partner_id", "partner_name", "contact_name", "email_from", "expected_revenue",
               "probability", "stage_id", "user_id", "active"]  # fmt: skip
LEAD_SPEC = nested.spec(LEAD_FIELDS, named={"partner_id", "stage_id", "user_id"})
# Words people use for the usual stages, in English and French, mapped to the demo stage names.
_STAGE_WORDS = {
    "proposal": "proposition", "qualification": "qualified", "qualifie": "qualified", "qualifiee": "qualified",
    "nouveau": "new", "nouvelle": "new", "gagne": "won", "gagnee": "won",
}  # fmt: skip


class Lead(BaseModel):
    id: int
    name: str
    type: Literal["lead", "opportunity"]
    customer: str | None
    email: str | None
    expected_revenue: float
    probability: float
    stage: str | None
    salesperson: str | None
    active: bool

    def ref(self) -> RecordRef:
        return RecordRef(model="crm.lead", id=self.id, display_name=self.name)

    @classmethod
    def of(cls, row: dict[str, Any]) -> Lead:
        customer = row["partner_id"][1] if row["partner_id"] else (row["partner_name"] or row["contact_name"] or None)
        return cls(id=row["id"], name=row["name"], type=row["type"], customer=customer,
                   email=row["email_from"] or None, expected_revenue=row["expected_revenue"] or 0.0,
                   probability=row["probability"] or 0.0, stage=row["stage_id"][1] if row["stage_id"] else None,
                   salesperson=row["user_id"][1] if row["user_id"] else None, active=row["active"])  # fmt: skip


class LeadResult(ToolResult):
    lead: Lead


def _read(client: OdooClient, lead_id: int) -> Lead:
    rows = client.execute("crm.lead", "read", [lead_id], fields=LEAD_FIELDS, context={"active_test": False})
    return Lead.of(rows[0])


def _lead(client: OdooClient, phrase: RecordInput) -> Lead:
    return _read(client, resolve_one(client, "crm.lead", phrase).id)


def _stage(client: OdooClient, phrase: str) -> tuple[int, str]:
    """The CRM stage a person names: exact, a usual synonym, or a close spelling."""
    stages = client.search_read("crm.stage", [], ["name"], order="sequence, id")
    return match_name(phrase, {s["id"]: s["name"] for s in stages}, _STAGE_WORDS, "crm.stage_noun")


class LeadCreate(ToolInput):
    contact: RecordInput | None = Field(
        default=None, description="Contact id, or a name: linked when it names exactly one contact"
    )
    email: str | None = None
    phone: str | None = None
    expected_revenue: float | None = Field(default=None, ge=0)
    kind: Literal["lead", "opportunity"] = Field(default="opportunity", description="opportunity = in the pipeline")
    name: str | None = Field(default=None, description='Title; default "<contact>" + " opportunity" or " lead"')
    idempotency_key: str | None = Field(default=None, description="Set by the agent: a retried create is not doubled")


@tool(domain="crm", risk=Risk.WRITE, modules=CRM)
def lead_create(client: OdooClient, args: LeadCreate) -> LeadResult:
    """Create a lead or an opportunity (contact, email, expected revenue); an opportunity shows in the pipeline."""
    if not (args.contact or args.name or args.email):
        raise OdooValidationError(
            t(
                "crm.lead_needs_least_contact",
            )
        )
    kind = args.kind
    note = ""
    if kind == "lead" and client.execute("crm.lead", "default_get", fields=["type"]).get("type") != "lead":
        # Leads are off in this database's CRM settings: a "lead" would be invisible, so it joins the pipeline.
        kind, note = (
            "opportunity",
            t(
                "crm.leads_turned_off_crm",
            ),
        )
    vals: dict[str, Any] = {"type": kind, "email_from": args.email, "phone": args.phone,
                            "expected_revenue": args.expected_revenue}  # fmt: skip
    label = args.contact
    if isinstance(args.contact, int):
        partner = resolve_one(client, "res.partner", args.contact)
        vals["partner_id"], label = partner.id, partner.display_name
    elif args.contact:
        match = resolve(client, "res.partner", args.contact)
        if isinstance(match, Found):
            vals["partner_id"] = match.record.id
        else:  # no contact or several: keep the name as typed, nothing is created or guessed
            vals["contact_name" if kind == "lead" else "partner_name"] = args.contact
    suffix = t("crm.opportunity_suffix") if kind == "opportunity" else t("crm.lead_suffix")
    vals["name"] = args.name or f"{label or args.email}{suffix}"
    vals = {k: v for k, v in vals.items() if v is not None}
    made = client.create_read("crm.lead", vals, LEAD_SPEC, idempotency_key=args.idempotency_key)
    lead = Lead.of(nested.as_read(made))
    what = t("crm.opportunity_word") if lead.type == "opportunity" else t("crm.lead_word")
    revenue = f", {lead.expected_revenue:,.2f}" if lead.expected_revenue else ""
    return LeadResult(message=t("crm.created_stage", what=what, name=lead.name,
                                stage=lead.stage or "–", revenue=revenue, note=note),
                      created=[lead.ref()], lead=lead)  # fmt: skip


class LeadStage(ToolInput):
    lead: RecordInput = Field(description='Lead or opportunity: "#47", an id, or its title')
    stage: str = Field(description='Stage name as a person says it: "Qualified", "proposal"')


@tool(domain="crm", risk=Risk.WRITE, modules=CRM)
def lead_set_stage(client: OdooClient, args: LeadStage) -> LeadResult:
    """Move a lead or opportunity to the stage named (matched against the stages that exist)."""
    lead = _lead(client, args.lead)
    stage_id, stage = _stage(client, args.stage)
    client.write("crm.lead", [lead.id], {"stage_id": stage_id})
    moved = _read(client, lead.id)
    return LeadResult(message=t("crm.moved",
                                name=moved.name, old=lead.stage or "–", new=stage),
                      changed=[moved.ref()], lead=moved)  # fmt: skip


class LeadInput(ToolInput):
    lead: RecordInput = Field(description='Lead or opportunity: "#47", an id, or its title')


@tool(domain="crm", risk=Risk.WRITE, modules=CRM)
def lead_mark_won(client: OdooClient, args: LeadInput) -> LeadResult:
    """Mark an opportunity won (Odoo's action: the won stage, probability 100)."""
    lead = _lead(client, args.lead)
    client.call("crm.lead", "action_set_won", [lead.id])
    won = _read(client, lead.id)
    return LeadResult(message=t("crm.won", name=won.name,
                                stage=won.stage or "–"), changed=[won.ref()], lead=won)  # fmt: skip


class LeadLost(LeadInput):
    reason: str | None = Field(default=None, description='Lost reason as a person says it: "too expensive"')


@tool(domain="crm", risk=Risk.WRITE, modules=CRM)
def lead_mark_lost(client: OdooClient, args: LeadLost) -> LeadResult:
    """Mark a lead or opportunity lost (Odoo's action, with a lost reason when one is named)."""
    lead = _lead(client, args.lead)
    kwargs = {"lost_reason_id": resolve_one(client, "crm.lost.reason", args.reason).id} if args.reason else {}
    client.call("crm.lead", "action_set_lost", [lead.id], **kwargs)
    lost = _read(client, lead.id)
    return LeadResult(message=t("crm.marked_lost", name=lost.name),
                      changed=[lost.ref()], lead=lost)  # fmt: skip


class StageTotal(BaseModel):
    stage: str
    count: int
    expected_revenue: float
    weighted_revenue: float = Field(description="Expected revenue × probability (Odoo's prorated revenue)")


class PipelineResult(ToolResult):
    stages: list[StageTotal]
    count: int
    expected_revenue: float
    weighted_revenue: float


class PipelineInput(ToolInput):
    salesperson: RecordInput | None = Field(default=None, description="Only this user's opportunities")


_OPEN = [["type", "=", "opportunity"], ["probability", "<", 100]]  # active only: lost ones are archived


@tool(domain="crm", risk=Risk.READ, modules=CRM)
def pipeline_summary(client: OdooClient, args: PipelineInput) -> PipelineResult:
    """Open opportunities by stage: count, expected and weighted revenue (one grouped read)."""
    domain = list(_OPEN)
    if args.salesperson is not None:
        domain.append(["user_id", "=", resolve_one(client, "res.users", args.salesperson).id])
    rows = client.read_group("crm.lead", domain, ["stage_id"], ["expected_revenue:sum", "prorated_revenue:sum"])
    stages = [StageTotal(stage=r["stage_id"][1] if r["stage_id"] else "–", count=r["__count"],
                         expected_revenue=r["expected_revenue:sum"] or 0.0,
                         weighted_revenue=r["prorated_revenue:sum"] or 0.0) for r in rows]  # fmt: skip
    total = StageTotal(stage="", count=sum(s.count for s in stages),
                       expected_revenue=sum(s.expected_revenue for s in stages),
                       weighted_revenue=sum(s.weighted_revenue for s in stages))  # fmt: skip
    lines = "; ".join(f"{s.stage}: {s.count} ({s.expected_revenue:,.0f}, {t('crm.weighted')} "
                      f"{s.weighted_revenue:,.0f})" for s in stages)  # fmt: skip
    return PipelineResult(message=t("crm.pipeline_open_opportunities_expected", n=total.count,
                                    rev=total.expected_revenue,
                                    w=total.weighted_revenue, lines=lines),
                          stages=stages, count=total.count, expected_revenue=total.expected_revenue,
                          weighted_revenue=total.weighted_revenue)  # fmt: skip


class LeadsList(ToolInput):
    stage: str | None = Field(default=None, description="Only this stage (as a person names it)")
    kind: Literal["lead", "opportunity"] | None = None
    limit: int = Field(default=20, ge=1, le=200)
    offset: int = Field(default=0, ge=0)


class LeadsResult(ToolResult):
    leads: list[Lead]


@tool(domain="crm", risk=Risk.READ, modules=CRM)
def leads_list(client: OdooClient, args: LeadsList) -> LeadsResult:
    """Open leads and opportunities, optionally at one stage, highest expected revenue first."""
    domain: list[Any] = [["probability", "<", 100]]
    stage = ""
    if args.stage:
        stage_id, stage = _stage(client, args.stage)
        domain.append(["stage_id", "=", stage_id])
    if args.kind:
        domain.append(["type", "=", args.kind])
    rows = client.search_read("crm.lead", domain, LEAD_FIELDS, limit=args.limit, offset=args.offset,
                              order="expected_revenue desc, id")  # fmt: skip
    leads = [Lead.of(r) for r in rows]
    where = t("crm.stage", s=stage) if stage else ""
    shown = "; ".join(f"{x.name} ({x.customer or '–'}, {x.expected_revenue:,.0f})" for x in leads)
    return LeadsResult(message=t("crm.open_lead_s",
                                 n=len(leads), where=where, shown=shown or "–"),
                       found=[x.ref() for x in leads], leads=leads)  # fmt: skip
