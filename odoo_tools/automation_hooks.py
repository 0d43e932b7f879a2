"""An Odoo automation rule that notifies the agent's webhook receiver when a watched model changes.

Odoo's "Send Webhook Notification" server action posts ``_model`` and ``_id`` after commit, once, with a 1 s
timeout and no signature; its URL carries the rule's token (which grants only a nudge of that rule's poll)
and is logged by Odoo, so the token must not be the receiver's signing secret.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from odoo_tools.client import OdooClient
from odoo_tools.errors import OdooValidationError
from odoo_tools.i18n import t
from odoo_tools.registry import Risk, tool
from odoo_tools.results import RecordRef, ToolInput, ToolResult

__all__ = ["WebhookInstall", "automation_webhook_install"]


class WebhookInstall(ToolInput):
    rule: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{0,62}$", description="The agent's rule name")
    model: str = Field(pattern=r"^[a-z0-9_]+(\.[a-z0-9_]+)+$", description="The model the rule watches")
    url: str = Field(pattern=r"^https?://", max_length=2000, description="The receiver's /hooks/<rule>?token= URL")
    fields: list[str] = Field(default_factory=list, description="Only changes of these fields notify (all: empty)")
    domain: list[Any] = Field(default_factory=list, description="Only records matching it notify")
    idempotency_key: str | None = None


def _domain(domain: list[Any]) -> str:
    """A domain as Odoo stores it on a rule: Python literal text, terms as tuples."""
    return repr([tuple(term) if isinstance(term, list) else term for term in domain])


@tool(domain="automations", risk=Risk.WRITE)
def automation_webhook_install(client: OdooClient, args: WebhookInstall) -> ToolResult:
    """Create an Odoo automation rule (on create and edit) whose action posts to the agent's webhook."""
    # One read says both: the watched model's id, and whether Automation Rules (base_automation) is installed.
    rows = client.search_read("ir.model", [["model", "in", [args.model, "base.automation"]]], ["model"])
    ids = {r["model"]: r["id"] for r in rows}
    if "base.automation" not in ids:
        raise OdooValidationError(t("automations.no_base_automation"))
    if args.model not in ids:
        raise OdooValidationError(t("automations.no_such_model", model=args.model))
    models = [ids[args.model]]
    triggers = (
        client.search("ir.model.fields", [["model", "=", args.model], ["name", "in", args.fields]])
        if args.fields
        else []
    )
    if len(triggers) != len(set(args.fields)):
        raise OdooValidationError(t("automations.unknown_fields", model=args.model, fields=", ".join(args.fields)))
    name = f"odoo-agent: {args.rule}"  # i18n-exempt: a record name in Odoo, the same in every language
    action = {"name": name, "model_id": models[0], "state": "webhook", "webhook_url": args.url}
    vals = {"name": name, "model_id": models[0], "trigger": "on_create_or_write", "filter_domain": _domain(args.domain),
            "trigger_field_ids": [[6, 0, triggers]], "action_server_ids": [[0, 0, action]]}  # fmt: skip
    made = client.create("base.automation", vals, idempotency_key=args.idempotency_key)
    ref = RecordRef(model="base.automation", id=made, display_name=name)
    return ToolResult(message=t("automations.webhook_installed", name=name, model=args.model), created=[ref])
