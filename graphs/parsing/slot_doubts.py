"""What the slot values of a reading say about it: names and lines that ran over their sentence.

A name that holds a request or a lower-case verb, ends in a linking word, stops short of the words that
go on it, or was pieced together from words the message does not hold; a line that is only a unit, starts
with a container, or two lines that were one name; a person named whom no slot took. ``doubts`` (the
message-level checks) adds these to its own.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from typing import Any, get_args

from pydantic import BaseModel

from graphs.parsing.dates import DAY_SAID, next_weekday_unsure
from graphs.parsing.intents import INTENT_TYPES, Line
from graphs.parsing.names import PACKED_IN
from graphs.parsing.split import CHAIN_VERBS, MORE
from graphs.parsing.text import Text, fold, in_capitals
from graphs.parsing.vocabulary import PHRASE_WORDS, STOPWORDS, strings_in

__all__ = ["slot_doubts"]


# A name that ends in a request ("Oak Bench and confirm it"): a clause swallowed into a slot.
_REQUEST_IN_NAME = re.compile(rf"\b{CHAIN_VERBS}(?:\s+|-)(?:it|them|that|this|le|la|les|l')\b")


# "Design and a task Review": two records said as one name
_TWO_RECORDS = re.compile(
    r"\b(?:and|et)\s+(?:a|an|the|une?|le|la)\s+(?:task|tache|project|projet|contact|lead|product)\b"
)


# "Rousseau Avocats de": a name that ends in a small linking word ran into the words after it
_ENDS_IN_A_LINK = re.compile(r"\s(?:de|du|des|d'|of|for|the|a|an|à|au|aux|and|et|with|avec|pour|to|in|on|sur|en)$")


# A verb or a naming word written in lower case inside a name ("create a product called Post Box", "show me
# Acme"): the name ran over the request's own words. Names spell verbs capitalised ("Confirm Labs").
_VERB_IN_NAME = re.compile(
    rf"(?<![\w'-])(?:{CHAIN_VERBS}|(?:called|named|appelee?|nommee?|then|puis|please|svp|show|list|montre|affiche"
    r"|we|us|our|nous|notre|nos|you|vous|they|ils|elles|should|must|would|could|will|doit|devrait"
    r"|have|has|had|is|are|was|were|been|does|did|ont|sont|etait|etaient|avait|avaient|give|assign|hand"
    r"|[a-z]{3,}ly|[a-z]{4,}ement)\b)"
)


# A name that ends in a state or a price word ("Minster School remain unpaid", "cowl price"): the words that
# say what is asked about ran into the name.
_ENDS_IN_A_STATE = re.compile(
    r"\s(?:unpaid|overdue|outstanding|pending|due|late|paid|prices?|costs?|prix|tarifs?"
    r"|impay[ée]+s?|retard)$",
    re.I,
)


# "€1.890": three digits after one dot is a thousands dot (1 890) as often as a decimal point (1.89).
_THOUSANDS_OR_DECIMAL = re.compile(r"(?<![\d.,])\d{1,3}\.\d{3}(?![\d.,])")


# "the Pocket Notebook", "new Chullo hat rainbow": a lower-case article or "new" kept at the head of a name
# (a name spells its own article capitalised: "The Body Shop").
_STARTS_WITH_AN_ARTICLE = re.compile(r"^(?:the|new|our|my|this|that|le|la|les|mon|ma|mes|notre|nos|nouveau|nouvelle)\s")


_NAME_SLOTS = ("customer", "product", "name", "contact", "vendor", "project", "task", "department", "subject", "title")


_FREE_TEXT = ("subject", "title")  # a problem described in words holds verbs ("the terminal won't print")


# Keywords that may also be words of a name ("Stock Pot", "Order Book", "Confirm Labs"), not small words.
_KEYWORDS = PHRASE_WORDS - STOPWORDS


_CAPITALISED = re.compile(r"(?<![\w'’-])([A-ZÀ-Ý][a-zà-ÿ]+)\b")


# a sentence's first word, or a value after "to/en/as" ("move it to Won", "passe-la en Gagné": a stage's name)
_SENTENCE_START = re.compile(r"(?:^|[.!?:;«\"“(]\s*|\b(?:to|into|as|en|à|a)\s+)$")


def _own_words_slots() -> frozenset[str]:
    """Slots a person fills with their own words (names, titles, notes): every plain ``str`` field, not the
    closed choices (a ``Literal``) nor what the parser writes itself (a question, a reason)."""
    models: tuple[type[BaseModel], ...] = (*INTENT_TYPES, Line)
    plain = {name for model in models for name, field in model.model_fields.items()
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


# "60 bags of Compost 50L": a container said before the product; whether it is part of the product's name
# ("Bag of Nails") or how it is packed is not in the words.
# "50 lb Organic Pea Seed": a unit said before the product, read into its name
_UNIT_FIRST = re.compile(r"^(?:lbs?|kg|kgs|g|oz|m|cm|mm|l|ml|cl|litres?|liters?|metres?|meters?|grams?|kilos?|feet|ft"
                         r"|yards?|gallons?|pounds?)\s+(?:of\s+|de\s+)?", re.IGNORECASE)  # fmt: skip


_CONTAINER = re.compile(
    r"^(?:bags?|boxes|box|cases?|packs?|packets?|cartons?|crates?|bottles?|cans?|tins?|rolls?|pallets?|sacks?|jars?"
    r"|tubes?|reams?|pairs?|sheets?|feuilles?|bocal|bocaux|sacs?|boites?|caisses?|paquets?|bouteilles?|rouleaux|palettes?|pots?|lots?|paires?)"
    r"\s+(?:of|d'|de|des)\s*",
    re.IGNORECASE,
)
# "40 jars acacia honey": a plural container in lower case, then the goods in lower case, with no "of": how they
# are packed, not a product called "Jars …" ("30 Sac Kraft", "500 cartons 40x30" are names).
_PACKED_IN = re.compile(r"^(?:bags|boxes|cases|packs|packets|cartons|crates|bottles|cans|tins|rolls|pallets|sacks|jars"
                        r"|tubes|reams|sheets)\s+(?=[a-z]{3})")  # fmt: skip


def _container_first(product: str) -> bool:
    return bool(_CONTAINER.match(fold(product)) or _UNIT_FIRST.match(product) or _PACKED_IN.match(product))


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
        if (
            any(ln.get("product") is None and ln.get("unit_price") is None for ln in lines)
            and d["intent"] == "create_invoice"
        ):
            out.append("an amount was read as a quantity")  # "invoice 250 for the work": 250 is money, not a count
        # an invoice may bill an amount; "add 5 more" adds to the product just used
        if productless and (len(lines) > 1 or not (d["intent"] == "create_invoice" or more)):
            out.append("a number was read as a line with no product")
        out += [f"the product {ln['product']!r} is only a unit" for ln in lines
                if isinstance(ln.get("product"), str) and _UNIT_ONLY.match(ln["product"].strip())]  # fmt: skip
        out += [f"the product {ln['product']!r} starts with a container or a unit" for ln in lines
                if isinstance(ln.get("product"), str)
                and _container_first(ln["product"])]  # fmt: skip
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
    out += [f"the product {d['product']!r} starts with a container or a unit" for d in acting
            if isinstance(d.get("product"), str)
            and _container_first(d["product"])]  # fmt: skip
    for d in acting:  # a note's or a description's own words may hold verbs, not a request on "it"
        out += [f"the {slot} {d[slot]!r} holds a request" for slot in ("text", "description")
                if isinstance(d.get(slot), str) and _REQUEST_IN_NAME.search(fold(d[slot]))]  # fmt: skip
        for slot in _NAME_SLOTS:
            value = d.get(slot)
            if isinstance(value, str) and (
                _REQUEST_IN_NAME.search(value.lower())
                or (slot not in _FREE_TEXT and _ENDS_IN_A_LINK.search(value))
                or (slot not in _FREE_TEXT and _ENDS_IN_A_STATE.search(value))
                or (slot not in _FREE_TEXT and _STARTS_WITH_AN_ARTICLE.match(value))
                or _TWO_RECORDS.search(value.lower())
                or (slot not in _FREE_TEXT and _lower_verb_in(value))
            ):
                out.append(f"the {slot} {value!r} holds a request")
    return out


# A word that goes on a name: a capitalised word, or a size or code glued to its unit ("20m", "F4", "3x50g")
# or a link word and a capitalised word that ends the phrase ("Wheels" of "for Wheels for Good: 4 …")
_NAME_GOES_ON = re.compile(
    r"[A-ZÀ-Ý][\w'’-]*|\d+(?:[.,]\d+)?[a-zA-Z]+\w*|[a-zA-Z]+\d\w*|x\s*\d+(?:[.,]\d+)?[a-z]+\b"
    r"|(?:for|of|and|de|du|des|et)\s+[A-ZÀ-Ý][\w'’-]*(?=\s*[:;,]|\s*$)"
)


_BEFORE_NAME = re.compile(r"([A-ZÀ-Ý][\w'’-]*\.?)\s+$")
_COURTESY = re.compile(r"(?:Mr|Mrs|Ms|Miss|Mme|Mlle|Madame|Monsieur|Mademoiselle|M)\.?")


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
        if before and _COURTESY.fullmatch(before.group(1)):
            before = None  # "Mme Sophie Lambert-Dubois": a courtesy title is no part of the name
        for m in (after, before):
            words = re.findall(r"[^\W_]+", fold(m.group(0))) if m else []
            keyword_ok = not m or not m.group(0)[0].isupper()  # a capitalised keyword mid-sentence is a name's word
            if m and m.group(0)[0].islower() and " " in m.group(0):  # "for Good": the capitalised word after the link
                words, keyword_ok = words[-1:], False
            if m and DAY_SAID.fullmatch(fold(m.group(0)).strip()):
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


# "Mrs Okafor says …", "Madame Roux a appelé": a person named by a title, whom no slot took
_TITLED = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Dr|Mme|Mlle|Monsieur|Madame|Mademoiselle|M\.)\.?\s+([A-ZÀ-Ý][\w'’-]+)")


# "Confirm Labs says their portal is down", "Maison Roux a appelé": who is speaking is the party concerned
_SPEAKER = re.compile(r"(?:^|[.!?]\s+)(?P<who>[A-ZÀ-Ý][\w&'’.-]*(?:\s+(?:&\s+)?[A-ZÀ-Ý0-9][\w&'’.-]*){0,4})\s+"
                      r"(?:says|said|reports|reported|rang|called|phoned|emailed|wrote|complains|complained|dit|signale"
                      r"|a\s+appel[ée]|a\s+[ée]crit|se\s+plaint|nous\s+dit)\b")  # fmt: skip


def _titled_people(acting: list[dict[str, Any]], message: str) -> list[str]:
    """A person named by a title, or a party who speaks, whom no slot (but a free text) took."""
    in_slots = " ".join(fold(v) for d in acting for k, v in d.items() if k not in _FREE_TEXT and isinstance(v, str))
    named = [m.group(0) for m in _TITLED.finditer(message) if fold(m.group(1).strip("'’")) not in in_slots]
    named += [m.group("who") for m in _SPEAKER.finditer(message) if fold(m.group("who")) not in in_slots]
    return [f"{who!r} is named but no slot took them" for who in named]


def _described_party(acting: list[dict[str, Any]], message: str) -> list[str]:
    """A customer or vendor said in lower case after an article ("for the rigging work"): a description of the
    work, not a party's name (names typed in lower case come without one: "quote lantern & kite …")."""
    said = fold(message)
    return [f"the {slot} {d[slot]!r} reads as a description" for d in acting for slot in ("customer", "vendor")
            if isinstance(d.get(slot), str) and d[slot].islower() and not in_capitals(message)
            and re.search(rf"\b(?:the|le|la|les|l'|our|notre)\s*{re.escape(fold(d[slot]))}", said)]  # fmt: skip


