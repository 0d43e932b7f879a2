"""Why a reading may be wrong though every rule matched: what makes the offline parser unsure.

A reading is trusted (confidence at or above the ``auto`` threshold) only when the whole message is
accounted for. Each doubt found here is a note, and any doubt caps the confidence at ``UNSURE``:
``auto`` then asks the LLM, and the graph asks a person before any write.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from typing import Any, get_args

from graphs.parsing.clause import Clause
from graphs.parsing.intents import INTENT_TYPES, Intent, Line
from graphs.parsing.numbers import ATOM
from graphs.parsing.past import READS
from graphs.parsing.split import CHAIN_VERBS, DELETE, MORE
from graphs.parsing.text import Text, fold, in_capitals
from graphs.parsing.vocabulary import CONCEPTS, PHRASE_WORDS, STOPWORDS, strings_in

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
# A name that ends in a request ("Oak Bench and confirm it"): a clause swallowed into a slot.
_REQUEST_IN_NAME = re.compile(rf"\b{CHAIN_VERBS}(?:\s+|-)(?:it|them|that|this|le|la|les|l')\b")
# "Design and a task Review": two records said as one name
_TWO_RECORDS = re.compile(
    r"\b(?:and|et)\s+(?:a|an|the|une?|le|la)\s+(?:task|tache|project|projet|contact|lead|product)\b"
)
_ACTION = re.compile(rf"\b{CHAIN_VERBS}")
# "Rousseau Avocats de": a name that ends in a small linking word ran into the words after it
_ENDS_IN_A_LINK = re.compile(r"\s(?:de|du|des|d'|of|for|the|a|an|à|au|aux|and|et|with|avec|pour|to|in|on|sur|en)$")
_READ_VERB = re.compile(r"\b(?:show|list|display|tell me|give me|montre|affiche|liste|donne-moi|dis-moi)\b")
# A verb or a naming word written in lower case inside a name ("create a product called Post Box", "show me
# Acme"): the name ran over the request's own words. Names spell verbs capitalised ("Confirm Labs").
_VERB_IN_NAME = re.compile(
    rf"(?<![\w'-])(?:{CHAIN_VERBS}|(?:called|named|appelee?|nommee?|then|puis|please|svp|show|list|montre|affiche"
    r"|we|us|our|nous|notre|nos|you|vous|they|ils|elles|should|must|would|could|will|doit|devrait"
    r"|have|has|had|is|are|was|were|been|does|did|ont|sont|etait|etaient|avait|avaient"
    r"|[a-z]{3,}ly|[a-z]{4,}ement)\b)"
)
# "…, create the product if missing": a condition on the request before it, which the rules read from the
# whole message, not a request of its own.
_CONDITION = re.compile(r"\b(?:if|si|s'il|s'ils|unless|sauf)\b")
# "…, and move it to Qualified": each "and <verb> it" is a request; more of them than chained steps and
# later intents means one was swallowed.
_AND_VERB_IT = re.compile(
    r"(?:\band|\bet|\bthen|\bpuis|,)\s+(?:then\s+|also\s+|please\s+)?"
    r"(?!(?:call|name|assign|give|tag)\s+it\b)(?:[a-z]+\s+(?:it|them)|[a-z]+-(?:le|la|les))\b(?!\s+(?:if|si)\b)"
)
# A reference names its domain: an order is about sales (its invoices and deliveries too), an MO manufacturing.
_REF_DOMAINS = {"order": {"sales", "invoicing", "inventory", "common"}, "invoice": {"invoicing", "common"},
                "purchase": {"purchase", "inventory", "common"}, "production": {"manufacturing", "common"},
                "picking": {"inventory", "purchase", "common"}}  # fmt: skip
# An order to act ("move #88 to done", "approve request 31") read as a list or a status: a misreading.
_IMPERATIVE = re.compile(r"^\W*(?:move|set|change|update|approve|mark|close|assign|bump|advance|passe|deplace|approuve"
                         r"|valide|marque|ferme)\b")  # fmt: skip
_NAME_SLOTS = ("customer", "product", "name", "contact", "vendor", "project", "task", "department", "subject", "title")
_GIVE_UP = ("clarify", "unsupported")
_FREE_TEXT = ("subject", "title")  # a problem described in words holds verbs ("the terminal won't print")
# "in 2 weeks", "90 minutes": a span the date and duration rules read, not a quantity
_SPAN_AFTER = re.compile(
    r"\s*-?\s*(?:days?|weeks?|months?|jours?|semaines?|mois|hours?|hrs?|h|heures?|minutes?|mins?)\b"
)


# Keywords that may also be words of a name ("Stock Pot", "Order Book", "Confirm Labs"), not small words.
_KEYWORDS = PHRASE_WORDS - STOPWORDS
_CAPITALISED = re.compile(r"(?<![\w'’-])([A-ZÀ-Ý][a-zà-ÿ]+)\b")
# a sentence's first word, or a value after "to/en/as" ("move it to Won", "passe-la en Gagné": a stage's name)
_SENTENCE_START = re.compile(r"(?:^|[.!?:;«\"“(]\s*|\b(?:to|into|as|en|à|a)\s+)$")


def _own_words_slots() -> frozenset[str]:
    """Slots a person fills with their own words (names, titles, notes): every plain ``str`` field, not the
    closed choices (a ``Literal``) nor what the parser writes itself (a question, a reason)."""
    plain = {name for model in (*INTENT_TYPES, Line) for name, field in model.model_fields.items()
             if str in (field.annotation, *get_args(field.annotation))}  # fmt: skip
    return frozenset(plain - {"missing", "question", "reason"})


_OWN_WORDS = _own_words_slots()


def _said_form(text: str) -> str:
    return re.sub(r"[\s'’]+", " ", fold(text)).strip()


def _unsaid(acting: list[dict[str, Any]], message: str) -> list[str]:
    """Words in a slot that the message does not hold: a spelling "fix" inside a note, a translated colour, a
    name pieced together. A person's own words are taken as written, so such a reading did not read them."""
    said = _said_form(message)

    def values(d: Any) -> Iterable[tuple[str, str]]:
        if isinstance(d, dict):
            for k, v in d.items():
                if k in _OWN_WORDS and isinstance(v, str):
                    yield k, v
                elif k in _OWN_WORDS and isinstance(v, list):
                    yield from ((k, x) for x in v if isinstance(x, str))
                elif isinstance(v, dict | list):
                    yield from values(v)
        elif isinstance(d, list):
            for v in d:
                yield from values(v)

    return [f"the {k} {v!r} is not in the message" for k, v in values(acting)
            if v.strip() and v != "me" and _said_form(v) not in said]  # fmt: skip


