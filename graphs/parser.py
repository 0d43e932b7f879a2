"""Text → typed intents: the ``Parser`` protocol and ``OfflineParser``, deterministic, English and French.

The offline parser needs no LLM and no network. A message is cleaned up (``parse_rules.prepare``),
split into clauses where a new action verb starts ("…, confirm it and invoice it"), and each clause
goes through an ordered list of rules (first match wins). Clauses that say "it"/"that order" after
an intent that can carry them become its chained steps (``then``). Entity phrases stay text: they
are resolved against Odoo later.
"""

from __future__ import annotations

import itertools
import re
from typing import Protocol, runtime_checkable

from pydantic import BaseModel, Field, ValidationError

from graphs import parse_rules as pr
from graphs.clause import Clause, Rule, clarify, lines_of
from graphs.intents import (
    AddLines,
    CancelOrder,
    ConfirmOrder,
    CreateInvoice,
    CreateProduct,
    CreateQuotation,
    Intent,
    InvoiceOrder,
    InvoicePdf,
    Line,
    ListOrders,
    ListUnpaidInvoices,
    LowStockReport,
    NextPage,
    OrderStatus,
    ParseResult,
    PostInvoice,
    ProductsBelowThreshold,
    RegisterPayment,
    SalesTotals,
    SearchProducts,
    SendPaymentReminder,
    SetQuantity,
    SetReorderRule,
    StockLevel,
    Unsupported,
)  # fmt: skip
from graphs.rules_crm import CRM_RULES
from graphs.rules_hr import HR_RULES
from graphs.rules_manufacturing import MANUFACTURING_RULES
from graphs.rules_more import MORE_RULES
from graphs.rules_projects import PROJECT_RULES
from graphs.rules_purchase import PURCHASE_RULES

__all__ = ["OfflineParser", "ParseContext", "Parser", "RecentRecord"]


class RecentRecord(BaseModel):
    """A record the thread touched: what "it" may refer to. Its name comes from Odoo: data, not instructions."""

    model: str
    name: str


class ParseContext(BaseModel):
    """What a parser may know of the thread besides the message (the LLM parser shows it as marked data)."""

    recent: list[RecentRecord] = Field(default_factory=list)


@runtime_checkable
class Parser(Protocol):
    """Anything that turns one message into a ParseResult (offline rules, an LLM, a fallback of both)."""

    name: str

    def parse(self, text: str, context: ParseContext | None = None) -> ParseResult: ...


def _customer_and_lines(c: Clause) -> tuple[str | None, list[Line]]:
    """The customer phrase, then the lines read from the rest (so a customer's words are no product)."""
    hit = pr.first_entity(c.text, pr.CUSTOMER_ANCHORS, pr.CUSTOMER_STOP)
    rest = c.text.blank(hit.start, hit.end) if hit else c.text
    return (hit.value if hit else None), lines_of(c, pr.order_lines(rest))


def _document(c: Clause, kind: type[CreateQuotation] | type[CreateInvoice], customer: str | None,
              lines: list[Line], what: tuple[str, str]) -> Intent:  # fmt: skip
    missing = [m for m, v in (("customer", customer), ("lines", lines)) if not v]
    if missing:
        # Clarify has no customer slot: keep what was read in the question, so the answer can build on it.
        known = (f"{what[0]} for {customer}", f"{what[1]} pour {customer}") if customer else what
        return clarify(c, known, missing)
    return kind(customer=customer, lines=lines)  # type: ignore[arg-type]


def _list_customer(c: Clause) -> str | None:
    hit = pr.first_entity(c.text, pr.NAMED_CUSTOMER_ANCHORS, pr.CUSTOMER_STOP) or pr.first_entity(
        c.text, pr.LIST_CUSTOMER_ANCHORS, pr.CUSTOMER_STOP, capitalised=True
    )
    return hit.value if hit else None


# --- rules, tried in this order; the first that returns an intent wins --------------------------


def _negated(c: Clause) -> Intent | None:
    return Unsupported(reason=pr.NEGATED_REASON[c.lang == "fr"]) if c.text.search(pr.NEGATED) else None


