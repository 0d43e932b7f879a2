"""Offline-parser rules of the order-to-cash flow: quotations and orders, their invoices and payments, and
the product and stock questions that go with them (the seed connector's first domain).

They stay in one module because their matching order interleaves the three ("remind" and "pdf" before
"invoice", stock questions before "quote"): split, the order would have to be spelled out rule by rule.
"""

from __future__ import annotations

import re

from graphs.parsing.clause import Clause, Rule, clarify, lines_of
from graphs.parsing.intents import (
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
    OrderStatus,
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
from graphs.parsing.names import (
    ADD_PRODUCT_ANCHORS,
    CUSTOMER_ANCHORS,
    CUSTOMER_STOP,
    LINE_STOP,
    LIST_CUSTOMER_ANCHORS,
    NAME_STOP,
    NAMED_CUSTOMER_ANCHORS,
    PACKING_ONLY,
    PRODUCT_NAME_ANCHORS,
    PRODUCT_STOP,
    REORDER_PRODUCT_ANCHORS,
    REORDER_STOP,
    SEARCH_TEXT_ANCHORS,
    STOCK_PRODUCT_ANCHORS,
    Hit,
    LineGuess,
    anchors,
    entity_at,
    first_entity,
    order_lines,
    product_after,
    quoted,
)
from graphs.parsing.numbers import (
    CORRECTION,
    INSTEAD,
    MIN_QTY,
    PAYMENT_AMOUNT,
    PRICE,
    THRESHOLD,
    find_amount,
    min_max,
    number_after,
)
from graphs.parsing.questions import (
    NO_INVOICE_LIST,
    QUOTATION,
    REORDER,
)
from graphs.parsing.split import MORE
from graphs.parsing.text import fold
from graphs.parsing.vocabulary import EXPLAINED_WORDS, FILLER_WORDS, MAKING_PRODUCT, kind_of
from odoo_tools.i18n import say

__all__ = ["SALES_RULES"]


def _customer_and_lines(c: Clause) -> tuple[str | None, list[Line]]:
    """The customer phrase, then the lines read from the rest (so a customer's words are no product)."""
    hit = first_entity(c.text, CUSTOMER_ANCHORS, CUSTOMER_STOP) or first_entity(
        c.text, _TO_THE_NAMED, CUSTOMER_STOP, capitalised=True
    )
    rest = c.text.blank(hit.start, hit.end) if hit else c.text
    return (hit.value if hit else None), lines_of(c, order_lines(rest))


# "une facture à la Criée de Roscoff": the customer after its article, when a capital says it is a name
_TO_THE_NAMED = anchors(r"\b(?:devis|facture[rz]?)\s+(?:(?:à|a|au nom de|pour)\s+)?(?=(?:la|le|l')\s*)")


def _document(c: Clause, kind: type[CreateQuotation] | type[CreateInvoice], customer: str | None,
              lines: list[Line], what: str, what_for: str) -> Intent:  # fmt: skip
    """``what`` and ``what_for`` (catalog keys) say what the question is for, without and with the customer."""
    missing = [m for m, v in (("customer", customer), ("lines", lines)) if not v]
    if missing:
        # Clarify has no customer slot: keep what was read in the question, so the answer can build on it.
        return clarify(c, what_for if customer else what, missing, customer=customer)
    return kind(customer=customer, lines=lines)


# "Does Sun Ridge Farms still have unpaid invoices?", "Est-ce que Garage Kerné a des factures en retard ?": the
# party a question opens on, between its auxiliary and its lower-case verb
_ASKED_ABOUT = re.compile(
    r"^\W*(?:(?i:does|do|did|has|have|is|are|will)\s+|(?i:est-ce\s+qu(?:e\s+|'\s*)))"
    r"(?P<who>(?!(?:I|We|You|They|He|She|It|Il|Elle|Ils|On|Nous|Vous|There|This|That|These|Those|Any|All|Our"
    r"|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b)[A-Z][\w&'.-]*"
    r"(?:\s+(?:&|and|of|de|du|des|la|le|[A-Z0-9][\w&'.-]*)){0,4}?)\s+(?=[a-zà-ÿ])"
)


# A party named first, then spoken of as "they" ("Harbour Books, do they still owe us?")
_NAMED_FIRST = re.compile(
    r"^\W*(?P<who>[A-ZÀ-ÝÑ][\w&'.-]*(?:\s+(?:&|and|de|du|des|la|le|[A-ZÀ-ÝÑ0-9][\w&'.-]*)){0,4}),\s"
)
_THEY = re.compile(r"\b(?:they|them|their|ils|elles|leurs?)\b")


def _a_name(words: str) -> bool:
    """Not a greeting or a word the parser knows ("Hi", "Bonjour", "Sorry"): a name."""
    folded = re.findall(r"[^\W\d_]+", fold(words))
    return bool(folded) and not all(w in EXPLAINED_WORDS or w in FILLER_WORDS for w in folded)


def _list_customer(c: Clause) -> str | None:
    hit = first_entity(c.text, NAMED_CUSTOMER_ANCHORS, CUSTOMER_STOP) or first_entity(
        c.text, LIST_CUSTOMER_ANCHORS, CUSTOMER_STOP, capitalised=True
    )
    if hit is None and (asked := _ASKED_ABOUT.match(c.text.raw)) and _a_name(asked.group("who")):
        return asked.group("who")
    said_first = _NAMED_FIRST.match(c.full.raw) if c.full is not None and hit is None else None
    if said_first and c.text.search(_THEY) and _a_name(said_first.group("who")):
        return said_first.group("who")  # "Distribuidora Ñuble, they paid already? show me what they owe"
    return hit.value if hit else None


def _reminder(c: Clause) -> Intent | None:
    return SendPaymentReminder(invoice=c.ref("invoice", "any")) if c.has("remind") else None


def _pdf(c: Clause) -> Intent | None:
    invoice = c.ref("invoice", "any")
    return InvoicePdf(invoice=invoice) if c.has("pdf") and (invoice or c.has("invoice")) else None


# "Orion paid 1,200 on their last invoice", "they paid 500 on it", "we got 1,250 from Sunrise Bakery": money in
# "sent €480 by bank transfer", "reçu un virement de 1 250 €", "a cheque for 300 came in": the means may be said
_PAID_AMOUNT = re.compile(
    r"\b(?:paid|payed|paye|regle|got|received|recu|encaisse|sent|transferred|a\s+verse)\s+(?:us\s+|nous\s+)?"
    r"(?:(?:a|an|un|une)\s+)?(?:(?:bank\s+)?(?:transfer|payment|cheque|check|wire|virement|paiement)\s+(?:of|de|for)\s+)?"
    r"¤?(?P<n>\d+(?:\.\d+)?)"
    r"|\b(?:virement|transfer|wire|cheque|check)\s+(?:bancaire\s+)?(?:of|de|for)\s+¤?(?P<m>\d+(?:\.\d+)?)"
    # "got a check from Yellow Rose Realty for $3,200": the payer between the means and the amount
    r"|\b(?:virement|transfer|wire|cheque|check|payment|paiement)\s+(?:bancaire\s+)?(?:from|de la part de|de chez)\s+"
    r"[^,;:¤\d]{1,40}?\s+(?:of|de|for)\s+¤?(?P<k>\d+(?:\.\d+)?)"
)
_PAYER = re.compile(r"^\W*(?P<who>[A-Z][\w&'.-]*(?:\s+(?:&|and|[A-Z0-9][\w&'.-]*)){0,3})\s+(?:just\s+|has\s+|have\s+)?"
                    r"(?:paid|payed|sent|transferred|(?:nous\s+)?a\s+(?:pay[ée]|r[ée]gl[ée]|vers[ée]))\b")  # fmt: skip
_FROM_PAYER = re.compile(r"\b(?:from|de la part de|de chez)\s+(?P<who>[A-Z][\w&'.-]*(?:\s+[A-Z0-9][\w&'.-]*){0,3})")


def _payment(c: Clause) -> Intent | None:
    paid = c.text.search(_PAID_AMOUNT)
    if not (c.has("payment") or paid) or c.has("unpaid"):
        return None
    said = (find_amount(c.text), number_after(c.text, PAYMENT_AMOUNT),
            float(paid.group("n") or paid.group("m") or paid.group("k")) if paid else None)  # fmt: skip
    amount = next((a for a in said if a is not None), None)  # 0 is said too: the model refuses it
    invoice = c.ref("invoice", "any")
    if invoice is None and amount is not None:  # the payer names whose invoice it pays (the graph finds it)
        payer = _PAYER.search(c.said) or (_FROM_PAYER.search(c.said) if paid else None)
        invoice = payer.group("who") if payer and payer.group("who").lower() not in ("they", "we", "ils") else None
    return RegisterPayment(invoice=invoice, amount=amount) if invoice or amount or c.has("register") else None


def _unpaid(c: Clause) -> Intent | None:
    if not c.has("unpaid", "overdue") or (c.has("order", "quote") and not c.has("invoice")):
        return None
    return ListUnpaidInvoices(overdue_only=c.has("overdue"), customer=_list_customer(c))


# "keep between 20 and 60 X in stock", "set min 20 max 60 on X": a reorder rule said by its two quantities
_MIN_AND_MAX = re.compile(r"\b(?:keep|garde[rz]?|have|avoir)\s+(?:between|entre)\s+\d+(?:\.\d+)?\s+(?:and|et)\s+\d"
                          r"|\bmin(?:imum|i)?\s+\d+(?:\.\d+)?\s*,?\s*(?:and\s+|et\s+)?max(?:imum|i)?\s+\d")  # fmt: skip


def _reorder(c: Clause) -> Intent | None:
    reorder = c.has("reorder") or c.text.search(_MIN_AND_MAX)
    if not reorder or MAKING_PRODUCT.search(c.text.low):  # a new product's minimum: _new_product
        return None
    hit = first_entity(c.text, REORDER_PRODUCT_ANCHORS, REORDER_STOP)
    rest = c.text.blank(hit.start, hit.end) if hit else c.text
    low, high = min_max(rest)
    if hit is None and low is None:
        return LowStockReport() if c.has("product") else clarify(c, REORDER, ["product", "min_qty"])
    if hit is None or low is None:
        return clarify(c, REORDER, ["product"] if hit is None else ["min_qty"])
    return SetReorderRule(product=hit.value, min_qty=low, max_qty=high)


# "…if missing", "if it does not exist yet", "if it isn't there", "s'il n'existe pas encore"
_IF_MISSING = re.compile(
    r"\b(?:if|si|s'il|s'ils|in case)\s+(?:(?:it|they|one|there|that|ca|il|elle)\s+)?(?:'?s\s+|is\s+|are\s+)?"
    r"(?:missing|absent|needed|not there|isn'?t there|is not there|aren'?t there|not (?:yet )?(?:there|created|set up)"
    r"|does\s*n[o']t (?:yet |already )?exist|do\s*n[o']t (?:yet |already )?exist|not (?:yet )?exist|doesn'?t exist"
    r"|n'existe (?:pas|plus)|manque|n'y est pas)"
)


# "new product Grip Tape TO 63, sells at 8.50", "Raccord Laiton 20/27, prix 4,20": a number closing the new name
_NUMBER_CLOSING = re.compile(r"\s+\d+(?:[.,/]\d+)*(?=\s*(?:,|$|(?:at|à|for|pour)\s+¤?\d))")


def _new_product(c: Clause) -> Intent | None:
    if not c.has("create", "add") or not (c.has("product") or kind_of(c.text)) or c.has("quote", "invoice", "order"):
        return None
    if c.ref("order", "invoice", "any") or (not c.first and c.text.search(_IF_MISSING)):
        return None  # "…, create the product if missing": a modifier of the clause before (a BoM, an RFQ)
    hit = quoted(c.text) or first_entity(c.text, PRODUCT_NAME_ANCHORS, NAME_STOP)
    if hit is None:
        return clarify(c, "parser.to_create_product", ["name"])
    closing = _NUMBER_CLOSING.match(c.text.raw, hit.end)
    if closing and re.search(r"\d", c.text.raw[closing.end() :]):  # its price is said after: the number is the name's
        hit = Hit(c.text.raw[hit.start : closing.end()], hit.start, closing.end())
    rest = c.text.blank(hit.start, hit.end)
    price = find_amount(rest) or number_after(rest, PRICE)
    return CreateProduct(name=hit.value, list_price=price, kind=kind_of(c.text), min_qty=number_after(rest, MIN_QTY))


def _below(c: Clause) -> Intent | None:
    threshold = number_after(c.text, THRESHOLD)
    counted = re.search(r"\b(?:units?|unites?|pcs|pieces|shel(?:f|ves)|rayons?|left)\b", c.text.low)  # counts of stock
    if threshold is None or not (c.has("stock", "product") or counted):
        return None
    return ProductsBelowThreshold(threshold=threshold)


def _low(c: Clause) -> Intent | None:
    # "what's running low?" alone asks about stock; beside another subject it is that subject's
    alone = (c.whole or not c.first) and re.search(
        r"\b(?:running low|running out|getting low|en rupture)\b", c.text.low
    )
    return LowStockReport() if c.has("low") and (c.has("stock", "product") or alone) else None


_A_LEVEL = re.compile(r"\b(?:min|max|mini|maxi|minimum|maximum|at least|au moins|reorder|seuil|threshold)\b")


def _stock(c: Clause) -> Intent | None:
    if not c.has("stock"):
        return None
    # "min stock for Rope 12": a number after the product sets a level; in a plain question it closes the name
    stop = REORDER_STOP if c.text.search(_A_LEVEL) else PRODUCT_STOP
    hit = first_entity(c.text, STOCK_PRODUCT_ANCHORS, stop) or entity_at(c.text, 0, stop)
    if hit and PACKING_ONLY.fullmatch(fold(hit.value)):  # "… gloves size M? How many boxes are left?"
        hit = first_entity(c.text.blank(hit.start, hit.end), STOCK_PRODUCT_ANCHORS, PRODUCT_STOP) or hit
    if (hit and hit.value[0].isupper()) or (hit and hit.start > 0):
        # "how many Esse 100s": the plural of a model number is the model
        return StockLevel(product=re.sub(r"(?<=\s\d)(\d*)s$", r"\1", hit.value))
    if c.has("order", "quote", "invoice"):
        return None  # "how many orders do we have": not a stock question
    return clarify(c, "parser.to_check_stock", ["product"])


def _revenue(c: Clause) -> Intent | None:
    sales_in_period = c.has("sale") and c.period and not c.has("order", "quote")  # "ventes de la semaine dernière"
    abbreviation = re.search(r"\bCA\b", c.text.raw)  # French "chiffre d'affaires"; upper case, unlike "ça"
    if not (c.has("revenue") or (c.has("total") and c.has("sale")) or sales_in_period or abbreviation):
        return None
    group = "customer" if c.has("group_customer") else "salesperson" if c.has("group_salesperson") else None
    return SalesTotals(period=c.period, group_by=group)


_SEARCHED_AFTER = [re.compile(r"\b(?:products?|produits?|articles?)\s+(?:(?:de|du|des|for|pour)\s+)?")]


def _search_products(c: Clause) -> Intent | None:
    kind = kind_of(c.text)
    # A kind alone ("services?") asks for a list only as the whole message: beside another request it is that
    # request's subject ("the goods just arrived, receive it", "…, crée le service s'il n'existe pas").
    if not (kind or c.has("product")) or not (c.has("search", "list") or (kind and c.whole)):
        return None
    hit = first_entity(c.text, SEARCH_TEXT_ANCHORS, NAME_STOP) or quoted(c.text)
    if hit is None and c.has("search"):  # "cherche les produits snowboard", "search products lamp"
        hit = first_entity(c.text, _SEARCHED_AFTER, NAME_STOP)
    return SearchProducts(text=hit.value if hit else None, kind=kind)


def _new_quotation(c: Clause) -> Intent | None:
    if not c.has("quote"):
        return None
    customer, lines = _customer_and_lines(c)
    quote_verb = re.match(r"\s*(?:quote|devis)\b", c.text.low) is not None  # "quote Rocky: Rock"
    if (lines and (customer or c.has("create"))) or (customer and quote_verb):
        return _document(c, CreateQuotation, customer, lines, QUOTATION, "parser.to_create_quotation_for")
    if c.has("create") and not c.has("list"):
        return _document(c, CreateQuotation, customer, lines, QUOTATION, "parser.to_create_quotation_for")
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
        return InvoicePdf(invoice=invoice) if invoice else Unsupported(reason=say(NO_INVOICE_LIST, c.lang))
    customer, lines = _customer_and_lines(c)
    if customer or lines or (c.has("create") and c.first):
        return _document(c, CreateInvoice, customer, lines, "parser.to_create_invoice", "parser.to_create_invoice_for")
    return InvoiceOrder(order=None)  # "invoice it", "and create the invoice": the order just used


def _post(c: Clause) -> Intent | None:
    return PostInvoice(invoice=c.ref("invoice", "any")) if c.has("post") else None


def _confirm(c: Clause) -> Intent | None:
    # "… ensuite tu le confirmes", "… et tu confirmes": the verb said to "tu"/"vous" (not "les devis confirmés")
    said_to = re.search(r"\b(?:le|la|les|l'|tu|vous)\s*(?:confirmes|confirmez|valides|validez)\b", c.text.low)
    if not (c.has("confirm") or said_to):
        return None
    invoice, order = c.ref("invoice"), c.ref("order", "any")
    return PostInvoice(invoice=invoice) if invoice and not order else ConfirmOrder(order=order)


def _cancel(c: Clause) -> Intent | None:
    if not c.has("cancel"):
        return None
    if c.has("invoice") or c.ref("invoice"):
        return Unsupported(reason=say("parser.no_invoice_cancel", c.lang))
    return CancelOrder(order=c.ref("order", "any"))


def _status(c: Clause) -> Intent | None:
    return OrderStatus(order=c.ref("order", "any")) if c.has("status") else None


# "actually make it 9", "change the quantity to 9", "en fait mets-en 9", "passe la quantité à 9".
_SET_QTY = re.compile(
    r"\b(?:make it|make that|change (?:it|that|the quantity|the qty) to|set (?:it|the quantity|the qty) to|"
    r"mets[- ]en|passe(?: la quantite)? a|change la quantite (?:a|en)|la quantite a)\s+(\d+(?:[.,]\d+)?)\b"
)


# "change the Oak Chair qty on S00417 to 14", "passe la quantité de Tabouret Oslo à 6": a line's quantity word
_LINE_QTY = re.compile(
    r"\b(?:change|set|update|make|modify|bump|reduce|increase|lower|raise|mets|passe|modifie|change)\b"
    r"(?P<what>[^.;!?]{0,60}?)\b(?:qty|quantity|quantite|units?|unites?)\b(?P<where>[^.;!?]{0,40}?)"
    r"\b(?:to|a|à|en)\s+(?P<n>\d+(?:[.,]\d+)?)\b"
)
_LINE_PRODUCT = re.compile(r"^\s*(?:the|le|la|les|l'|de|du|des|d'|of|for)?\s*(?P<p>[A-Z][^,;]*?)\s*(?:'s)?\s*$")


# "make it 12 Light Kit 400 lumen, not 10", "c'est 15 Table ronde 180 cm, pas 12": a correction says both numbers
_CORRECTED = re.compile(
    rf"(?<![\w.§¤])(?P<n>\d+(?:\.\d+)?)\s+(?P<p>[^\W\d_][^,;]*?)\s*,?\s*\b{CORRECTION}\s+(?:the\s+|les\s+)?"
    r"\d+(?:\.\d+)?\b"
)


# "… the batteries 3 not 2", "… les croissants à 40, pas 30": the number said first is the one meant
_MAKE_THE_LINE = re.compile(r"\b(?:make|change|set|mets|passe)\s+(?:the|les|le|la)\s+(?P<p>[^\W\d_][^,;]*?)\s+"
                            rf"(?:to\s+|a\s+|à\s+)?(?P<n>\d+)(?:\s*,?\s*{CORRECTION}\s+\d+)?"
                            # "… to 72 bottles": the unit or the container the quantity counts in
                            r"(?:\s+(?:units?|pcs|pieces?|bottles|boxes|cases|kegs|bags|sacks|cartons|unites|bouteilles"
                            r"|caisses|sacs|boites))?\s*[.!]?\s*$")  # fmt: skip


_ARTICLE_FIRST = re.compile(r"^(?:du|de la|de l'|des|de|d'|the|of the|of)\s*(?=[^\W\d_])")
_INSTEAD_AT_END = re.compile(r"\s+(?:instead|plut[oô]t|rather|then|alors)$")


def _goods_after(c: Clause, at: int) -> str | None:
    """ "make that 6 kegs of Blonde 20L instead": the line named after the new quantity (none in "make it 9")."""
    product, _ = product_after(c.text, at)
    product = _ARTICLE_FIRST.sub("", product) if product else None  # "mets-en 60 du sirop ambré"
    product = _INSTEAD_AT_END.sub("", product) if product else None
    words = re.findall(r"[^\W\d_]+", fold(product or ""))
    if not words or all(w in EXPLAINED_WORDS or w in FILLER_WORDS for w in words):
        return None
    return product


def _set_qty(c: Clause) -> Intent | None:
    corrected = c.text.search(_CORRECTED)
    instead = re.search(rf"\b{INSTEAD}\b", c.text.low)
    if corrected and (c.ref("order", "any") or c.text.search(_SET_QTY) or instead):
        product: str | None = c.text.raw[corrected.start("p") : corrected.end("p")].strip()
        return SetQuantity(order=c.ref("order", "any"), product=product, qty=float(corrected.group("n")))
    match = c.text.search(_SET_QTY)
    if match and "." in match.group(1) and "passe" in match.group(0):
        return None  # "le Miel 500g passe à 14,90": a price going up, not a quantity
    if match:
        return SetQuantity(order=c.ref("order", "any"), product=_goods_after(c, match.end(1)),
                           qty=float(match.group(1).replace(",", ".")))  # fmt: skip
    line = c.text.search(_LINE_QTY)
    the_line = c.text.search(_MAKE_THE_LINE)  # "actually make the saddles 6": the line named, then its quantity
    if line is None and the_line and not c.has("quote", "invoice", "purchase", "mo", "product"):
        product = c.text.raw[the_line.start("p") : the_line.end("p")].strip()
        return SetQuantity(order=c.ref("order", "any"), product=product, qty=float(the_line.group("n")))
    if line is None:
        return None
    product = None
    for group in ("what", "where"):
        said = re.sub(r"\s+(?:on|sur|in|dans|for|pour)\b.*$", "", c.text.raw[line.start(group) : line.end(group)])
        named = _LINE_PRODUCT.match(said)
        if named and "§" not in named.group("p"):
            product = named.group("p").strip()
            break
    return SetQuantity(order=c.ref("order", "any"), product=product, qty=float(line.group("n").replace(",", ".")))


def _add_lines(c: Clause) -> Intent | None:
    if not (c.has("add") or c.text.search(MORE)):
        return None
    lines = lines_of(c, order_lines(c.text))
    if not lines:
        hit = first_entity(c.text, ADD_PRODUCT_ANCHORS, LINE_STOP)
        lines = lines_of(c, [LineGuess(hit.value, 1, qty_said=False)]) if hit else []
    if not lines:  # in a longer message, "put something in …" may be a preamble the next sentence explains
        return clarify(c, "parser.to_add_to_order", ["lines"]) if c.whole else None
    return AddLines(order=c.ref("order", "any"), lines=lines)


def _state(c: Clause) -> str | None:
    states = (("quote", "quotation"), ("draft", "draft"), ("sent_state", "sent"), ("cancel_state", "cancel"),
              ("sale_state", "sale"))  # fmt: skip
    return next((state for concept, state in states if c.has(concept)), None)


def _quotes(c: Clause) -> Intent | None:
    if not c.has("quote"):
        return None
    every = re.search(
        r"\b(?:all|every|tous|toutes)\s+(?:the\s+|our\s+|les\s+|nos\s+)?(?:quotes|quotations|devis)\b", c.text.low
    )  # "all quotations of X": a list, never a new one
    if every or c.has("list") or c.period or c.has("draft", "sent_state", "sale_state", "cancel_state"):
        # "quotes sent this week", "les devis envoyés": sent ones; "draft quotes", "devis en brouillon": the ones not
        # sent yet (Odoo's draft state); "quotes", "open quotations": both
        if order := c.ref("order"):  # "SO0412 is still a quotation?": one order's state, not a list
            return OrderStatus(order=order)
        states = (("sent_state", "sent"), ("cancel_state", "cancel"), ("draft", "draft"))
        state = next((s for concept, s in states if c.has(concept)), "quotation")
        return ListOrders(state=state, customer=_list_customer(c), period=c.period)
    if (order := c.ref("order")) and c.text.low.rstrip().endswith("?"):  # "is SO12 still a quote?"
        return OrderStatus(order=order)
    return clarify(c, QUOTATION, ["customer", "lines"])


def _list_orders(c: Clause) -> Intent | None:
    if not c.has("order", "sale_state"):
        return None
    if c.ref("order"):  # "is SO42 confirmed yet?", "did SO42 get confirmed?": about one order, never a list
        return OrderStatus(order=c.ref("order"))
    customer = _list_customer(c)
    if not (c.has("list") or c.period or customer or _state(c)):
        return None
    return ListOrders(state=_state(c), customer=customer, period=c.period)


def _bare_ref(c: Clause) -> Intent | None:
    """A message about an order number that nothing else matched ("SO42?"): its status."""
    order = c.ref("order")
    return OrderStatus(order=order) if c.whole and order else None


SALES_RULES: tuple[Rule, ...] = (
    _reminder, _pdf, _payment, _unpaid, _reorder, _new_product, _below, _low, _stock, _revenue,
    _search_products, _new_quotation, _invoice, _post, _confirm, _cancel, _status, _set_qty, _add_lines, _quotes,
    _list_orders, _bare_ref,
)  # fmt: skip