_RECEIVED = re.compile(r"\b(?:recue?s?|received|arrived|came in|receptionnee?s?|livree?s? chez nous)\b")


def _capitalised_keywords(said: str, dumped: list[dict[str, Any]]) -> list[str]:
    """Keywords written with a capital inside a sentence and found in no slot: words of a name that a rule
    read as a keyword ("how many Stock Pot left?" read as stock of "Pot", "take Order Book off the website"
    read as web orders). A message in capitals says nothing by its case."""
    if in_capitals(said):
        return []
    in_slots = " ".join(fold(v) for v in strings_in(dumped))
    return [m.group(1) for m in _CAPITALISED.finditer(said)
            if fold(m.group(1)) in _KEYWORDS and not _SENTENCE_START.search(said[: m.start()])
            and not re.search(rf"\b{re.escape(fold(m.group(1)))}\b", in_slots)]  # fmt: skip


def _lower_verb_in(name: str) -> bool:
    """Whether a name holds a request word in lower case (fold keeps offsets, so the case is read off the name)."""
    return any(name[m.start()].islower() for m in _VERB_IN_NAME.finditer(fold(name)))


def _numbers_in(value: Any) -> set[float]:
    """Every number a slot value holds, digits inside strings included ("2026-03-20T12:30" gives 20, 12, 30)."""
    if isinstance(value, bool) or value is None:
        return set()
    if isinstance(value, int | float):
        return {float(value), float(value) * 60}  # hours also read as minutes ("90 min" is 1.5 h)
    if isinstance(value, str):
        found = {float(n) for n in re.findall(r"\d+(?:\.\d+)?", value)}
        return found | {n - 12 for n in found if n > 12}  # "3pm" is stored as 15:00
    if isinstance(value, dict):
        found = {n for v in value.values() for n in _numbers_in(v)}
        start, hours = value.get("start"), value.get("duration_hours")
        if isinstance(start, str) and isinstance(hours, int | float) and re.search(r"T(\d{2}):(\d{2})", start):
            h, m = re.search(r"T(\d{2}):(\d{2})", start).groups()  # type: ignore[union-attr]
            end = int(h) + int(m) / 60 + hours  # "from 8 to 12": the end hour is said too
            found |= {end, end - 12, float(int(end))}
        return found
    if isinstance(value, list):
        return {n for v in value for n in _numbers_in(v)}
    return set()