def _packed_goods(acting: list[dict[str, Any]], message: str) -> list[str]:
    """A line's goods said after their container ("60 bottles carmenere"): read as packed in it, but a shop may
    sell the bottle or the bag as the product."""
    return [f"the product {ln['product']!r} came after a container: packed in it, or part of its name?"
            for d in acting for ln in d.get("lines") or d.get("components") or []
            if isinstance(ln, dict) and isinstance(ln.get("product"), str)
            and re.search(r"\b" + PACKED_IN.pattern + re.escape(ln["product"]), message)]  # fmt: skip


def slot_doubts(acting: list[dict[str, Any]], full: Text, message: str) -> list[str]:
    """The reasons the slot values give to doubt a reading (``message``: the text as written)."""
    out = _name_doubts(acting, full) + _unsaid(acting, message) + _cut_names(acting, message)
    out += _described_party(acting, message)
    out += _packed_goods(acting, message)
    out += _titled_people(acting, message)
    out += [f"{number!r}: a thousands dot or a decimal point?" for number in _THOUSANDS_OR_DECIMAL.findall(message)]
    unsure_day = next_weekday_unsure(fold(message))
    if unsure_day:
        out.append(f"{unsure_day!r}: this week's or next week's?")
    named_words = _capitalised_keywords(full.raw, acting)
    if named_words:
        out.append(f"capitalised keywords read as keywords, not names: {', '.join(named_words)}")
    return out
