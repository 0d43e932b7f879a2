"""Offline-parser rules for the website shop: publishing products, web orders and revenue."""

from __future__ import annotations

import re

from graphs.parsing.clause import Clause, clarify
from graphs.parsing.intents import (
    Intent,
    PublishProduct,
    WebsiteOrders,
    WebsiteRevenue,
)  # fmt: skip
from graphs.parsing.names import NAME_STOP, first_entity, quoted

__all__ = ["WEBSITE_RULES"]

_PUBLISH_WHAT = [re.compile(r"\b(?:publish|publie|publier|unpublish|depublie|depublier|take down|hide)\s+(?:the\s+)?"
                            r"(?:product\s+|produit\s+)?")]  # fmt: skip
_PUBLISH_STOP = re.compile(NAME_STOP.pattern + r"|\b(?:to|on|from|sur|du|off)\b")


# "put the Linen Apron on the webshop", "mets le Tabouret Oslo en ligne sur le site", "take X off the website"
_PUT_ON_SITE = re.compile(
    r"\b(?P<verb>put|add|list|mets|mettre|ajoute|take|retire|hide|remove|pull|cache)\s+(?P<what>.+?)\s+"
    r"(?P<where>online(?=\s+(?:in|on|at)\s)|(?:on|onto|to|off|from|sur|en|du|de)\s+"
    r"(?:the\s+|le\s+|la\s+|l'|our\s+|notre\s+)?(?:website|webshop|web shop|online shop|online store|e-?shop"
    r"|site(?:\s+web)?|boutique(?:\s+en\s+ligne)?|ligne))\b"
)


def _publish(c: Clause) -> Intent | None:
    put = c.text.search(_PUT_ON_SITE)
    if put and not c.has("order", "quote", "invoice"):
        name = c.text.raw[put.start("what") : put.end("what")].strip(" .,'\"")
        name = re.sub(r"^(?:the|le|la|les|l')\s*", "", name, flags=re.I)
        # "the new Chullo hat": "new" in lower case is no part of the name
        name = re.sub(r"^(?:new|nouvel|nouvelle|nouveau|our|notre)\s+", "", name)
        off = put.group("verb") in ("take", "retire", "hide", "remove", "pull", "cache") or put.group(
            "where"
        ).startswith(("off", "from", "du", "de "))
        return PublishProduct(product=name, published=not off)
    if not c.has("publish", "unpublish"):
        return None
    hit = quoted(c.text) or first_entity(c.text, _PUBLISH_WHAT, _PUBLISH_STOP)
    if hit is None:
        return clarify(c, "parser.to_publish_product", ["product"])
    return PublishProduct(product=hit.value, published=not c.has("unpublish"))


def _website(c: Clause) -> Intent | None:
    if not c.has("website"):
        return None
    # "how much did the shop make?"; but "how many orders", "combien de commandes" count orders
    how_much = re.search(
        r"\b(?:how much|combien)\b(?!\s+(?:de\s+|d')?(?:orders?|commandes?|cmds?|ventes?)\b)", c.text.low
    )
    if c.has("revenue") or (c.has("sale") and c.has("total")) or how_much:
        return WebsiteRevenue(period=c.period)
    return WebsiteOrders(period=c.period) if c.has("order", "sale") else None


WEBSITE_RULES = (
    _publish,
    _website,
)