def _delete_or_bulk(c: Clause) -> Intent | None:
    """"delete the customer X", "supprime toutes les factures", "confirm all quotations": refused, said why."""
    every = c.text.search(pr.EVERY) is not None and not c.has("list", "search")
    if c.text.search(pr.DELETE):
        names_order = c.has("order", "quote") or c.ref("order", "any") is not None
        other = re.search(r"\b(?:customer|client|contact|partner|vendor|supplier|fournisseur)s?\b", c.text.low)
        it = re.search(r"\bit\b|\bthat one\b|-(?:le|la)\b", c.text.low) and not (other or c.has("product", "invoice"))
        if every or not (names_order or it):  # "supprime-le" after a quotation: cancel it (with approval)
            return Unsupported(reason=pr.DELETE_REASON[c.lang == "fr"])
    if every and c.has("confirm", "cancel", "post", "invoice", "remind", "validate") and not c.ref("order", "invoice"):
        return Unsupported(reason=pr.BULK_REASON[c.lang == "fr"])
    return None


def _reminder(c: Clause) -> Intent | None:
    return SendPaymentReminder(invoice=c.ref("invoice", "any")) if c.has("remind") else None


def _pdf(c: Clause) -> Intent | None:
    invoice = c.ref("invoice", "any")
    return InvoicePdf(invoice=invoice) if c.has("pdf") and (invoice or c.has("invoice")) else None


def _payment(c: Clause) -> Intent | None:
    if not c.has("payment") or c.has("unpaid"):
        return None
    amount = pr.find_amount(c.text) or pr.number_after(c.text, pr.PAYMENT_AMOUNT)
    invoice = c.ref("invoice", "any")
    return RegisterPayment(invoice=invoice, amount=amount) if invoice or amount or c.has("register") else None


def _unpaid(c: Clause) -> Intent | None:
    if not c.has("unpaid", "overdue") or (c.has("order", "quote") and not c.has("invoice")):
        return None
    return ListUnpaidInvoices(overdue_only=c.has("overdue"), customer=_list_customer(c))


def _reorder(c: Clause) -> Intent | None:
    if not c.has("reorder"):
        return None
    hit = pr.first_entity(c.text, pr.REORDER_PRODUCT_ANCHORS, pr.PRODUCT_STOP)
    rest = c.text.blank(hit.start, hit.end) if hit else c.text
    low, high = pr.min_max(rest)
    if hit is None and low is None:
        return LowStockReport() if c.has("product") else clarify(c, pr.REORDER, ["product", "min_qty"])
    if hit is None or low is None:
        return clarify(c, pr.REORDER, ["product"] if hit is None else ["min_qty"])
    return SetReorderRule(product=hit.value, min_qty=low, max_qty=high)


_IF_MISSING = re.compile(r"\b(?:if|si|s'il|s'ils)\s+(?:it'?s\s+)?"
                         r"(?:missing|absent|needed|not there|manque|n'existe pas)")


def _new_product(c: Clause) -> Intent | None:
    if not c.has("create", "add") or not (c.has("product") or pr.kind_of(c.text)) or c.has("quote", "invoice", "order"):
        return None
    if c.ref("order", "invoice", "any") or (not c.first and c.text.search(_IF_MISSING)):
        return None  # "…, create the product if missing": a modifier of the clause before (a BoM, an RFQ)
    hit = pr.first_entity(c.text, pr.PRODUCT_NAME_ANCHORS, pr.NAME_STOP) or pr.quoted(c.text)
    if hit is None:
        return clarify(c, ("To create the product", "Pour créer le produit"), ["name"])
    rest = c.text.blank(hit.start, hit.end)
    price = pr.find_amount(rest) or pr.number_after(rest, pr.PRICE)
    return CreateProduct(
        name=hit.value, list_price=price, kind=pr.kind_of(c.text), min_qty=pr.number_after(rest, pr.MIN_QTY)
    )


def _below(c: Clause) -> Intent | None:
    threshold = pr.number_after(c.text, pr.THRESHOLD)
    if threshold is None or not c.has("stock", "product"):
        return None
    return ProductsBelowThreshold(threshold=threshold)


def _low(c: Clause) -> Intent | None:
    return LowStockReport() if c.has("low") and c.has("stock", "product") else None


def _stock(c: Clause) -> Intent | None:
    if not c.has("stock"):
        return None
    hit = pr.first_entity(c.text, pr.STOCK_PRODUCT_ANCHORS, pr.PRODUCT_STOP) or pr.entity_at(c.text, 0, pr.PRODUCT_STOP)
    if (hit and hit.value[0].isupper()) or (hit and hit.start > 0):
        return StockLevel(product=hit.value)
    if c.has("order", "quote", "invoice"):
        return None  # "how many orders do we have": not a stock question
    return clarify(c, ("To check the stock", "Pour consulter le stock"), ["product"])