# "15 tables, not 12": the number corrected away is said to be dropped
_CORRECTED_AWAY = re.compile(r"\b(?:not|pas|instead of|au lieu de|rather than|plutot que)\s+(?:the\s+|les\s+)?$")


def _unread_numbers(texts: Iterable[Text], dumped: list[dict[str, Any]]) -> list[str]:
    """Quantities and amounts in the message that no slot took ("worth 12,500" lost on a new lead)."""
    taken = _numbers_in(dumped)
    said = [m.group("money") or m.group("num") for t in texts for m in ATOM.finditer(t.low)
            if not m.group("pct") and not _SPAN_AFTER.match(t.low, m.end())
            and not _CORRECTED_AWAY.search(t.low[: m.start()])]  # fmt: skip
    return [n for n in said if float(n) not in taken]


def _named_domains(text: Text, slots: object) -> set[str]:
    """The domains a text's own words name; a domain word inside a slot's value ("tag him Prospect") names none."""
    outside = text.low
    for value in sorted(strings_in(slots), key=len, reverse=True):
        if len(value) > 2:
            outside = outside.replace(fold(value), " " * len(value))
    named = {_DOMAIN_OF[c] for c in _DOMAIN_OF if CONCEPTS[c].search(outside)}
    return named | {d for d, words in _DOMAIN_WORDS.items() if words.search(text.low)}  # inside a name too


def ref_doubts(clause: Clause) -> list[str]:
    """A clause naming a reference of one domain read as another's intent ("MO-0007 is done" as a sales list),
    or naming one domain's things only ("what's late from suppliers?") read as another domain's intent."""
    intent = clause.intent
    if intent is None or intent.intent in _GIVE_UP:
        return []
    domain = type(intent).domain  # type: ignore[attr-defined]
    out = [f"a {kind} reference read as {intent.intent}" for kind, allowed in _REF_DOMAINS.items()
           if clause.ref(kind) and domain not in allowed]  # fmt: skip
    named = _named_domains(clause.text, intent.model_dump(mode="json"))
    if named and domain != "common" and domain not in named and not clause.whole:
        out.append(f"a clause about {', '.join(sorted(named))} read as {intent.intent}")
    return out


# A request starts a message or follows a separator: its verb there says one more thing was asked
_REQUEST_START = re.compile(
    r"(?:^|[,;.!?]\s*|\s[-—]\s|\b(?:and|et|then|puis|also|aussi|ensuite|apres)\s+)"  # ":" details the request
    r"(?:(?:then|also|aussi|please|svp|apres|after that)\s*,?\s+)*"
    rf"(?:{CHAIN_VERBS}|(?:show|list|display|tell me|give me|montre|affiche|liste|dis-moi|donne-moi|cancel|annule"
    r"|move|deplace|schedule|book|publish|publie|archive|log|hire|embauche|raise|issue|prepare|fais|quote|devis"
    r"|buy|achete|approve|approuve|what's|what|which|how many|how much|combien|quels?|quelles?)\b)"
)


# A day said in the message ("due a week from friday", "pour jeudi 26", "by the 15th")
_DAY_SAID = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|lundi|mardi|mercredi|jeudi|vendredi|samedi"
    r"|dimanche|tomorrow|demain|today|aujourd'hui|tonight|week|semaine|month|mois|(?:the|le)\s+\d{1,2}(?:st|nd|rd|th|er)?"
    r"|january|february|march|april|june|july|august|september|october|november|december|janvier|fevrier|avril"
    r"|juin|juillet|aout|septembre|octobre|novembre|decembre)\b"
)


