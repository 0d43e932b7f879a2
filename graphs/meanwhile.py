"""A customer the plan would create, but a close name appeared in Odoo since the person saw the plan.

The plan said "create NewCo Ltd" because nothing close existed then. If someone (a colleague in
Odoo, another run) made "Newco Limited" before the approved creation ran, creating anyway would
likely make a duplicate, and using it silently could pick the wrong company: the person chooses.
"""

from __future__ import annotations

from graphs.answers import pick
from graphs.resolving import ask_person
from graphs.state import Option
from odoo_tools.i18n import t
from odoo_tools.resolve import Candidate
from odoo_tools.results import RecordRef

__all__ = ["CREATE_ANYWAY", "ask_similar"]

CREATE_ANYWAY = "create"
_SHOWN = 5


def ask_similar(name: str, similar: list[Candidate]) -> RecordRef | None:
    """The partner the person picks instead, or ``None`` when they want ``name`` created anyway."""
    shown = similar[:_SHOWN]
    options = [Option(id=str(c.record.id), label=c.record.display_name) for c in shown]
    options.append(Option(id=CREATE_ANYWAY, label=t("graph.create_anyway",
                                                    name=name)))  # fmt: skip
    names = ", ".join(c.record.display_name for c in shown)
    text = t(
        "graph.similar_made_meanwhile",
        names=names, name=name,
    )  # fmt: skip
    while (chosen := pick(ask_person(text, options, "customer"), options)) is None:
        pass  # an unclear answer gets the same question again; nothing is created meanwhile
    if chosen.id == CREATE_ANYWAY:
        return None
    return next(c.record for c in shown if str(c.record.id) == chosen.id)