def _revenue(c: Clause) -> Intent | None:
    sales_in_period = c.has("sale") and c.period and not c.has("order", "quote")  # "ventes de la semaine dernière"
    abbreviation = re.search(r"\bCA\b", c.text.raw)  # French "chiffre d'affaires"; upper case, unlike "ça"
    if not (c.has("revenue") or (c.has("total") and c.has("sale")) or sales_in_period or abbreviation):
        return None
    group = "customer" if c.has("group_customer") else "salesperson" if c.has("group_salesperson") else None
    return SalesTotals(period=c.period, group_by=group)


def _search_products(c: Clause) -> Intent | None:
    kind = pr.kind_of(c.text)
    if not (kind or c.has("product")) or not (kind or c.has("search", "list")):
        return None
    hit = pr.first_entity(c.text, pr.SEARCH_TEXT_ANCHORS, pr.NAME_STOP) or pr.quoted(c.text)
    return SearchProducts(text=hit.value if hit else None, kind=kind)  # type: ignore[arg-type]


def _new_quotation(c: Clause) -> Intent | None:
    if not c.has("quote"):
        return None
    customer, lines = _customer_and_lines(c)
    quote_verb = re.match(r"\s*(?:quote|devis)\b", c.text.low) is not None  # "quote Rocky: Rock"
    if (lines and (customer or c.has("create"))) or (customer and quote_verb):
        return _document(c, CreateQuotation, customer, lines, pr.QUOTATION)
    if c.has("create") and not c.has("list"):
        return _document(c, CreateQuotation, customer, lines, pr.QUOTATION)
    return None


def _invoice(c: Clause) -> Intent | None:
    if not c.has("invoice"):
        return None
    invoice, order = c.ref("invoice"), c.ref("order", "any")
    if c.has("post", "validate"):
        return PostInvoice(invoice=invoice or order)
    if order or c.has("order", "quote"):
        return InvoiceOrder(order=order)
    if c.has("list") and not c.has("create"):
        return InvoicePdf(invoice=invoice) if invoice else Unsupported(reason=pr.NO_INVOICE_LIST[c.lang == "fr"])
    customer, lines = _customer_and_lines(c)
    if customer or lines or (c.has("create") and c.first):
        return _document(c, CreateInvoice, customer, lines, ("To create the invoice", "Pour créer la facture"))
    return InvoiceOrder(order=None)  # "invoice it", "and create the invoice": the order just used


def _post(c: Clause) -> Intent | None:
    return PostInvoice(invoice=c.ref("invoice", "any")) if c.has("post") else None


def _confirm(c: Clause) -> Intent | None:
    if not c.has("confirm"):
        return None
    invoice, order = c.ref("invoice"), c.ref("order", "any")
    return PostInvoice(invoice=invoice) if invoice and not order else ConfirmOrder(order=order)


def _cancel(c: Clause) -> Intent | None:
    if not c.has("cancel"):
        return None
    if c.has("invoice") or c.ref("invoice"):
        return Unsupported(reason="Cancelling invoices is not supported yet.")
    return CancelOrder(order=c.ref("order", "any"))


def _status(c: Clause) -> Intent | None:
    return OrderStatus(order=c.ref("order", "any")) if c.has("status") else None


_NEXT_PAGE = re.compile(
    r"^\W*(?:(?:show|give)\s+(?:me\s+)?)?(?:more|next|next page|the rest|more results|"
    r"la suite|page suivante|(?:montre|affiche)[- ]moi la suite|plus de resultats|suivant)\W*$"
)


def _next_page(c: Clause) -> Intent | None:
    return NextPage() if c.whole and c.text.search(_NEXT_PAGE) else None


# "actually make it 9", "change the quantity to 9", "en fait mets-en 9", "passe la quantité à 9".
_SET_QTY = re.compile(
    r"\b(?:make it|make that|change (?:it|that|the quantity|the qty) to|set (?:it|the quantity|the qty) to|"
    r"mets[- ]en|passe(?: la quantite)? a|change la quantite (?:a|en)|la quantite a)\s+(\d+(?:[.,]\d+)?)\b"
)


