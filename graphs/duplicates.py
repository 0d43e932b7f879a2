"""Two records for one intended write: said, and their removal offered as approved destructive steps.

Only a write sent twice can leave two records with one key: a person chose ``resend`` for a step
whose outcome was unknown, and the first request landed late. Such steps are checked after the
resend and on every later retry; each extra record gets a step that cancels it (a draft order)
or archives it (a partner) — never a delete — which the policy sends to a person like any
destructive step.
"""

from __future__ import annotations

from graphs.context import Context
from graphs.executor import created_id
from graphs.state import PlanStep
from odoo_tools.i18n import t
from odoo_tools.outcomes import duplicates
from odoo_tools.registry import Risk

__all__ = ["REMOVERS", "removal_steps"]

# The tool that undoes an extra record of what each keyed create made, and its argument.
REMOVERS: dict[str, tuple[str, str]] = {
    "quotation_create": ("order_cancel", "order"),
    "partner_create": ("partner_archive", "partner"),
    "find_or_create_partner": ("partner_archive", "partner"),
}


def removal_steps(ctx: Context, steps: list[PlanStep]) -> list[PlanStep]:
    """New steps removing the extra records of resent writes (none when each write made one record)."""
    planned = {(s.tool, str(s.args)) for s in steps}
    out: list[PlanStep] = []
    for step in steps:
        if not (step.resent and step.status == "done" and step.key and step.tool in REMOVERS):
            continue
        tool, field = REMOVERS[step.tool]
        keep = created_id(step)
        for extra in [i for i in duplicates(ctx.client, step.tool, step.key) if i != keep]:
            args = {field: extra}
            if (tool, str(args)) in planned:
                continue
            description = t(
                "graph.step_remove_duplicate", id=step.id, extra=extra, keep=keep,
            )  # fmt: skip
            out.append(PlanStep(id=f"s{len(steps) + len(out) + 1}", tool=tool, args=args, risk=Risk.DESTRUCTIVE,
                                description=description, depends_on=[step.id]))  # fmt: skip
    return out
