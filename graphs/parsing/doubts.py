"""Why a reading may be wrong though every rule matched: what makes the offline parser unsure.

A reading is trusted (confidence at or above the ``auto`` threshold) only when the whole message is
accounted for. Each doubt found here is a note, and any doubt caps the confidence at ``UNSURE``:
``auto`` then asks the LLM, and the graph asks a person before any write.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from graphs.parsing.clause import Clause
from graphs.parsing.dates import DAY_SAID
from graphs.parsing.intents import GIVE_UP, Intent
from graphs.parsing.numbers import ATOM, CORRECTION
from graphs.parsing.past import READS
from graphs.parsing.slot_doubts import slot_doubts
from graphs.parsing.split import CHAIN_VERBS, DELETE
from graphs.parsing.text import Text, fold
from graphs.parsing.vocabulary import CONCEPTS, strings_in

__all__ = ["doubts"]

# Concepts that belong to one domain only: a message naming one of them and read as another domain's
# intent was probably misread ("any vehicles due for a service?" is not about unpaid invoices).
_DOMAIN_OF: dict[str, str] = {
    "vehicle": "fleet", "odometer": "fleet", "ticket": "helpdesk", "website": "ecommerce", "publish": "ecommerce",
    "unpublish": "ecommerce", "vendor": "purchase", "purchase": "purchase", "employee": "hr", "department": "hr",
    "expense": "hr", "leave": "hr", "hire": "hr", "task": "projects", "project": "projects", "timesheet": "projects",
    "lead": "crm", "opportunity": "crm", "pipeline": "crm", "bom": "manufacturing", "mo": "manufacturing",
    "meeting": "calendar",
}  # fmt: skip
# Words of one domain that no concept lists: a plate or a registration is a vehicle's
_DOMAIN_WORDS = {"fleet": re.compile(r"\b(?:(?:license|licence|number|reg)\s+plate|plaque|immatricul\w*)\b")}
_ACTION = re.compile(rf"\b{CHAIN_VERBS}")
_READ_VERB = re.compile(r"\b(?:show|list|display|tell me|give me|montre|affiche|liste|donne-moi|dis-moi)\b")
# "…, create the product if missing": a condition on the request before it, which the rules read from the
# whole message, not a request of its own.
_CONDITION = re.compile(r"\b(?:if|si|s'il|s'ils|unless|sauf)\b")
# "…, and move it to Qualified": each "and <verb> it" is a request; more of them than chained steps and
# later intents means one was swallowed.
_AND_VERB_IT = re.compile(
    r"(?:\band|\bet|\bthen|\bpuis|\bpis|,)\s+(?:then\s+|also\s+|please\s+)?"
    r"(?!(?:call|name|assign|give|tag)\s+it\b)(?:[a-z]+\s+(?:it|them)|[a-z]+-(?:le|la|les))\b(?!\s+(?:if|si)\b)"
)
# A reference names its domain: an order is about sales (its invoices and deliveries too), an MO manufacturing.
_REF_DOMAINS = {"order": {"sales", "invoicing", "inventory", "common"}, "invoice": {"invoicing", "common"},
                "purchase": {"purchase", "inventory", "common"}, "production": {"manufacturing", "common"},
                "picking": {"inventory", "purchase", "common"}}  # fmt: skip
# An order to act ("move #88 to done", "approve request 31") read as a list or a status: a misreading.
_IMPERATIVE = re.compile(r"^\W*(?:move|set|change|update|approve|mark|close|assign|bump|advance|passe|deplace|approuve"
                         r"|valide|marque|ferme)\b")  # fmt: skip
# "in 2 weeks", "90 minutes": a span the date and duration rules read, not a quantity
_SPAN_AFTER = re.compile(
    r"\s*-?\s*(?:days?|weeks?|months?|jours?|semaines?|mois|hours?|hrs?|h|heures?|minutes?|mins?)\b"
)


_RECEIVED = re.compile(r"\b(?:recue?s?|received|arrived|came in|receptionnee?s?|livree?s? chez nous)\b")


def _numbers_in(value: Any) -> set[float]:
    """Every number a slot value holds, digits inside strings included ("2026-03-20T12:30" gives 20, 12, 30)."""
    if isinstance(value, bool) or value is None:
        return set()
    if isinstance(value, int | float):
        return {float(value), float(value) * 60}  # hours also read as minutes ("90 min" is 1.5 h)
    if isinstance(value, str):
        found = {float(n.replace(",", ".")) for n in re.findall(r"\d+(?:[.,]\d+)?", value)}  # "ciment 42,5"
        return found | {n - 12 for n in found if n > 12}  # "3pm" is stored as 15:00
    if isinstance(value, dict):
        found = {n for v in value.values() for n in _numbers_in(v)}
        start, hours = value.get("start"), value.get("duration_hours")
        clock = re.search(r"T(\d{2}):(\d{2})", start) if isinstance(start, str) else None
        if clock and isinstance(hours, int | float):
            h, m = clock.groups()
            end = int(h) + int(m) / 60 + hours  # "from 8 to 12": the end hour is said too
            found |= {end, end - 12, float(int(end))}
        return found
    if isinstance(value, list):
        return {n for v in value for n in _numbers_in(v)}
    return set()


# "15 tables, not 12": the number corrected away is said to be dropped
_CORRECTED_AWAY = re.compile(rf"\b{CORRECTION}\s+(?:the\s+|les\s+)?$")


def _unread_numbers(texts: Iterable[Text], dumped: list[dict[str, Any]]) -> list[str]:
    """Quantities and amounts in the message that no slot took ("worth 12,500" lost on a new lead)."""
    taken = _numbers_in(dumped)
    said = [m.group("money") or m.group("num") for t in texts for m in ATOM.finditer(t.low)
            if not m.group("pct") and not _SPAN_AFTER.match(t.low, m.end())
            and not _CORRECTED_AWAY.search(t.low[: m.start()])]  # fmt: skip
    return [n for n in said if float(n) not in taken]


def _outside_slots(text: Text, slots: object) -> str:
    """The text with every slot value blanked (same length): the words the rules read around the values."""
    outside = text.low
    for value in sorted(strings_in(slots), key=len, reverse=True):
        if len(value) > 2:
            outside = outside.replace(fold(value), " " * len(value))
    return outside


def _named_domains(text: Text, slots: object) -> set[str]:
    """The domains a text's own words name; a domain word inside a slot's value ("tag him Prospect") names none."""
    outside = _outside_slots(text, slots)
    named = {_DOMAIN_OF[c] for c in _DOMAIN_OF if CONCEPTS[c].search(outside)}
    return named | {d for d, words in _DOMAIN_WORDS.items() if words.search(text.low)}  # inside a name too


def ref_doubts(clause: Clause) -> list[str]:
    """A clause naming a reference of one domain read as another's intent ("MO-0007 is done" as a sales list),
    or naming one domain's things only ("what's late from suppliers?") read as another domain's intent."""
    intent = clause.intent
    if intent is None or intent.intent in GIVE_UP:
        return []
    domain = type(intent).domain
    out = [f"a {kind} reference read as {intent.intent}" for kind, allowed in _REF_DOMAINS.items()
           if clause.ref(kind) and domain not in allowed]  # fmt: skip
    named = _named_domains(clause.text, intent.model_dump(mode="json"))
    if named and domain != "common" and domain not in named and not clause.whole:
        out.append(f"a clause about {', '.join(sorted(named))} read as {intent.intent}")
    return out


