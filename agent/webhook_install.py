"""``odoo-agent automations install-webhook RULE``: the Odoo automation rule that calls the receiver, created
as a step of its own — rated by the policy (it always needs approval), approved by ``--approve``, keyed and
audited like any write (graphs.executor)."""

from __future__ import annotations

from typing import Any

from agent.automation_rules import Rule
from agent.webhook_serve import tokens_of
from graphs.executor import run_step
from graphs.nodes import decide_step
from graphs.state import Approval, PlanStep
from odoo_tools.client.clock import get_clock
from odoo_tools.i18n import t
from odoo_tools.registry import Risk

__all__ = ["install_webhook"]

TOOL = "automation_webhook_install"


def _step(rule: Rule, base_url: str, token: str) -> PlanStep:
    assert rule.when is not None
    url = f"{base_url.rstrip('/')}/hooks/{rule.name}?token={token}"
    args = {
        "rule": rule.name,
        "model": rule.when.model,
        "url": url,
        "fields": rule.when.fields,
        "domain": rule.when.domain,
    }
    return PlanStep(id="s1", tool=TOOL, args=args, risk=Risk.WRITE, description=t("automations.install_step",
                    name=rule.name, model=rule.when.model))  # fmt: skip


def install_webhook(session: Any, rules: Any, rule: Rule, base_url: str, approver: str | None) -> PlanStep:
    """The step, run when ``approver`` said yes and the policy does not refuse it; else as the policy rated it."""
    token = tokens_of(rules).get(rule.name)
    if rule.when is None or token is None:
        raise LookupError(t("automations.no_token", name=rule.name))
    step = decide_step(session.context, _step(rule, base_url, token))
    if step.status == "rejected" or (step.status == "needs_approval" and approver is None):
        return step
    approval = Approval(plan_hash="", approver=approver or session.context.approver, at=get_clock().now().isoformat())
    approved = step.model_copy(update={"status": "approved", "approved": True})
    return run_step(session.context, f"install-webhook-{rule.name}", 1, approved, {}, approval)
