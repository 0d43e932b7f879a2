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


def _publish(c: Clause) -> Intent | None:
    if not c.has("publish", "unpublish"):
        return None
    hit = quoted(c.text) or first_entity(c.text, _PUBLISH_WHAT, _PUBLISH_STOP)
    if hit is None:
        return clarify(c, ("To publish the product", "Pour publier le produit"), ["product"])
    return PublishProduct(product=hit.value, published=not c.has("unpublish"))


def _website(c: Clause) -> Intent | None:
    if not c.has("website"):
        return None
    how_much = re.search(r"\b(?:how much|combien)\b", c.text.low)  # "how much did the shop make?"
    if c.has("revenue") or (c.has("sale") and c.has("total")) or how_much:
        return WebsiteRevenue(period=c.period)
    return WebsiteOrders(period=c.period) if c.has("order", "sale") else None


WEBSITE_RULES = (
    _publish,
    _website,
)