def _set_qty(c: Clause) -> Intent | None:
    match = c.text.search(_SET_QTY)
    if not match:
        return None
    return SetQuantity(order=c.ref("order", "any"), qty=float(match.group(1).replace(",", ".")))


def _add_lines(c: Clause) -> Intent | None:
    if not (c.has("add") or c.text.search(pr.MORE)):
        return None
    lines = lines_of(c, pr.order_lines(c.text))
    if not lines:
        hit = pr.first_entity(c.text, pr.ADD_PRODUCT_ANCHORS, pr.LINE_STOP)
        lines = lines_of(c, [pr.LineGuess(hit.value, 1, qty_said=False)]) if hit else []
    if not lines:  # in a longer message, "put something in …" may be a preamble the next sentence explains
        return clarify(c, ("To add to the order", "Pour ajouter à la commande"), ["lines"]) if c.whole else None
    return AddLines(order=c.ref("order", "any"), lines=lines)


def _state(c: Clause) -> str | None:
    states = (("quote", "quotation"), ("draft", "draft"), ("sent_state", "sent"), ("cancel_state", "cancel"),
              ("sale_state", "sale"))  # fmt: skip
    return next((state for concept, state in states if c.has(concept)), None)


def _quotes(c: Clause) -> Intent | None:
    if not c.has("quote"):
        return None
    if c.has("list") or c.period or c.has("draft", "sent_state", "sale_state", "cancel_state"):
        return ListOrders(state="quotation", customer=_list_customer(c), period=c.period)
    return clarify(c, pr.QUOTATION, ["customer", "lines"])


def _list_orders(c: Clause) -> Intent | None:
    if not c.has("order", "sale_state"):
        return None
    if c.ref("order") and not c.has("list"):
        return OrderStatus(order=c.ref("order"))  # "is SO42 confirmed yet?": about one order
    customer = _list_customer(c)
    if not (c.has("list") or c.period or customer or _state(c)):
        return None
    return ListOrders(state=_state(c), customer=customer, period=c.period)  # type: ignore[arg-type]


def _bare_ref(c: Clause) -> Intent | None:
    """A message about an order number that nothing else matched ("SO42?"): its status."""
    order = c.ref("order")
    return OrderStatus(order=order) if c.whole and order else None


RULES: tuple[Rule, ...] = (
    _next_page,
    _negated, _delete_or_bulk,
    *CRM_RULES, *PURCHASE_RULES, *PROJECT_RULES, *HR_RULES, *MANUFACTURING_RULES, *MORE_RULES,
    _reminder, _pdf, _payment, _unpaid, _reorder, _new_product, _below, _low, _stock, _revenue,
    _search_products, _new_quotation, _invoice, _post, _confirm, _cancel, _status, _set_qty, _add_lines, _quotes,
    _list_orders, _bare_ref,
)  # fmt: skip


# --- the parser --------------------------------------------------------------------------------


def _first_match(c: Clause) -> Intent | None:
    for rule in RULES:
        try:
            intent = rule(c)
        except ValidationError as e:  # a slot out of range ("a payment of 0"): this reading does not hold
            c.notes.append(f"{rule.__name__.strip('_')}: {e.errors()[0]['msg']}")
            continue
        if intent is not None:
            return intent
    return None


