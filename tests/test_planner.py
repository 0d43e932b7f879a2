"""The planner's dispatch on intent classes, and a few plans pinned step by step. No Odoo involved."""

from __future__ import annotations

from typing import get_args

from pydantic import BaseModel

from graphs.parsing.intents import (
    INTENT_TYPES,
    CreateContact,
    CreateExpense,
    CreateQuotation,
    Intent,
    Line,
    TagContact,
)
from graphs.planner import _PLANNED, SIMPLE, SimpleIntent, build_plan
from graphs.resolving import CREATE
from odoo_tools.i18n import use_language


def _name(kind: type[BaseModel]) -> str:
    return str(kind.model_fields["intent"].default)


def test_the_intents_falling_through_to_one_tool_call_are_exactly_those_of_simple() -> None:
    """mypy checks what reaches ``_simple`` is a SimpleIntent; this checks each has its tool in SIMPLE."""
    assert sorted(_name(k) for k in get_args(SimpleIntent)) == sorted(SIMPLE)


def test_every_intent_class_is_planned_or_says_nothing_to_call() -> None:
    unplanned = {_name(k) for k in INTENT_TYPES} - set(SIMPLE) - set(_PLANNED)
    assert unplanned == {"next_page", "clarify", "unsupported"}


def test_a_quotation_for_a_new_customer_chains_creation_confirmation_and_invoice_in_french() -> None:
    quote = CreateQuotation(customer="Lantern Bakery", lines=[Line(product="cups", qty=12, unit_price=4.5)],
                            then=["confirm", "invoice", "post"])  # fmt: skip
    with use_language("fr"):
        steps = build_plan([quote], {"0.customer": CREATE, "0.lines.0.product": 7}, {})
    assert [(s.id, s.tool, s.args, s.description, s.depends_on) for s in steps] == [
        ("s1", "partner_create", {"name": "Lantern Bakery", "allow_similar": True},
         "Créer le client « Lantern Bakery »", []),
        ("s2", "quotation_create", {"customer": "$s1", "lines": [{"product": 7, "qty": 12, "unit_price": 4.5}]},
         "Créer un devis brouillon pour Lantern Bakery", ["s1"]),
        ("s3", "order_confirm", {"order": "$s2"}, "Confirmer la commande", ["s2"]),
        ("s4", "invoice_from_order", {"order": "$s2"}, "Facturer la commande", ["s3"]),
        ("s5", "invoice_post", {"invoice": "$s4"}, "Valider la facture", ["s4"]),
    ]  # fmt: skip


def test_a_contact_made_earlier_in_the_message_is_the_one_tagged_and_an_expense_names_its_amount() -> None:
    intents: list[Intent] = [CreateContact(name="Acme SARL"), TagContact(tag="VIP"),
                             CreateExpense(amount=45.99, description="taxi")]  # fmt: skip
    steps = build_plan(intents, {}, {})
    assert [(s.tool, s.args, s.description, s.depends_on) for s in steps] == [
        ("partner_create", {"name": "Acme SARL", "is_company": True}, "Create contact 'Acme SARL'", []),
        ("partner_tag", {"partner": "$s1", "tags": ["VIP"]}, "Tag the contact 'VIP'", ["s1"]),
        ("expense_create", {"amount": 45.99, "description": "taxi"}, "File and submit the expense: 45.99 (taxi)", []),
    ]  # fmt: skip
