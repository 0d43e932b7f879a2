"""Reads that need a write first: the person asks for an invoice's PDF and Odoo holds none yet.

Reading the stored PDF writes nothing; making one is Odoo's Send & Print, a write. So a plan to
read it gets a generating step in front when Odoo has no PDF yet (one read to know), which the
policy gates like any write; an invoice that has its PDF is read at once, with nothing to approve.
"""

from __future__ import annotations

from graphs.context import Context
from graphs.executor import fill
from graphs.state import PlanStep
from odoo_tools.i18n import t
from odoo_tools.invoicing import stored_pdf
from odoo_tools.tools import get_tool

__all__ = ["writes_first"]

_READ, _WRITE = "invoice_pdf", "invoice_pdf_generate"


def _needs_pdf(ctx: Context, invoice: object) -> bool:
    if isinstance(invoice, str) and invoice.startswith("$s"):
        return True  # an invoice this plan makes: no PDF yet
    return isinstance(invoice, int) and stored_pdf(ctx.client, invoice) is None


def writes_first(ctx: Context, steps: list[PlanStep]) -> list[PlanStep]:
    """The plan with a PDF-generating step before each PDF read whose invoice has none (steps renumbered)."""
    out: list[PlanStep] = []
    for step in steps:
        if step.tool == _READ and _needs_pdf(ctx, step.args.get("invoice")):
            what = t("graph.step_generate_invoice_pdf")  # fmt: skip
            make = PlanStep(
                id=f"{step.id}-pdf",
                tool=_WRITE,
                args={"invoice": step.args["invoice"]},
                risk=get_tool(_WRITE).risk,
                depends_on=list(step.depends_on),
                description=what,
            )
            step = step.model_copy(update={"depends_on": [*step.depends_on, make.id]})
            out.append(make)
        out.append(step)
    return _renumbered(out) if len(out) > len(steps) else steps


def _renumbered(steps: list[PlanStep]) -> list[PlanStep]:
    """Ids s1…sn in plan order again, with every dependency and ``$sN`` placeholder following its step."""
    new = {s.id: f"s{n}" for n, s in enumerate(steps, 1)}
    return [s.model_copy(update={"id": new[s.id], "depends_on": [new[d] for d in s.depends_on],
                                 "args": fill(s.args, new, lambda old: f"${new[old]}")}) for s in steps]  # fmt: skip
