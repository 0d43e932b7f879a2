"""Rules tried before any domain's: "more" (the next page), a request not to act, deletes and one verb over
"all" documents (refused, with a way forward), and an internal note on any record."""

from __future__ import annotations

import re

from graphs.parsing.clause import Clause, Rule, clarify
from graphs.parsing.dates import duration_in
from graphs.parsing.intents import (
    Intent,
    NextPage,
    PostNote,
    Unsupported,
)  # fmt: skip
from graphs.parsing.names import PARTY_NAME_STOP, anchors, first_entity
from graphs.parsing.questions import (
    BULK_REASON,
    DELETE_REASON,
    NEGATED_REASON,
)
from graphs.parsing.split import DELETE, EVERY, NEGATED
from odoo_tools.i18n import say

__all__ = ["COMMON_RULES"]


_NEXT_PAGE = re.compile(
    r"^\W*(?:(?:ok|okay|and|right|cool|great|go on|go ahead|et|bon|alors|ensuite|vas-y|allez)\W+)?"
    r"(?:(?:show|give)\s+(?:me\s+)?(?:the\s+)?)?"
    r"(?:more|next|next page|next lot|the next ones|the rest|more results|"
    r"les suivants|les suivantes|la page d'apres|"
    r"la suite|page suivante|(?:montre|affiche)[- ]moi la suite|plus de resultats|suivant)"
    r"(?:\s+(?:please|pls|stp|svp|merci|thanks))?\W*$"
)


def _next_page(c: Clause) -> Intent | None:
    # the whole message, even when it was split on its comma ("go on, show me the next lot")
    whole = c.text if c.whole else c.full
    return NextPage() if whole is not None and whole.search(_NEXT_PAGE) else None


def _negated(c: Clause) -> Intent | None:
    return Unsupported(reason=say(NEGATED_REASON, c.lang)) if c.text.search(NEGATED) else None


def _delete_or_bulk(c: Clause) -> Intent | None:
    """ "delete the customer X", "supprime toutes les factures", "confirm all quotations": refused, said why."""
    every = c.text.search(EVERY) is not None and not c.has("list", "search")
    if c.text.search(DELETE):
        other = re.search(r"\b(?:customer|client|contact|partner|vendor|supplier|fournisseur|vehicle|vehicule|car"
                          r"|voiture|employee|employe|task|tache|project|projet|ticket|event|lead|product|produit)s?\b",
                          c.text.low)  # fmt: skip
        # "delete S00042", "supprime le devis": an order, cancelled instead (with approval); "delete vehicle #4": no
        names_order = c.has("order", "quote") or c.ref("order") is not None or (c.ref("any") and not other)
        it = re.search(r"\bit\b|\bthat one\b|-(?:le|la)\b", c.text.low) and not (other or c.has("product", "invoice"))
        if every or not (names_order or it):  # "supprime-le" after a quotation: cancel it (with approval)
            return Unsupported(reason=say(DELETE_REASON, c.lang))
    acts = c.has("confirm", "cancel", "post", "invoice", "remind", "validate", "publish", "unpublish", "archive")
    if (
        every
        and (acts or re.search(r"\b(?:close|ferme[rz]?|mark|marque[rz]?)\b", c.text.low))
        and not c.ref("order", "invoice")
    ):
        return Unsupported(reason=say(BULK_REASON, c.lang))
    return None


# "add a note on S00158: …", "leave a note on Marlow Interiors saying …", "mets une note sur S00158 : …"
_NOTE = re.compile(r"(?<!credit )\b(?:note|notes|commentaire|remarque)\b(?!\s+de\s+(?:frais|credit))")
_NOTE_VERB = re.compile(
    r"\b(?:add|put|leave|post|write|log|jot|mets|mettre|ajoute|ajouter|laisse|laisser|ecris|ecrire"
    r"|poste)\b|^\W*(?:internal\s+)?note\b|\bnote\s+(?:on|sur|to|for|pour)\b"
)
_NOTE_TEXT = re.compile(
    r"(?:\b(?:note|notes|comment|commentaire|remarque)\b[^:]*?:|\b(?:saying|that says|to say|"
    r"which says|disant|qui dit|indiquant)\b)\s*(?P<text>.+)$",
    re.IGNORECASE | re.DOTALL,
)
_NOTE_ON = anchors(r"\b(?:on|sur|to|for|pour|à|a)\s+(?:the\s+|le\s+|la\s+|l')?(?:contact\s+|customer\s+|client\s+)?")
_NOTE_STOP = re.compile(PARTY_NAME_STOP.pattern + r"|\b(?:saying|that|disant|qui|indiquant)\b")


_NOTED = ("order", "invoice", "purchase", "production", "picking")  # references a note may go on


def _note(c: Clause) -> Intent | None:
    """An internal note on a record named by its reference or its name ("it": the thread's last record)."""
    if not c.text.search(_NOTE) or not c.text.search(_NOTE_VERB):
        return None
    if duration_in(c.text.low) and c.has("task", "timesheet"):  # "note 3h30 sur la tâche #412": time spent
        return None
    said = _NOTE_TEXT.search(c.said)
    text = said.group("text").strip().strip("\"'«» ") if said else ""
    text = re.sub(r"(?<![.!?])\.\s*$", "", text).strip().strip("\"'«» ")  # the sentence's full stop, not the note's
    own = _NOTE_TEXT.search(c.text.raw)  # the clause's own note: "…: text, et confirme-la" ends before the request
    if said and own and not c.whole:
        words = len(own.group("text").split())
        text = " ".join(said.group("text").split()[:words]).strip().strip("\"'«»,; ")
    head = c.text.cut(0, c.text.low.find(":")) if ":" in c.text.low else c.text
    record = c.ref(*_NOTED)
    if record is None and re.search(r"\b(?:it|that|le|la|dessus)\b", head.low):
        record = c.message_ref(*_NOTED)  # "confirm S00042 and add a note on it"
    if record is None:
        hit = first_entity(head, _NOTE_ON, _NOTE_STOP, capitalised=True)
        record = hit.value if hit else None
    if not text:
        return clarify(c, "parser.to_post_note", ["note_text"])
    return PostNote(record=record, text=text)


COMMON_RULES: tuple[Rule, ...] = (_next_page, _negated, _delete_or_bulk, _note)
