"""Offline-parser rules for stock moves and product prices: validating a delivery or a receipt, and changing a
product's sales price.

They run before the other domains' rules: a transfer reference (WH/OUT/00012) or "the price of X to 24" is
never a sales order's confirmation or a quotation.
"""

from __future__ import annotations

import re

from graphs.parsing.clause import Clause, clarify
from graphs.parsing.intents import Intent, SetProductPrice, ValidatePicking
from graphs.parsing.vocabulary import MAKING_PRODUCT

__all__ = ["INVENTORY_RULES"]

_VALIDATE = re.compile(r"\b(?:validate|valide[rz]?|process|ship|complete|done|traite[rz]?|expedie[rz]?|cloture[rz]?)\b")
# "the price of Linen Apron to 24.90", "le prix du Tabouret Oslo à 1250"
_PRICE_OF = re.compile(
    r"\b(?:price|prix|tarif)(?:\s+de\s+vente)?\s+(?:of|on|for|du|de\s+la|de\s+l'|des|de|d')\s*(?:the\s+|le\s+|la\s+|l')?"
    r"(?P<name>.+?)\s+(?:" + r"(?:goes|go|went|moves?|changes?|rises?|falls?|drops?|jumps?|increases?|decreases?"
    r"|becomes?|should\s+be|will\s+be|must\s+be|devient|baisse|augmente|descend)\s+)?"  # "… goes to 640"
    r"(?:passe\s+(?:a|à)|(?:up\s+|down\s+)?to|at|à|a|=|:|is now|est maintenant)\s*¤?"
    r"(?P<price>\d+(?:\.\d+)?)"
)
# "Oak Side Table now sells for ¤1150", "le Post Box passe à ¤32.9", "new price for Linen Apron: 24.9"
_SELLS_FOR = re.compile(
    r"^\W*(?:the\s+|le\s+|la\s+|l')?(?P<name>.+?)\s+(?:now\s+)?(?:sells\s+for|is\s+now|costs\s+now|passe\s+a|passe\s+à"
    r"|se\s+vend\s+(?:maintenant\s+)?a|se\s+vend\s+(?:maintenant\s+)?à)\s*(?P<money>¤)?(?P<price>\d+(?:\.\d+)?)"
)
# "bump the Fast Track Tyre to 36.90", "put the Oak Stool up to 49", "baisse le Pot Miel à 7,50": a product whose
# price goes up or down (only where no order, quotation or invoice is named: _price checks)
_BUMP_PRICE = re.compile(
    r"^\W*(?:bump|raise|increase|put|drop|lower|reduce|cut|augmente|baisse|monte|descends?)\s+"
    r"(?:the\s+price\s+of\s+|le\s+prix\s+(?:du|de\s+la|de\s+l'|des|de)\s*)?(?:the\s+|le\s+|la\s+|l')?"
    r"(?P<name>[^\W\d_].+?)\s+(?:up\s+|down\s+)?(?:to|à|a)\s*¤?(?P<price>\d+(?:\.\d+)?)\s*[.!]?\s*$"
)
_NEW_PRICE = re.compile(
    r"\b(?:new\s+price|nouveau\s+prix)(?:\s+de\s+vente)?\s+(?:for|of|pour|du|de)\s+(?:the\s+|le\s+|la\s+|l')?"
    r"(?P<name>.+?)\s*(?::|=|is|c'est|est|to|à)\s*¤?(?P<price>\d+(?:\.\d+)?)"
)


def _picking(c: Clause) -> Intent | None:
    """ "validate WH/OUT/00087", "validate the delivery for S00142", "valide la livraison de la commande S00158"."""
    ref = c.ref("picking")
    if ref is not None and (c.text.search(_VALIDATE) or c.has("receive", "confirm")):
        return ValidatePicking(picking=ref)
    if ref is None and c.has("delivery") and c.text.search(_VALIDATE) and not c.has("invoice", "list"):
        return ValidatePicking(picking=c.ref("order", "purchase"))
    return None


def _price(c: Clause) -> Intent | None:
    """A product's new sales price: never while a quotation, an order or an invoice is being made."""
    if c.has("quote", "invoice", "order", "purchase", "list", "search") or c.ref("order", "invoice", "purchase"):
        return None
    if c.text.search(MAKING_PRODUCT):  # the new product's own price: _new_product reads it
        return None
    m = c.text.search(_PRICE_OF) or c.text.search(_NEW_PRICE) or c.text.search(_BUMP_PRICE)
    if m is None:
        m = c.text.search(_SELLS_FOR)
        if m is None or not (m.group("money") or c.has("price_word") or "." in m.group("price")):
            return None
    name = c.text.raw[m.start("name") : m.end("name")].strip(" .,'\"")
    if not name or name.lower() in ("it", "this", "that", "ça", "le", "la"):
        return clarify(c, "parser.to_change_price", ["product"])
    return SetProductPrice(product=name, price=float(m.group("price")))


INVENTORY_RULES = (_picking, _price)