class OfflineParser:
    """Deterministic keyword-and-pattern parser, English and French; no LLM, no network.

    Confidence starts at 1.0 for a clean exact match and is lowered, each reason listed in
    ``notes``, by:

    - 0.1 per keyword read through a typo ("quotaton" → "quotation"), at most 0.3;
    - 0.1 per slot filled with a default (a quantity of 1 nobody said), at most 0.2;
    - 0.05 per word left unexplained (not a keyword, filler word or part of a slot), at most 0.25;
    - 0.1 when instruction-like text ("SYSTEM: …", "ignore previous instructions") was removed.

    ``Unsupported`` for another Odoo domain (CRM, HR, projects…) is 0.9 sure; for a message in
    which nothing was recognised it is 0.3, so that an LLM parser may try it.
    """

    name = "offline"

    def parse(self, text: str, context: ParseContext | None = None) -> ParseResult:
        """``context`` is not used: references like "it" are left to the resolver."""
        prep = pr.prepare(text)
        lang = pr.language(prep.text)
        notes = [f"typo: {a!r} read as {b!r}" for a, b in prep.typos]
        notes += [f"ignored instruction-like text: {s!r}" for s in prep.injected]
        early = self._unsupported(prep, lang, notes)
        if early:
            return early
        intents, leftover = self._clauses(prep, lang, notes)
        if not intents:
            reason = pr.NOTHING_FOUND[lang == "fr"]
            return self._result([Unsupported(reason=reason)], 0.3, notes, prep)
        unexplained = pr.unexplained([c.text for c in leftover], [i.model_dump() for i in intents])
        if unexplained:
            notes.append(f"unexplained words: {', '.join(unexplained)}")
        return self._result(_chain(intents), 1.0, notes, prep, len(unexplained))

    def _unsupported(self, prep: pr.Prepared, lang: str, notes: list[str]) -> ParseResult | None:
        if not re.search(r"[^\W\d_]", prep.text.low):
            if not prep.injected:
                return self._result([Unsupported(reason=pr.NOTHING_FOUND[lang == "fr"])], 0.3, notes, prep)
            reason = "That message holds only instruction-like text, which I do not act on."
            return self._result([Unsupported(reason=reason)], 0.9, notes, prep)
        if any(prep.text.search(pr.CONCEPTS[c]) for c in pr.OUTRANKING):
            return None  # "…before the Monday meeting, the pipeline please": a CRM request, not a calendar one
        for domain, pattern in pr.DOMAINS.items():
            m = prep.text.search(pattern)
            if m:
                notes.append(f"other domain: {m.group(0)!r}")
                reason = pr.OTHER_DOMAIN[lang == "fr"].format(domain=domain)
                return self._result([Unsupported(reason=reason)], 0.9, notes, prep)
        return None

    def _clauses(self, prep: pr.Prepared, lang: str, notes: list[str]) -> tuple[list[Intent], list[Clause]]:
        """Intents of each clause; a clause with none is carried into the next ("all good on INV-1, so post it")."""
        pieces = _split(prep.text)
        intents: list[Intent] = []
        read: list[Clause] = []
        start = 0
        for i, (_, end) in enumerate(pieces):
            period, rest = pr.find_period(prep.text.cut(start, end))
            clause = Clause(rest, prep.refs, period, not intents, len(pieces) == 1, lang, full=prep.text)
            intent = _first_match(clause)
            if intent is None and i < len(pieces) - 1:
                continue
            notes += clause.notes
            read.append(clause)
            if intent is not None:
                intents.append(intent)
            start = end
        return intents, read

    def _result(self, intents: list[Intent], base: float, notes: list[str], prep: pr.Prepared,
                unexplained: int = 0) -> ParseResult:  # fmt: skip
        defaults = sum(n.startswith("quantity defaulted") for n in notes)
        penalty = min(0.3, 0.1 * len(prep.typos)) + min(0.2, 0.1 * defaults) + min(0.25, 0.05 * unexplained)
        penalty += 0.1 if prep.injected else 0.0
        confidence = round(max(0.0, min(base, 1.0 - penalty)), 2)
        lang = "fr" if pr.language(prep.text) == "fr" else "en"
        return ParseResult(intents=intents, confidence=confidence, parser=self.name, notes=notes, lang=lang)


def _split(text: pr.Text) -> list[tuple[int, int]]:
    """Clause spans: cut before each separator + action verb."""
    cuts = [m.start() for m in pr.CLAUSE_SPLIT.finditer(text.low) if m.start() > 0]
    bounds = [0, *cuts, len(text.low)]
    return [(a, b) for a, b in itertools.pairwise(bounds) if b > a]


def _chain(intents: list[Intent]) -> list[Intent]:
    """Fold "…, confirm it and invoice it" into the first intent's ``then`` steps."""
    out: list[Intent] = []
    for intent in intents:
        prev = out[-1] if out else None
        step = pr.STEP_OF.get(intent.intent)
        if step == "confirm" and prev is not None and prev.intent in ("create_invoice", "invoice_order"):
            step = "post"  # "…and validate it" after an invoice: confirming an invoice is posting it
        ref = getattr(intent, "order", None) or getattr(intent, "invoice", None)
        allowed = pr.STEPS_ALLOWED.get(prev.intent, ()) if prev else ()
        if prev is not None and step in allowed and ref is None and step not in prev.then:  # type: ignore[union-attr]
            prev.then.append(step)  # type: ignore[union-attr]
            prev.then.extend(s for s in getattr(intent, "then", []) if s in allowed and s not in prev.then)  # type: ignore[union-attr]
            continue
        out.append(intent)
    return out
