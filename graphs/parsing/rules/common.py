"""Rules tried before any domain's: "more" (the next page), a request not to act, deletes and one verb over
"all" documents (refused, with a way forward)."""

from __future__ import annotations

import re

from graphs.parsing.clause import Clause, Rule
from graphs.parsing.intents import (
    Intent,
    NextPage,
    Unsupported,
)  # fmt: skip
from graphs.parsing.questions import (
    BULK_REASON,
    DELETE_REASON,
    NEGATED_REASON,
)
from graphs.parsing.split import DELETE, EVERY, NEGATED

__all__ = ["COMMON_RULES"]


_NEXT_PAGE = re.compile(
    r"^\W*(?:(?:show|give)\s+(?:me\s+)?)?(?:more|next|next page|the rest|more results|"
    r"la suite|page suivante|(?:montre|affiche)[- ]moi la suite|plus de resultats|suivant)\W*$"
)


def _next_page(c: Clause) -> Intent | None:
    return NextPage() if c.whole and c.text.search(_NEXT_PAGE) else None


def _negated(c: Clause) -> Intent | None:
    return Unsupported(reason=NEGATED_REASON[c.lang == "fr"]) if c.text.search(NEGATED) else None


def _delete_or_bulk(c: Clause) -> Intent | None:
    """ "delete the customer X", "supprime toutes les factures", "confirm all quotations": refused, said why."""
    every = c.text.search(EVERY) is not None and not c.has("list", "search")
    if c.text.search(DELETE):
        names_order = c.has("order", "quote") or c.ref("order", "any") is not None
        other = re.search(r"\b(?:customer|client|contact|partner|vendor|supplier|fournisseur)s?\b", c.text.low)
        it = re.search(r"\bit\b|\bthat one\b|-(?:le|la)\b", c.text.low) and not (other or c.has("product", "invoice"))
        if every or not (names_order or it):  # "supprime-le" after a quotation: cancel it (with approval)
            return Unsupported(reason=DELETE_REASON[c.lang == "fr"])
    if every and c.has("confirm", "cancel", "post", "invoice", "remind", "validate") and not c.ref("order", "invoice"):
        return Unsupported(reason=BULK_REASON[c.lang == "fr"])
    return None


COMMON_RULES: tuple[Rule, ...] = (_next_page, _negated, _delete_or_bulk)
