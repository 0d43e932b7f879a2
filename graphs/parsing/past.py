"""A question about what was done is a read, never the act it names.

"did we ship the Orion order?", "have we invoiced Harbor Foods this month?", "did Brightwater Spa ever
accept the quote?", "est-ce qu'on a déjà facturé la Pharmacie Centrale ?", "l'OF MO-0012 a-t-il bien été
terminé ?": the rules may read the verb (confirm, invoice, finish) as a command; here that reading
becomes the read that answers the question (the order's status, the customer's orders, the
production's state). A question about an act with no read that answers it is left to the person.
"""

from __future__ import annotations

import re

from graphs.parsing.clause import Clause
from graphs.parsing.intents import (
    Intent,
    ListOrders,
    ListProductions,
    ListPurchases,
    ListUnpaidInvoices,
    OrderStatus,
    ProductionStatus,
    Unsupported,
    VendorHistory,
)
from graphs.parsing.names import CUSTOMER_STOP, anchors, first_entity
from odoo_tools.i18n import say

__all__ = ["READS", "as_read", "is_past_question", "is_question"]

# Intents that only read: a question may be answered by them as they are.
READS = frozenset(
    [
        "order_status",
        "list_orders",
        "sales_totals",
        "search_products",
        "stock_level",
        "products_below_threshold",
        "low_stock_report",
        "list_unpaid_invoices",
        "invoice_pdf",
        "pipeline_summary",
        "list_leads",
        "list_purchases",
        "vendor_history",
        "my_tasks",
        "project_status",
        "list_employees",
        "pending_leaves",
        "production_status",
        "list_productions",
        "list_events",
        "search_vehicles",
        "fleet_costs",
        "website_orders",
        "website_revenue",
        "find_contact",
        "clarify",
        "unsupported",
        "next_page",
    ]
)
_EN = re.compile(r"^\W*(?:did|have|has|had|was|were)\s+(?:we|you|they|i|he|she|it|the|our|my|[^\W\d_][\w&'.-]*)\b")
_FR = re.compile(r"^\W*(?:est-ce\s+qu|a-t-on|avons-nous|avez-vous|ont-ils|a-t-il|a-t-elle|on\s+a\s+(?:deja|bien))"
                 r"|\b(?:a|ont|avons)-t-(?:il|elle|on|ils)\b|\ba\s+(?:bien|deja)\s+ete\b"
                 r"|\b(?:nous|vous)\s+(?:a|ont)\s+\w+\s+ou\s+(?:pas|non)\b")  # "X nous a payé ou pas ?"  # fmt: skip
_ASKS = re.compile(r"\?\s*$|\b(?:ever|yet|already|deja|bien)\b")
# "the Orion order", "Harbor Foods's quote": a customer named with the document
# The words a question opens on
_QUESTION_WORD = (
    r"(?:is|are|was|were|why|how|what|what's|whats|when|where|which|who|whose|do|does|did|has|have|had"
    r"|est-ce|quel|quelle|quels|quelles|comment|pourquoi|quand|ou|combien|y a-t-il)"
)
_OWNER = anchors(r"\b(?:for|to|from|by|of|pour|de|du|chez|a|à)\s+(?:the\s+|le\s+|la\s+|l')?",
                 r"\b(?:did|have|has|est-ce\s+que|est-ce\s+qu')\s+(?!(?:we|you|they|i|on|nous|vous)\b)",
                 r"\b(?:invoiced|billed|shipped|delivered|quoted|sent|paid|factur\w*|livr\w*)\s+",
                 # "Paye Ton Style a-t-elle …": the party the question opens on (not its question word)
                 rf"^\W*(?!(?:{_QUESTION_WORD}|can|could|any|quel\w*|qui|our|my|nos|mes|notre)\b)")  # fmt: skip
_OWNER_STOP = re.compile(CUSTOMER_STOP.pattern + r"|\b(?:ever|already|yet|deja|bien|accepte?d?|sign\w*|pay|paid"
                         r"|nous|vous|receive\w*|ship(?:ped|ping|s)|get|got|this|ce|cette|regle\w*"
                         r"|a\s+(?:regle|paye|recu)\w*|a-t-(?:il|elle)|ont-ils|ou\s+pas)\b")  # fmt: skip
