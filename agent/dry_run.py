"""A dry run's policy: the configured one, except that nothing writes without an approval (never given)."""

from __future__ import annotations

from odoo_tools.i18n import t
from odoo_tools.policy import Decision, Policy, StepRequest
from odoo_tools.registry import Risk

__all__ = ["DryRunPolicy"]


class DryRunPolicy(Policy):
    """Every step the configured policy would let write unasked waits instead (its preview is what is shown)."""

    @classmethod
    def over(cls, policy: Policy) -> DryRunPolicy:
        return cls(policy.config, policy.files, policy._risks)

    def decide(self, step: StepRequest) -> Decision:
        decision = super().decide(step)
        if decision.action == "allow" and step.risk != Risk.READ:
            return Decision(action="approve", reasons=[t("automations.dry_run")])
        return decision
