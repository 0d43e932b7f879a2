"""Which business domains a message concerns, from its keywords: the LLM parser's first routing step.

The LLM is sent only the intents of these domains (plus the common ones), so its prompt stays the
same size however many tools the registry grows. A message with no domain keyword is routed by a
small LLM call instead (``LLMParser``).
"""

from __future__ import annotations

from graphs.parsing.cleanup import prepare
from graphs.parsing.intents import INTENT_DOMAINS
from graphs.parsing.text import Text
from graphs.parsing.vocabulary import CONCEPTS

__all__ = ["DOMAINS", "DOMAIN_HINTS", "keyword_domains"]

# What each domain covers, in the words the routing prompt shows the model.
DOMAIN_HINTS: dict[str, str] = {
    "sales": "quotations, sales orders, confirming or cancelling them, sales revenue",
    "inventory": "products, stock levels, reorder rules",
    "invoicing": "customer invoices, payments, payment reminders, invoice PDFs",
    "crm": "leads, opportunities, the sales pipeline and its stages",
    "purchase": "purchase orders and RFQs to vendors, receiving goods, vendor history",
    "projects": "projects, tasks, task stages, timesheet hours, my tasks",
    "hr": "employees, departments, expenses, time-off requests",
    "manufacturing": "bills of materials, manufacturing orders: create, confirm, finish, status",
    "calendar": "meetings and events: schedule one, list them",
    "fleet": "vehicles, odometer readings, services due, maintenance costs",
    "ecommerce": "the website shop: publish products, website orders and revenue",
    "helpdesk": "support tickets",
    "partners": "contacts: create, update (e-mail, phone, address), find, tag or archive one",
}
DOMAINS = tuple(d for d in INTENT_DOMAINS if d != "common")

# Offline-parser concepts (typo-tolerant, English and French) that point at a domain.
_CONCEPT_DOMAINS: dict[str, str] = {
    "quote": "sales", "order": "sales", "sale": "sales", "confirm": "sales", "cancel": "sales", "status": "sales",
    "revenue": "sales", "draft": "sales", "sent_state": "sales", "sale_state": "sales", "cancel_state": "sales",
    "group_customer": "sales", "group_salesperson": "sales",
    "product": "inventory", "stock": "inventory", "below": "inventory", "low": "inventory", "reorder": "inventory",
    "kind_goods": "inventory", "kind_service": "inventory", "kind_storable": "inventory",
    "invoice": "invoicing", "unpaid": "invoicing", "overdue": "invoicing", "remind": "invoicing",
    "payment": "invoicing", "pdf": "invoicing", "post": "invoicing", "validate": "invoicing",
    "lead": "crm", "opportunity": "crm", "pipeline": "crm",
    "purchase": "purchase", "vendor": "purchase", "receive": "purchase",
    "project": "projects", "task": "projects", "timesheet": "projects", "mine": "projects",
    "employee": "hr", "department": "hr", "expense": "hr", "leave": "hr", "hire": "hr",
    "bom": "manufacturing", "mo": "manufacturing", "produce": "manufacturing",
    "meeting": "calendar", "schedule": "calendar", "vehicle": "fleet", "odometer": "fleet", "maintenance": "fleet",
    "website": "ecommerce", "publish": "ecommerce", "unpublish": "ecommerce", "ticket": "helpdesk",
    "contact": "partners", "tag": "partners", "archive": "partners", "delivery": "inventory",
    "price_word": "inventory",
}  # fmt: skip
_REF_DOMAINS = {"order": "sales", "invoice": "invoicing", "purchase": "purchase", "production": "manufacturing"}


def keyword_domains(text: str) -> tuple[str, ...]:
    """The domains whose keywords or record references occur in ``text``, in ``DOMAINS`` order."""
    prep = prepare(text)
    # Routing reads every keyword, names' included ("Website Redesign" shows ecommerce's intents too): the model
    # sees the whole message and picks; only the rules ignore a keyword inside a name.
    plain = Text.of(prep.text.raw)
    found = {d for concept, d in _CONCEPT_DOMAINS.items() if plain.search(CONCEPTS[concept])}
    found |= {_REF_DOMAINS[r.kind] for r in prep.refs if r.kind in _REF_DOMAINS}
    if not found and any(r.kind == "any" for r in prep.refs):
        found |= {"sales", "invoicing"}  # "#42" alone: an order or an invoice
    return tuple(d for d in DOMAINS if d in found)