_BEFORE_DOC = re.compile(r"(?:the\s+)?(?P<name>[A-Z][\w&'.-]*(?:\s+[A-Z][\w&'.-]*){0,3})(?:'s)?\s+"
                         r"(?i:order|quote|quotation|invoice|commande|devis|facture)")  # fmt: skip
_SALES = frozenset(
    ["create_quotation", "confirm_order", "cancel_order", "add_lines", "set_quantity", "validate_picking"]
)
_INVOICING = frozenset(["invoice_order", "create_invoice", "post_invoice", "register_payment", "send_payment_reminder"])
_MANUFACTURING = frozenset(["create_production", "confirm_production", "finish_production", "create_bom"])
_PURCHASE = frozenset(["create_purchase", "confirm_purchase", "receive_purchase"])


# "is the delivery for S00042 done?", "why is …", "comment valider …?": a question, never the act it names
_ASKING = re.compile(rf"^\W*{_QUESTION_WORD}\b")


def is_question(c: Clause) -> bool:
    """Whether the clause asks something (past or present) rather than telling the agent to act."""
    return is_past_question(c) or (c.first and c.text.search(_ASKING) is not None)


def is_past_question(c: Clause) -> bool:
    """Whether the clause asks about something done ("did we…?", "est-ce qu'on a déjà…?")."""
    return bool((c.text.search(_EN) or c.text.search(_FR)) and (c.text.search(_ASKS) or c.text.low.endswith("?")))


def _owner(c: Clause) -> str | None:
    m = _BEFORE_DOC.search(c.text.raw)
    if m:
        return m.group("name")
    hit = first_entity(c.text, _OWNER, _OWNER_STOP, capitalised=True)
    return hit.value if hit else None


_BOUGHT = re.compile(
    r"\b(?:command\w*\s+(?:chez|aupres)|order(?:ed)?\s+(?:\w+\s+){0,3}from|bought\s+from|achete\w*\s+chez)\b"
)


def as_read(intent: Intent | None, c: Clause) -> Intent | None:
    """The read answering a past-tense question the rules read as ``intent`` (None when nothing answers it)."""
    kind = intent.intent if intent is not None and intent.intent != "clarify" else None
    # "did we already order cups from Kessler?": a purchase, whatever the rules read
    bought = c.text.search(_BOUGHT)
    if bought and (isinstance(intent, ListOrders) or kind is None):
        return ListPurchases(vendor=(intent.customer if isinstance(intent, ListOrders) else None) or _owner(c))
    if isinstance(intent, ListUnpaidInvoices) and intent.customer is None:  # "has Ship Shape paid us yet?"
        return intent.model_copy(update={"customer": _owner(c)})
    if kind in READS:
        return intent
    order, production = c.ref("order"), c.ref("production")
    if kind in _MANUFACTURING or production or (kind is None and c.has("mo")):
        return ProductionStatus(production=production) if production else ListProductions(state=None)
    if kind in _PURCHASE or (kind is None and c.has("purchase", "receive")) or bought:
        vendor = _owner(c)
        return VendorHistory(vendor=vendor) if vendor and kind is None else ListPurchases(vendor=vendor)
    about_paying = c.has("payment", "unpaid") or re.search(r"\b(?:pay|payes?|payee?s?|regle\w*)\b", c.text.low)
    if kind in ("register_payment", "send_payment_reminder") or (
        (kind is None and (about_paying or c.ref("invoice"))) or (kind in _INVOICING and about_paying)
    ):  # "did Harbor Foods pay their invoice?" asks about payment, not about invoicing
        return ListUnpaidInvoices(customer=_owner(c))
    if kind in _SALES | _INVOICING or (kind is None and c.has("order", "quote", "invoice")):
        return OrderStatus(order=order) if order else ListOrders(customer=_owner(c), period=c.period)
    if intent is None or intent.intent == "clarify":
        return intent
    return Unsupported(reason=say("parser.past_question", c.lang))