# A request starts a message or follows a separator: its verb there says one more thing was asked
_REQUEST_START = re.compile(
    r"(?:^|[,;.!?]\s*|\s[-—]\s|\b(?:and|et|then|puis|pis|also|aussi|ensuite|apres)\s+)"  # ":" details the request
    r"(?:(?:then|also|aussi|please|svp|apres|after that)\s*,?\s+)*"
    rf"(?:{CHAIN_VERBS}|(?:show|list|display|tell me|give me|montre|affiche|liste|dis-moi|donne-moi|cancel|annule"
    r"|move|deplace|schedule|book|publish|publie|archive|log|hire|embauche|raise|issue|prepare|fais|quote|devis"
    r"|buy|achete|approve|approuve|what's|what|which|how many|how much|combien|quels?|quelles?)\b)"
)


def _requests_said(full: Text) -> int:
    """Verbs that start a request; "…, create the product if missing" is a condition on the one before."""
    count = 0
    for m in _REQUEST_START.finditer(full.low):
        rest = re.split(r"[,;.!?]", full.low[m.end() :], maxsplit=1)[0]
        count += not _CONDITION.search(rest)
    return count


def _domain_doubt(intents: list[Intent], acting: list[dict[str, Any]], full: Text) -> list[str]:
    """A message that names one domain's things read as another domain's intent."""
    domains = {type(i).domain for i in intents if i.intent not in GIVE_UP}
    named = _named_domains(full, acting)
    if named and domains - {"common"} and not named & domains:
        return [f"the message speaks of {', '.join(sorted(named))} but was read as {', '.join(sorted(domains))}"]
    return []


