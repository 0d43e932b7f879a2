"""Offline-parser rules for support tickets."""

from __future__ import annotations

import re

from graphs.parsing.clause import Clause, clarify
from graphs.parsing.intents import (
    CreateTicket,
    Intent,
)  # fmt: skip
from graphs.parsing.names import CUSTOMER_ANCHORS, CUSTOMER_STOP, first_entity

__all__ = ["HELPDESK_RULES"]

_TICKET_SUBJECT = re.compile(r"[:—-]\s*(?P<subject>.+)$|\babout\s+(?P<about>.+)$|\bconcernant\s+(?P<fr>.+)$")


def _ticket(c: Clause) -> Intent | None:
    if not c.has("ticket") or c.has("list"):
        return None
    m = _TICKET_SUBJECT.search(c.text.raw)
    subject = next((g for g in (m.group("subject"), m.group("about"), m.group("fr")) if g), None) if m else None
    customer = first_entity(c.text, CUSTOMER_ANCHORS[:1], CUSTOMER_STOP, capitalised=True)
    if not subject:
        return clarify(c, ("To open the ticket", "Pour ouvrir le ticket"), ["name"])
    return CreateTicket(subject=subject.strip(" ."), customer=customer.value if customer else None)


HELPDESK_RULES = (_ticket,)