def _requests_said(full: Text) -> int:
    """Verbs that start a request; "…, create the product if missing" is a condition on the one before."""
    count = 0
    for m in _REQUEST_START.finditer(full.low):
        rest = re.split(r"[,;.!?]", full.low[m.end() :], maxsplit=1)[0]
        count += not _CONDITION.search(rest)
    return count


# "60 bags of Compost 50L": a container said before the product; whether it is part of the product's name
# ("Bag of Nails") or how it is packed is not in the words.
# "50 lb Organic Pea Seed": a unit said before the product, read into its name
_UNIT_FIRST = re.compile(r"^(?:lbs?|kg|kgs|g|oz|m|cm|mm|l|ml|cl|litres?|liters?|metres?|meters?|grams?|kilos?|feet|ft"
                         r"|yards?|gallons?|pounds?)\s+(?:of\s+|de\s+)?", re.IGNORECASE)  # fmt: skip
_CONTAINER = re.compile(
    r"^(?:bags?|boxes|box|cases?|packs?|packets?|cartons?|crates?|bottles?|cans?|tins?|rolls?|pallets?|sacks?|jars?"
    r"|tubes?|reams?|pairs?|sacs?|boites?|caisses?|paquets?|bouteilles?|rouleaux|palettes?|pots?|lots?|paires?)"
    r"\s+(?:of|d'|de|des)\s*",
    re.IGNORECASE,
)
_UNIT_ONLY = re.compile(
    r"^(?:kg|g|l|ml|cl|cm|mm|m|oz|lb|lbs|units?|pcs|x|hours?|h|minutes?|mins?|days?|heures?|jours?|inch|inches|in"
    r"|ft|feet|foot|yards?|pouces?|metres?|meters?|litres?|liters?|grams?|grammes?|watts?|w|volts?|v|gsm|mah)$",
    re.I,
)


def _line_doubts(acting: list[dict[str, Any]], more: bool = False) -> list[str]:
    """A number inside a name read as a line of its own ("50 Sac Kraft 5 kg", "PO ref 4471"): a line with no
    product beside named ones, or a product that is only a unit."""
    out = []
    for d in acting:
        lines = [ln for ln in d.get("lines") or d.get("components") or [] if isinstance(ln, dict)]
        productless = any(ln.get("product") is None for ln in lines)
        # an invoice may bill an amount; "add 5 more" adds to the product just used
        if productless and (len(lines) > 1 or not (d["intent"] == "create_invoice" or more)):
            out.append("a number was read as a line with no product")
        out += [f"the product {ln['product']!r} is only a unit" for ln in lines
                if isinstance(ln.get("product"), str) and _UNIT_ONLY.match(ln["product"].strip())]  # fmt: skip
        out += [f"the product {ln['product']!r} starts with a container or a unit" for ln in lines
                if isinstance(ln.get("product"), str)
                and (_CONTAINER.match(fold(ln["product"])) or _UNIT_FIRST.match(ln["product"]))]  # fmt: skip
    return out


def _run_together(acting: list[dict[str, Any]], full: Text) -> list[str]:
    """Two lines said with nothing between them in a list whose other lines are separated ("1 Reynolds 853 Tube
    Set, 1 Long Point Lug Set"): the number was a word of the first product's name."""
    out = []
    for d in acting:
        lines = [ln for ln in d.get("lines") or d.get("components") or [] if isinstance(ln, dict)]
        if len(lines) < 3:
            continue  # "5 chairs 3 tables": two lines said without "and" stay two
        for a, b in itertools.pairwise(lines):
            if not (isinstance(a.get("product"), str) and isinstance(b.get("product"), str)):
                continue
            qty = f"{b['qty']:g}"
            joined = rf"{re.escape(fold(a['product']))}\s+{re.escape(qty)}\s+{re.escape(fold(b['product']))}"
            if re.search(joined, fold(full.raw)):
                out.append(f"{a['product']!r} and {b['product']!r} may be one name")
    return out


