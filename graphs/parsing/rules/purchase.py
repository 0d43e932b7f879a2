"""Offline-parser rules for purchases: create an RFQ for a vendor, confirm it, receive it, list, vendor history.

They run before the sales rules: "Confirm purchase order PO00123" is never a sales confirmation. A
message is about purchases when it names a purchase order (PO00123, P00007), says "purchase
order", "PO", "RFQ", "on order", or names a vendor/supplier.
"""

from __future__ import annotations

import re

from graphs.parsing.clause import Clause, clarify, lines_of
from graphs.parsing.intents import (
    ConfirmPurchase,
    CreatePurchase,
    Intent,
    ListPurchases,
    ReceivePurchase,
    VendorHistory,
)
from graphs.parsing.names import CUSTOMER_STOP, first_entity, order_lines

__all__ = ["PURCHASE_RULES"]

VENDOR_ANCHORS = [re.compile(p) for p in (
    r"\b(?:from|form|chez|aupres d[eu]|du fournisseur|de fournisseur)\s+",  # "form": the usual typo
    r"^\s*(?:po|rfq)\s+",
    r"\b(?:vendor|supplier|fournisseur)\s*:?\s+",
    # "PO to Delta Metals", "demande de prix à Plastiques Mercier": the vendor the document goes to
    r"\b(?:po|rfq|purchase order|demandes? de prix|commande fournisseur|bon de commande)\s+"
    r"(?:(?:over|out|across)\s+)?(?:to|with|on|a|à|pour|chez|avec)\s+|^\W*(?:order|commande)\s+"
    r"(?:to|with|a|à|pour|chez|avec)\s+"
    r"|\b(?:passe[rz]?|place[sd]?)\s+(?:une|an?)\s+(?:commande|order)\s+(?:à|a|with)\s+",
    r"\b(?:for|pour|of|with|avec|de)\s+",
)]  # fmt: skip
_HISTORY_VENDOR = [
    re.compile(r"\b(?:for|pour|of|with|avec|de|du)\s+"),
    re.compile(r"\b(?:has|have|did|does)\s+"),  # "how reliable has Labelworks Direct been …"
    re.compile(r"\b(?:history|historique)\s+"),
    re.compile(r"\b(?:is|est|are|sont)\s+"),
]
VENDOR_STOP = re.compile(CUSTOMER_STOP.pattern + r"|\b(?:as|comme|en tant que|been|ete|performed|done)\b")
_TERSE = re.compile(r"^\s*(?:po|rfq)\b")
_RFQ = re.compile(r"\b(?:rfqs?|demandes? de prix|request for quotation)\b")
_BUY = re.compile(r"\b(?:buy|order|purchase|achete[rz]?|commande[rz]?)\b")


_BUY_VERB = re.compile(r"\b(?:buy|achete[rz]?|acheter)\b")


# "order … from <Vendor>"; "Order to <Vendor> 12 …" opening the message: an order sent to someone is a purchase
_ORDER_FROM = re.compile(r"\b(?i:order|commande[rz]?)\b.*\b(?i:from|chez|auprès de)\s+[A-Z]"
                         r"|^\W*(?i:order|commande)\s+(?i:to|à)\s+[A-Z]"
                         # "passe une commande à Équipements Lapierre", "place an order with Hira Mills"
                         r"|\b(?i:passe[rz]?|place[sd]?)\s+(?i:une|an?)\s+(?i:commande|order)\s+(?i:à|with)"
                         r"\s+[A-ZÀ-Ý]")  # fmt: skip


def _is_purchase(c: Clause) -> bool:
    """Purchase words, a PO number, "buy", or "order … from <Vendor>" (a customer never sells us anything)."""
    return (c.has("purchase", "vendor") or c.ref("purchase") is not None or c.text.search(_BUY_VERB) is not None
            or _ORDER_FROM.search(c.text.raw) is not None)  # fmt: skip


