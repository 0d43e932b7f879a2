"""Offline-parser rules for support tickets."""

from __future__ import annotations

import re

from graphs.parsing.clause import Clause, clarify
from graphs.parsing.intents import (
    CreateTicket,
    Intent,
)  # fmt: skip
from graphs.parsing.names import CUSTOMER_ANCHORS, CUSTOMER_STOP, Hit, first_entity, quoted
from graphs.parsing.text import Text, fold
from graphs.parsing.vocabulary import CONCEPTS

__all__ = ["HELPDESK_RULES"]

_TICKET_SUBJECT = re.compile(r"[:—]\s*(?P<subject>.+)$|\babout\s+(?P<about>.+)$|\bconcernant\s+(?P<fr>.+)$")
_OPENING = re.compile(r"\b(?:open|create|raise|log|file|submit|new|ouvre[rz]?|cree[rz]?|nouveau|signale[rz]?)\b")
# "Sunrise Bakery just called, …", "Garage Lemaire a appelé : …": the customer who reported it
_CALLED = re.compile(r"^\W*(?P<who>[A-Z][\w&'.-]*(?:\s+(?:[A-Z][\w&'.-]*|de|des|du|de\s+la|la|le|of|&|and)){0,5}?)"
                     r"\s+(?:just\s+)?(?:called|phoned|rang|emailed|wrote|reports|reported|complained"
                     r"|a\s+appele|a\s+telephone|vient\s+d'appeler|signale|dit)\b")  # fmt: skip
_PIECES = re.compile(r"\s*(?:[,;:—?!]|\s-\s|\.(?:\s|$))\s*")
_POSSESSIVE_START = re.compile(r"^(?i:their|his|her|its|our|my|sa|son|ses|leurs?|notre|nos|mon|ma|mes)\s+(?=\S)")
_ASKING_TO_OPEN = re.compile(r"\b(?:can|could|would|please|pourrais|peux|merci)\b")


def _subject(c: Clause, customer: str | None, title: Hit | None) -> str | None:
    """What the ticket is about: a quoted title (without its quotes), after a colon or "about", else the longest
    piece of the message that is neither the request to open it nor the caller ("…, their card terminal won't
    print receipts - can you…")."""
    if title is not None:
        return title.value
    m = _TICKET_SUBJECT.search(c.said) or _TICKET_SUBJECT.search(c.text.raw)  # as written: no typo fixed
    if m:
        return next((g for g in (m.group("subject"), m.group("about"), m.group("fr")) if g), None)
    # "Mrs Okafor says the pack was missing the wormer": what the caller said, without the caller
    said = c.said if c.whole else c.text.raw  # as written: "two of the LED pars", not "2 of …"
    told = (_CALLED.sub("", p).strip() for p in _PIECES.split(said) if p)
    pieces = [p for p in told if len(p.split()) >= 3]
    keep = [p for p in pieces if not Text.of(p).search(CONCEPTS["ticket"])
            and not _ASKING_TO_OPEN.search(fold(p)) and p.strip() != customer]  # fmt: skip
    # "…, sa PAC fait un bruit": the ticket is about the heat pump; whose it is, the customer slot says
    return _POSSESSIVE_START.sub("", max(keep, key=len)) if keep else None


def _ticket(c: Clause) -> Intent | None:
    if not c.has("ticket") or (c.has("list") and not c.text.search(_OPENING)):
        return None
    # a quoted title ('…', "…", « … ») is said verbatim, as the subject; no customer is read inside it
    title = quoted(Text.of(c.said)) if c.whole else quoted(c.text)
    inside = quoted(c.text)
    outside = c.text.blank(inside.start - 1, inside.end + 1) if inside else c.text
    called = _CALLED.search(c.text.raw)
    hit = first_entity(outside, CUSTOMER_ANCHORS[:1], CUSTOMER_STOP, capitalised=True)
    customer = hit.value if hit else called.group("who") if called else None
    subject = _subject(c, customer, title)
    if not subject:
        return clarify(c, "parser.to_open_ticket", ["subject"])
    return CreateTicket(subject=subject.strip(" ."), customer=customer)


HELPDESK_RULES = (_ticket,)
