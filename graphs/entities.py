"""Which phrases of the parsed intents name Odoo records, and of which model."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel

from graphs.parsing.intents import ParseResult

__all__ = ["CREATE", "CREATED_BY", "FIELD_MODELS", "Slot", "slots"]

CREATE = -1  # "nothing matches: plan a (gated) creation"; here, so the planner needs no LangGraph

CreateKind = Literal["partner", "product"] | None
# Where the intent keeps a record phrase -> (model, domain, what to create when nothing matches).
_FIELDS: dict[str, tuple[str, list[Any], CreateKind]] = {
    "customer": ("res.partner", [], "partner"),
    "order": ("sale.order", [], None),
    "invoice": ("account.move", [["move_type", "=", "out_invoice"]], None),
    "product": ("product.product", [], None),
    "lead": ("crm.lead", [], None),
    "vendor": ("res.partner", [], "partner"),
    "purchase": ("purchase.order", [], None),
    "project": ("project.project", [], None),
    "task": ("project.task", [], None),
    "department": ("hr.department", [], None),
    "production": ("mrp.production", [], None),
    "contact": ("res.partner", [], None),
}
# Phrases a tool resolves itself (it may create what is missing when the person asked it to).
_LEFT_TO_THE_TOOL = {"create_employee": {"department"}, "create_bom": {"product"}, "create_lead": {"contact"},
                     "create_contact": {"contact"}}  # fmt: skip
# Intents that may create what they name (the creation is its own, gated, plan step).
_CREATING = {"create_quotation", "create_invoice", "create_purchase"}
# Which products a document's lines may name: sold ones on sales documents, bought ones on purchases.
_LINE_DOMAIN = {"create_purchase": [["purchase_ok", "=", True]]}


# What an intent creates: "create a project X and a task Y in it" — "it" is the project made just before.
CREATED_BY: dict[str, str] = {"create_project": "project.project", "create_contact": "res.partner",
                              "create_lead": "crm.lead", "create_department": "hr.department"}  # fmt: skip


class Slot(BaseModel):
    """One record phrase to resolve; ``key`` is its path, e.g. ``0.customer`` or ``0.lines.1.product``."""

    key: str
    model: str
    phrase: str | None = None
    domain: list[Any] = []
    create: CreateKind = None
    memory: str | None = None


def slots(parse: ParseResult) -> list[Slot]:
    """Every record phrase of every intent, in order (the order questions are asked in)."""
    out: list[Slot] = []
    made: set[str] = set()  # models an earlier intent of this message creates: "in it" is that record
    for i, intent in enumerate(parse.intents):
        data = intent.model_dump()
        creating = data["intent"] in _CREATING
        for field, (model, domain, create) in _FIELDS.items():
            if field in _LEFT_TO_THE_TOOL.get(data["intent"], ()):
                continue
            if field not in data or (data[field] is None and field in ("customer", "product", "vendor", "department")):
                continue
            phrase = data[field]
            if phrase is None and model in made:
                continue  # the planner points it at the record made earlier in the plan
            out.append(Slot(key=f"{i}.{field}", model=model, phrase=phrase, domain=domain,
                            create=create if creating else None, memory=None if phrase else model))  # fmt: skip
        for j, line in enumerate(data.get("lines") or []):
            if line.get("product"):
                product_create: CreateKind = "product" if data["intent"] == "create_quotation" else None
                domain = _LINE_DOMAIN.get(data["intent"], [["sale_ok", "=", True]])
                out.append(Slot(key=f"{i}.lines.{j}.product", model="product.product", phrase=line["product"],
                                domain=domain, create=product_create))  # fmt: skip
        if data["intent"] in CREATED_BY:
            made.add(CREATED_BY[data["intent"]])
    return out


FIELD_MODELS: dict[str, str] = {field: model for field, (model, _, _) in _FIELDS.items()}