def _name_doubts(acting: list[dict[str, Any]], full: Text) -> list[str]:
    """Names that hold a request, two records or a lower-case verb: a name run over its sentence."""
    out = _line_doubts(acting, more=full.search(MORE) is not None) + _run_together(acting, full)
    for d in acting:  # a note's or a description's own words may hold verbs, not a request on "it"
        out += [f"the {slot} {d[slot]!r} holds a request" for slot in ("text", "description")
                if isinstance(d.get(slot), str) and _REQUEST_IN_NAME.search(fold(d[slot]))]  # fmt: skip
        for slot in _NAME_SLOTS:
            value = d.get(slot)
            if isinstance(value, str) and (
                _REQUEST_IN_NAME.search(value.lower())
                or (slot not in _FREE_TEXT and _ENDS_IN_A_LINK.search(value))
                or _TWO_RECORDS.search(value.lower())
                or (slot not in _FREE_TEXT and _lower_verb_in(value))
            ):
                out.append(f"the {slot} {value!r} holds a request")
    return out


def _domain_doubt(intents: list[Intent], acting: list[dict[str, Any]], full: Text) -> list[str]:
    """A message that names one domain's things read as another domain's intent."""
    domains = {type(i).domain for i in intents if i.intent not in _GIVE_UP}  # type: ignore[attr-defined]
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
    if full.search(_DAY_SAID) and any("deadline" in d and d["deadline"] is None for d in acting):
        out.append("a day was said but no deadline read")
    named_words = _capitalised_keywords(full.raw, acting)
    if named_words:
        out.append(f"capitalised keywords read as keywords, not names: {', '.join(named_words)}")
    sales_read = all(d["intent"] in ("list_orders", "order_status") for d in acting)
    if full.search(_RECEIVED) and full.search(CONCEPTS["order"]) and sales_read:
        out.append("a received order is a purchase, not a sales order")
    return out


# What makes a clause ask for something to be read: a read verb, a question word, a question mark.
_ASKS = re.compile(
    r"\?|\b(?:show|list|display|tell|give|send|get|find|search|look|check|see|view|pull|print|export|report|what|what's"
    r"|which|who|whose|where|when|how|any|is there|are there|do we|did we|have we|montre|affiche|liste|donne|dis"
    r"|cherche|trouve|verifie|voir|vois|envoie|envoyer|imprime|exporte|sors|quels?|quelles?|qui|ou|quand|combien"
    r"|comment|est-ce|y a-t-il)\b"
)


# A word that goes on a name: a capitalised word, or a size or code glued to its unit ("20m", "F4", "3x50g")
_NAME_GOES_ON = re.compile(r"[A-ZÀ-Ý][\w'’-]*|\d+(?:[.,]\d+)?[a-zA-Z]+\w*|[a-zA-Z]+\d\w*|x\s*\d+(?:[.,]\d+)?[a-z]+\b")
_BEFORE_NAME = re.compile(r"([A-ZÀ-Ý][\w'’-]*)\s+$")


def _cut_names(acting: list[dict[str, Any]], message: str) -> list[str]:
    """A name cut short: the message goes on with a word of a name right after it ("Mooring Line 12mm" of
    "Mooring Line 12mm x 20m at 38") or before it ("Media Ltd" of "Paid Media Ltd"), a word no slot took."""
    if in_capitals(message):
        return []  # a message in capitals says nothing by its case
    values = [(k, v) for d in acting for k, v in _named_values(d)]
    taken = {w for _, v in values for w in re.findall(r"[^\W_]+", fold(v))}
    out = []
    for slot, value in values:
        at = fold(message).find(fold(value))
        if at < 0 or not value.strip():
            continue
        end = at + len(value)
        after = _NAME_GOES_ON.match(message, end + len(message[end:]) - len(message[end:].lstrip(" ")))
        before = _BEFORE_NAME.search(message[:at])
        if before and re.search(r"(?:^|[.!?:;])\s*$", message[: before.start()]):
            before = None  # a sentence's first word is capitalised anyway
        for m in (after, before):
            words = re.findall(r"[^\W_]+", fold(m.group(0))) if m else []
            keyword_ok = not m or not m.group(0)[0].isupper()  # a capitalised keyword mid-sentence is a name's word
            if m and _DAY_SAID.fullmatch(fold(m.group(0)).strip()):
                continue  # "team huddle Thursday 8:15": a day after the name
            if (
                m
                and words
                and not all(w in taken or (keyword_ok and (w in _KEYWORDS or w in STOPWORDS)) for w in words)
            ):
                out.append(f"the {slot} {value!r} may be cut short ({m.group(0)!r} beside it)")
    return out