def _vendor_history(c: Clause) -> Intent | None:
    # "how reliable has Labelworks Direct been with deliveries?": a supplier judged by what it delivered
    delivered = bool(re.search(r"\b(?:deliver\w*|livr\w*|shipments?)\b", c.text.low))
    # "how reliable has TD Synnex been for us?": how dependable someone has been is asked of a supplier, unless
    # it is about paying (a customer's)
    delivered = delivered or bool(
        re.search(r"\b(?:reliable|reliability|dependable|fiables?|fiabilite|on[- ]time|ponctu\w*)\b", c.text.low)
        and not c.has("invoice", "payment", "unpaid")
    )
    if not c.has("history") or not (_is_purchase(c) or delivered):
        return None
    hit = first_entity(c.text, _HISTORY_VENDOR, VENDOR_STOP, capitalised=True)
    return VendorHistory(vendor=hit.value) if hit else clarify(c, "parser.for_vendor_history", ["vendor"])


_THE_GOODS = re.compile(
    r"\b(?:the|les?|la)\s+(?:goods|items|stock|delivery|shipment|marchandises?|livraison|articles)\b"
)


def _receive(c: Clause) -> Intent | None:
    follow_up = c.follows_up()  # "…, confirm it and receive it", "…, puis confirme-la et réceptionne"
    # "Confirm PO P00152 and receive the goods": the goods of the record before
    follow_up = follow_up or (not c.first and c.text.search(_THE_GOODS) is not None)
    if not c.has("receive") or (c.has("list") and not c.ref("purchase")) or not (_is_purchase(c) or follow_up):
        return None
    return ReceivePurchase(purchase=c.ref("purchase", "any"))


def _confirm(c: Clause) -> Intent | None:
    if not c.has("confirm") or not _is_purchase(c):
        return None
    return ConfirmPurchase(purchase=c.ref("purchase", "any"))


def _create(c: Clause) -> Intent | None:
    if not _is_purchase(c) or c.ref("purchase") or c.has("list", "history", "pending", "overdue"):
        return None
    if not (c.has("create", "add") or c.text.search(_BUY) or c.text.search(_RFQ) or c.text.search(_TERSE)):
        return None
    hit = first_entity(c.text, VENDOR_ANCHORS[:1], VENDOR_STOP) or first_entity(
        c.text, VENDOR_ANCHORS[1:4], VENDOR_STOP, capitalised=True
    )
    rest = c.text.blank(hit.start, hit.end) if hit else c.text
    lines = lines_of(c, order_lines(rest))
    if hit is None and not lines and not c.has("create"):
        return None
    missing = [m for m, v in (("vendor", hit), ("lines", lines)) if not v]
    if missing or hit is None:  # hit is None only when "vendor" is missing
        return clarify(c, "parser.to_create_purchase_order", missing)
    return CreatePurchase(vendor=hit.value, lines=lines)


def _list(c: Clause) -> Intent | None:
    # "what's late from suppliers?": what suppliers still owe us is the late purchase orders (not their bills)
    late_from_vendors = c.has("vendor") and c.has("overdue") and not c.has("invoice", "unpaid", "payment")
    if not (c.has("purchase") or late_from_vendors) or c.has("create"):
        return None
    if re.search(r"\b(?:send|e-?mail|envoie[rz]?|envoyer)\b", c.text.low) and not c.has("list"):
        return None  # "…, send them the RFQ": sending it (not a tool yet), never a list of them
    state = ("late" if c.has("overdue") else "rfq" if c.text.search(_RFQ) else "pending" if c.has("pending")
             else "cancel" if c.has("cancel_state") else "purchase" if c.has("sale_state") else None)  # fmt: skip
    hit = first_entity(c.text, VENDOR_ANCHORS, VENDOR_STOP, capitalised=True)
    if not (state or hit or c.has("list")):
        return None
    return ListPurchases(state=state, vendor=hit.value if hit else None)


PURCHASE_RULES = (_vendor_history, _receive, _confirm, _create, _list)