def _count_doubts(acting: list[dict[str, Any]], full: Text) -> list[str]:
    """More requests said than read (one after the main request only: "ok, confirm it" is a single one)."""
    steps = sum(len(d.get("then") or []) for d in acting) + len(acting) - 1
    later = [m for m in _AND_VERB_IT.finditer(full.low) if len(re.findall(r"[^\W\d_]+", full.low[: m.start()])) > 2]
    if len(later) > steps:
        return ["a request after 'and' was not read"]
    said = _requests_said(full)
    return [f"{said} requests said, {steps + 1} read"] if said > steps + 1 else []


def _reading_doubts(acting: list[dict[str, Any]], full: Text) -> list[str]:
    """Readings that contradict a word of the message: an order read as a question, a delete as a cancel,
    a day with no deadline, a capitalised keyword taken for a keyword, a received order as a sale."""
    out = []
    if full.search(_IMPERATIVE) and all(d["intent"] in READS for d in acting):
        out.append("an order to act was read as a question")
    if full.search(DELETE) and any(d["intent"] == "cancel_order" for d in acting):
        out.append("a delete was read as cancelling the order (nothing is deleted)")
    if full.search(DAY_SAID) and any("deadline" in d and d["deadline"] is None for d in acting):
        out.append("a day was said but no deadline read")
    sales_read = all(d["intent"] in ("list_orders", "order_status") for d in acting)
    if full.search(_RECEIVED) and full.search(CONCEPTS["order"]) and sales_read:
        out.append("a received order is a purchase, not a sales order")
    for d in acting:  # "a task 'X' for Karim": a person to give it to, or a customer it is done for?
        who = d.get("assignee") if d["intent"] == "create_task" else None
        if (
            isinstance(who, str)
            and who != "me"
            and re.search(rf"\bfor\s+{re.escape(fold(who))}\b", full.low)
            and not full.search(_GIVEN)
        ):
            out.append(f"the assignee {who!r} was read from 'for': a person, or a customer the task is for?")
    return out


_GIVEN = re.compile(r"\b(?:assign\w*|give\s+it|hand\s+it|confie|donne)\b")


# What makes a clause ask for something to be read: a read verb, a question word, a question mark.
_ASKS = re.compile(
    r"\?|\b(?:show|list|display|tell|give|send|get|find|search|look|check|see|view|pull|print|export|report|what|what's"
    r"|which|who|whose|where|when|how|any|is there|are there|do we|did we|have we|montre|affiche|liste|donne|dis"
    r"|cherche|trouve|verifie|voir|vois|envoie|envoyer|imprime|exporte|sors|quels?|quelles?|qui|ou|quand|combien"
    r"|comment|est-ce|y a-t-il)\b"
)


# "is MO-23 finished?", "l'OF est terminé ?": a question; "can you confirm S42?", "tu peux la confirmer ?" asks
# for the act politely.
_POLITE = re.compile(
    r"\b(?:can|could|would|will|may)\s+(?:you|u|we|i)\b|\bplease\b|\bpls\b|\bmind\b|\bshall we\b|\blet's\b"
    r"|\b(?:peux|pouvez|pourrais|pourriez|peut|pourrait|voudrais|voulez)(?:-tu|-vous|-on|-il)?\b|\bstp\b|\bsvp\b"
    r"|\btu\s+(?:peux|pourrais)\b|\bvous\s+(?:pouvez|pourriez)\b|\bmerci\b|\bthanks?\b|\bwhy not\b"
)


