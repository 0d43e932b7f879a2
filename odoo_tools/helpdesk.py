"""Support tickets: Odoo Enterprise's Helpdesk when installed, otherwise a task in the "Support" project.

Which one is detected on the server, never assumed: the answer says where the ticket went.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from odoo_tools.client import OdooClient
from odoo_tools.i18n import t
from odoo_tools.registry import REGISTRY, Risk, tool
from odoo_tools.resolve import RecordInput, resolve_one
from odoo_tools.results import RecordRef, ToolInput, ToolResult

__all__ = ["TicketResult"]

SUPPORT_PROJECT = "Support"


class TicketCreate(ToolInput):
    subject: str = Field(min_length=1)
    customer: RecordInput | None = None
    description: str | None = None


class TicketResult(ToolResult):
    ticket: RecordRef
    backend: Literal["helpdesk", "project"] = Field(description="helpdesk.ticket, or a task of the Support project")


def _has_helpdesk(client: OdooClient) -> bool:
    return bool(client.search_count("ir.model", [["model", "=", "helpdesk.ticket"]]))


def _support_project(client: OdooClient) -> tuple[int, bool]:
    found = client.search("project.project", [["name", "=", SUPPORT_PROJECT]], limit=1)
    if found:
        return found[0], False
    created = REGISTRY["project_create"].run(client, {"name": SUPPORT_PROJECT}).created  # [the project]
    return created[0].id, True


@tool(domain="helpdesk", risk=Risk.WRITE)
def ticket_create(client: OdooClient, args: TicketCreate) -> TicketResult:
    """Open a support ticket (Helpdesk if installed, else a task in the Support project, created if missing)."""
    vals: dict[str, Any] = {"name": args.subject, "description": args.description}
    if args.customer is not None:
        vals["partner_id"] = resolve_one(client, "res.partner", args.customer).id
    if _has_helpdesk(client):
        tid = client.create("helpdesk.ticket", {k: v for k, v in vals.items() if v is not None})
        ref = RecordRef(model="helpdesk.ticket", id=tid, display_name=args.subject)
        return TicketResult(message=t("helpdesk.opened_helpdesk_ticket",
                                      name=args.subject), created=[ref], ticket=ref, backend="helpdesk")  # fmt: skip
    project, new = _support_project(client)
    tid = client.create("project.task", {**{k: v for k, v in vals.items() if v is not None}, "project_id": project})
    ref = RecordRef(model="project.task", id=tid, display_name=args.subject)
    where = t("helpdesk.created_support_project") if new else ""
    return TicketResult(message=t("helpdesk.helpdesk_installed_opened_task", name=args.subject, where=where),
                        created=[ref], ticket=ref, backend="project")  # fmt: skip
