"""Check a connection end to end and say what the server offers: the ``doctor`` command's logic."""

from __future__ import annotations

from pydantic import BaseModel

from odoo_tools.client import BUSINESS_MODULES, OdooClient
from odoo_tools.client.compat import parse_major
from odoo_tools.client.errors import OdooAccessError
from odoo_tools.i18n import t

__all__ = ["DoctorReport", "run_doctor"]

VERIFIED_MAJORS = (19,)
# The record each business module is about: the API user needs read access to it.
MODULE_MODELS = {
    "sale": "sale.order", "crm": "crm.lead", "purchase": "purchase.order", "stock": "stock.picking",
    "account": "account.move", "project": "project.task", "hr": "hr.employee", "hr_expense": "hr.expense",
    "hr_holidays": "hr.leave", "fleet": "fleet.vehicle", "mrp": "mrp.production",
    "calendar": "calendar.event", "website_sale": "product.public.category", "helpdesk": "helpdesk.ticket",
}  # fmt: skip


class NoBusinessAccessError(OdooAccessError):
    """The API user can log in but may read none of the installed business apps."""


class DoctorReport(BaseModel):
    """What ``odoo-agent doctor`` found."""

    url: str
    database: str
    server_version: str
    major: int
    transport: str
    transport_note: str | None
    user: str
    login: str
    uid: int
    context: dict[str, object]
    companies: dict[int, str]
    modules: dict[str, bool]
    access: dict[str, bool]
    can_create_external_ids: bool
    calls: int
    warnings: list[str]


def run_doctor(client: OdooClient) -> DoctorReport:
    """Connect and collect the report; raises the client's typed errors on failure."""
    user = client.connect()
    try:
        installed = client.installed_modules()
    except OdooAccessError as exc:
        raise NoBusinessAccessError(
            t("agent.doctor_no_internal_user", login=user.login),
            hint=t("agent.doctor_no_internal_user_hint"),
            data=exc.data,
        ) from None
    major = parse_major(client.version_info)
    warnings = []
    if major not in VERIFIED_MAJORS:
        warnings.append(
            f"Odoo {major} is supported from documented API differences but not verified "
            "against a live server (only 19.0 is)."
        )
    if client.transport.name != "json2" and major >= 19:
        warnings.append("XML-RPC and JSON-RPC are deprecated in Odoo 19; JSON-2 needs an API key.")
    access = {m: client.can(MODULE_MODELS[m]) for m in BUSINESS_MODULES if m in installed}
    if access and not any(access.values()):
        raise NoBusinessAccessError(
            t("agent.doctor_no_app_readable", login=user.login, apps=", ".join(access)),
            hint=t("agent.doctor_no_app_readable_hint"),
        )
    if denied := [m for m, ok in access.items() if not ok]:
        warnings.append(f"No read access to: {', '.join(denied)} — those commands will be refused by Odoo.")
    xmlids = client.can_create_external_ids()
    if not xmlids:
        warnings.append("The API user may not create external ids: idempotency keys use per-model fields only.")
    return DoctorReport(
        url=client.config.url,
        database=client.config.db,
        server_version=client.server_version,
        major=major,
        transport=client.transport.name,
        transport_note=client.transport_note,
        user=user.name,
        login=user.login,
        uid=user.uid,
        context=client.context,
        companies=client.companies,
        modules={m: m in installed for m in BUSINESS_MODULES},
        access=access,
        can_create_external_ids=xmlids,
        calls=client.stats.count,
        warnings=warnings,
    )