def _question_acts(acting: list[dict[str, Any]], message: str) -> list[str]:
    """A question answered with a write: "is MO-0023 finished?" asks, it does not finish it."""
    if "?" not in message or _POLITE.search(fold(message)):
        return []
    writes = [d["intent"] for d in acting if d["intent"] not in READS]
    asked = any(d["intent"] in READS for d in acting)  # "validate X, then how many Y?": the read is the question
    return [f"a question was read as {', '.join(writes)}"] if writes and not asked else []


# A verb where a request starts: the clause's start, or after a comma, "and", "then"
_ACT_STARTS = re.compile(
    rf"(?:^|[,;—-]\s*|\b(?:and|et|then|puis|pis|ensuite)\s+)\W*(?:please\s+|svp\s+)?(?P<verb>{CHAIN_VERBS})"
)


def _two_acts_in_a_clause(read: list[Clause]) -> list[str]:
    """A clause read as one intent that names two acts ("confirm it and raise the invoice" read as the invoice):
    one of them was swallowed."""
    out = []
    for c in read:
        if c.intent is None or c.intent.intent in GIVE_UP or getattr(c.intent, "then", None):
            continue
        outside = _outside_slots(c.text, c.intent.model_dump(mode="json"))
        acts = {re.sub(r"(?:e[rzs]?|s)$", "", m.group("verb")) for m in _ACT_STARTS.finditer(outside)}
        if len(acts) > 1:
            out.append(f"one clause names {len(acts)} acts: {c.text.raw.strip()!r}")
    return out


# A read asked after a request in the same clause ("…à 6,80 et dis moi combien il en reste", "…, then tell me
# how many are left"): a second request the clause's one intent left out.
_READ_AFTER = re.compile(
    r"(?:[,;]|\b(?:and|et|then|puis|pis|ensuite|also|aussi))\s+(?:please\s+|svp\s+|stp\s+)?"
    r"(?:tell\s+me|let\s+me\s+know|show\s+me|dis[- ]moi|dites[- ]moi|montre[- ]moi|montrez[- ]moi|how\s+many|how\s+much"
    r"|combien|list\s+(?:the|all|my|our)|liste\s+(?:les|des|mes|nos))\b"
)


def _read_left_out(read: list[Clause]) -> list[str]:
    """A write whose clause goes on to ask a question: the question was not read."""
    return [f"a question after the request was not read: {c.text.raw.strip()!r}" for c in read
            if c.intent is not None and c.intent.intent not in READS and c.intent.intent not in GIVE_UP
            and _READ_AFTER.search(_outside_slots(c.text, c.intent.model_dump(mode="json")))]  # fmt: skip


def _statement_reads(read: list[Clause], acting: list[dict[str, Any]]) -> list[str]:
    """A read taken from a clause that asks nothing, beside a request: "INV/7 is 3 weeks late, send them a
    reminder" tells why, it does not ask for the list of late invoices."""
    if len(acting) < 2:
        return []
    return [f"{c.intent.intent} read from a statement: {c.text.raw.strip()!r}" for c in read
            if c.intent is not None and c.intent.intent in READS and not c.text.search(_ASKS)]  # fmt: skip


def doubts(intents: list[Intent], read: list[Clause], dropped: list[Text], full: Text, message: str) -> list[str]:
    """The reasons to doubt this reading (empty when the whole message, as written, is accounted for)."""
    dumped = [i.model_dump(mode="json") for i in intents]
    acting = [d for d in dumped if d["intent"] not in GIVE_UP]
    if not acting:
        return []
    # a clause left unread that holds an action verb, a read verb or a number ("… et pointe 2h dessus")
    out = [f"a request was not read: {t.raw.strip()!r}" for t in dropped
           if (t.search(_ACTION) or t.search(_READ_VERB) or re.search(r"\d", t.low))
           and not t.search(_CONDITION)]  # fmt: skip
    out += slot_doubts(acting, full, message) + _domain_doubt(intents, acting, full) + _count_doubts(acting, full)
    out += [d for c in read for d in ref_doubts(c)]
    out += _reading_doubts(acting, full) + _statement_reads(read, acting) + _question_acts(acting, message)
    out += _two_acts_in_a_clause(read) + _read_left_out(read)
    unread = _unread_numbers([c.text for c in read], dumped)
    if unread:
        out.append(f"numbers no slot took: {', '.join(unread)}")
    return out