def _named_values(d: dict[str, Any]) -> Iterable[tuple[str, str]]:
    for slot in _NAME_SLOTS:
        if isinstance(d.get(slot), str):
            yield slot, d[slot]
    for ln in d.get("lines") or d.get("components") or []:
        if isinstance(ln, dict) and isinstance(ln.get("product"), str):
            yield "product", ln["product"]


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


# "Mrs Okafor says …", "Madame Roux a appelé": a person named by a title, whom no slot took
_TITLED = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Dr|Mme|Mlle|Monsieur|Madame|Mademoiselle|M\.)\.?\s+([A-ZÀ-Ý][\w'’-]+)")


# "Confirm Labs says their portal is down", "Maison Roux a appelé": who is speaking is the party concerned
_SPEAKER = re.compile(r"(?:^|[.!?]\s+)(?P<who>[A-ZÀ-Ý][\w&'’.-]*(?:\s+(?:&\s+)?[A-ZÀ-Ý0-9][\w&'’.-]*){0,4})\s+"
                      r"(?:says|said|reports|reported|rang|called|phoned|emailed|wrote|complains|complained|dit|signale"
                      r"|a\s+appel[ée]|a\s+[ée]crit|se\s+plaint|nous\s+dit)\b")  # fmt: skip


def _titled_people(acting: list[dict[str, Any]], message: str) -> list[str]:
    """A person named by a title, or a party who speaks, whom no slot (but a free text) took."""
    in_slots = " ".join(fold(v) for d in acting for k, v in d.items() if k not in _FREE_TEXT and isinstance(v, str))
    named = [m.group(0) for m in _TITLED.finditer(message) if fold(m.group(1)) not in in_slots]
    named += [m.group("who") for m in _SPEAKER.finditer(message) if fold(m.group("who")) not in in_slots]
    return [f"{who!r} is named but no slot took them" for who in named]


# A verb where a request starts: the clause's start, or after a comma, "and", "then"
_ACT_STARTS = re.compile(
    rf"(?:^|[,;—-]\s*|\b(?:and|et|then|puis|ensuite)\s+)\W*(?:please\s+|svp\s+)?(?P<verb>{CHAIN_VERBS})"
)


def _two_acts_in_a_clause(read: list[Clause]) -> list[str]:
    """A clause read as one intent that names two acts ("confirm it and raise the invoice" read as the invoice):
    one of them was swallowed."""
    out = []
    for c in read:
        if c.intent is None or c.intent.intent in _GIVE_UP or getattr(c.intent, "then", None):
            continue
        outside = c.text.low
        for value in sorted(strings_in(c.intent.model_dump(mode="json")), key=len, reverse=True):
            if len(value) > 2:
                outside = outside.replace(fold(value), " " * len(value))
        acts = {re.sub(r"(?:e[rzs]?|s)$", "", m.group("verb")) for m in _ACT_STARTS.finditer(outside)}
        if len(acts) > 1:
            out.append(f"one clause names {len(acts)} acts: {c.text.raw.strip()!r}")
    return out


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
    acting = [d for d in dumped if d["intent"] not in _GIVE_UP]
    if not acting:
        return []
    # a clause left unread that holds an action verb, a read verb or a number ("… et pointe 2h dessus")
    out = [f"a request was not read: {t.raw.strip()!r}" for t in dropped
           if (t.search(_ACTION) or t.search(_READ_VERB) or re.search(r"\d", t.low))
           and not t.search(_CONDITION)]  # fmt: skip
    out += _name_doubts(acting, full) + _domain_doubt(intents, acting, full) + _count_doubts(acting, full)
    out += [d for c in read for d in ref_doubts(c)]
    out += _reading_doubts(acting, full) + _unsaid(acting, message) + _statement_reads(read, acting)
    out += _cut_names(acting, message) + _question_acts(acting, message) + _titled_people(acting, message)
    out += _two_acts_in_a_clause(read)
    unread = _unread_numbers([c.text for c in read], dumped)
    if unread:
        out.append(f"numbers no slot took: {', '.join(unread)}")
    return out
