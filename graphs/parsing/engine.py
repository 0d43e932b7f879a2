"""Text → typed intents: the ``Parser`` protocol and ``OfflineParser``, deterministic, English and French.

The offline parser needs no LLM and no network. A message is cleaned up (``cleanup.prepare``),
split into clauses where a new action verb starts ("…, confirm it and invoice it"), and each clause
goes through an ordered list of rules (first match wins). Clauses that say "it"/"that order" after
an intent that can carry them become its chained steps (``then``). Entity phrases stay text: they
are resolved against Odoo later.
"""

from __future__ import annotations

import re
from typing import Any, Protocol, runtime_checkable

from pydantic import BaseModel, Field, ValidationError

from graphs.parsing.clause import Clause, Rule
from graphs.parsing.cleanup import Prepared, as_written, decimal_commas, prepare
from graphs.parsing.dates import find_period
from graphs.parsing.doubts import doubts
from graphs.parsing.intents import (
    GIVE_UP,
    CreateContact,
    CreateDepartment,
    CreateEmployee,
    CreateProduct,
    Intent,
    MoveLeadStage,
    MoveTaskStage,
    ParseResult,
    PublishProduct,
    StockLevel,
    TagContact,
    Unsupported,
)  # fmt: skip
from graphs.parsing.names import PACKING_ONLY, owner_of
from graphs.parsing.past import as_read, is_question
from graphs.parsing.questions import (
    NOTHING_FOUND,
    OTHER_DOMAIN,
)
from graphs.parsing.ranker_votes import ranked_alone, ranker_doubts
from graphs.parsing.rules.calendar import CALENDAR_RULES
from graphs.parsing.rules.common import COMMON_RULES
from graphs.parsing.rules.crm import CRM_RULES
from graphs.parsing.rules.fleet import FLEET_RULES
from graphs.parsing.rules.helpdesk import HELPDESK_RULES
from graphs.parsing.rules.hr import HR_RULES
from graphs.parsing.rules.inventory import INVENTORY_RULES
from graphs.parsing.rules.manufacturing import MANUFACTURING_RULES
from graphs.parsing.rules.partners import PARTNER_RULES
from graphs.parsing.rules.projects import PROJECT_RULES, new_project_first
from graphs.parsing.rules.purchase import PURCHASE_RULES
from graphs.parsing.rules.sales import SALES_RULES
from graphs.parsing.rules.website import WEBSITE_RULES
from graphs.parsing.split import chain, split_clauses
from graphs.parsing.text import Text, fold
from graphs.parsing.vocabulary import CONCEPTS, DOMAINS, OUTRANKING, language, unexplained
from odoo_tools.i18n import say

__all__ = ["UNSURE", "OfflineParser", "ParseContext", "Parser", "RecentRecord"]

# The highest confidence of a reading that left words unaccounted for: under the auto parser's default
# threshold (0.6), so `auto` asks the LLM and the graph asks a person before any write.
UNSURE = 0.55
REFUSED = "reading refused:"  # a rule's reading whose slots are out of range ("a payment of 0")


class RecentRecord(BaseModel):
    """A record the thread touched: what "it" may refer to. Its name comes from Odoo: data, not instructions."""

    model: str
    name: str


class ParseContext(BaseModel):
    """What a parser may know of the thread besides the message (the LLM parser shows it as marked data)."""

    recent: list[RecentRecord] = Field(default_factory=list)


@runtime_checkable
class Parser(Protocol):
    """Anything that turns one message into a ParseResult (offline rules, an LLM, a fallback of both)."""

    name: str

    def parse(self, text: str, context: ParseContext | None = None) -> ParseResult: ...


RULES: tuple[Rule, ...] = (
    *COMMON_RULES, *INVENTORY_RULES,
    *CRM_RULES, *PURCHASE_RULES, *PROJECT_RULES, *HR_RULES, *MANUFACTURING_RULES,
    *CALENDAR_RULES, *FLEET_RULES, *WEBSITE_RULES, *HELPDESK_RULES, *PARTNER_RULES,
    *SALES_RULES,
)  # fmt: skip


# --- the parser --------------------------------------------------------------------------------


def _first_match(c: Clause) -> Intent | None:
    for rule in RULES:
        try:
            intent = rule(c)
        except ValidationError as e:  # a slot out of range ("a payment of 0"): this reading does not hold
            c.notes.append(f"{REFUSED} {rule.__name__.strip('_')}: {e.errors()[0]['msg']}")
            continue
        if intent is not None:
            return intent
    return None


def _with_owner(intent: Intent | None, c: Clause) -> Intent | None:
    """An intent's unnamed document filled with its owner ("post Harbor Foods's draft invoice"): the graph finds
    that partner's documents (one is it, several are a question)."""
    if intent is None:
        return None
    owned = owner_of(c.text)
    if owned is None:
        return intent
    if getattr(intent, owned[0], "absent") is None:
        return intent.model_copy(update={owned[0]: owned[1]})
    customer = getattr(intent, "customer", None)
    customer = customer.removesuffix("'s") if isinstance(customer, str) else None
    if customer and owned[1].endswith(customer) and owned[1] != customer:
        return intent.model_copy(update={"customer": owned[1]})  # "Order of the Vine's orders": not "Vine"
    if getattr(intent, "customer", "absent") is None:  # "Harbourline's unpaid invoices?": a list of its documents
        return intent.model_copy(update={"customer": owned[1]})
    return intent


# "…and show me their unpaid invoices", "…puis montre-moi ses factures": the party of an earlier request.
_POSSESSIVE = re.compile(r"\b(?:their|his|her|its|leurs?|ses|son|sa)\b")
_PARTY_SLOTS = ("customer", "vendor", "contact")


def _with_possessor(intent: Intent | None, c: Clause, earlier: list[Intent]) -> Intent | None:
    """A party slot left empty in a clause that says "their"/"ses", filled from the nearest earlier request's
    party (a quotation's customer becomes the customer whose invoices are listed)."""
    if intent is None or not earlier or not c.text.search(_POSSESSIVE):
        return intent
    for slot in _PARTY_SLOTS:
        if getattr(intent, slot, "absent") is None:
            said = (getattr(i, s, None) for i in reversed(earlier) for s in _PARTY_SLOTS)
            party = next((v for v in said if isinstance(v, str)), None)
            return intent.model_copy(update={slot: party}) if party else intent
    return intent


_OWNER_SLOTS = ("customer", "vendor", "contact", "partner", "invoice", "order")


def _without_possessive(intent: Intent | None) -> Intent | None:
    """ "which of Stage Left Theatre's invoices…": the party is "Stage Left Theatre", not its possessive."""
    if intent is None:
        return None
    fixes = {s: v[:-2] for s in _OWNER_SLOTS if isinstance(v := getattr(intent, s, None), str) and v.endswith("'s")}
    return intent.model_copy(update=fixes) if fixes else intent


def _with_chez(intent: Intent | None, c: Clause) -> Intent | None:
    """ "Chez Fonfon a changé d'adresse", "devis pour Chez Janou": a capitalised "Chez" opening the message or
    after "pour"/"de"/"for" belongs to the name (French restaurants); "commande chez Paul" stays a preposition."""
    if intent is None:
        return None
    fixes = {}
    for slot in _PARTY_SLOTS:
        value = getattr(intent, slot, None)
        if isinstance(value, str) and not value.startswith("Chez "):
            before = rf"(?:^\W*|\b(?i:pour|de|du|à|a|for|to|of|avec|with)\s+)Chez\s+{re.escape(value)}\b"
            if re.search(before, c.text.raw):
                fixes[slot] = f"Chez {value}"
    return intent.model_copy(update=fixes) if fixes else intent


def _without_emoji(intent: Intent | None) -> Intent | None:
    """ "tag darcy nguyen as VIP 🌟": an emoji at the end of a name or tag is the writer's mood, not part of the value
    (free text — a note, a reason, a ticket's subject — is kept as written)."""
    if intent is None:
        return None
    fixes = {}
    for name, value in intent:
        if name in _FREE_TEXT or not isinstance(value, str):
            continue
        if (trimmed := _TRAILING_EMOJI.sub("", value)) != value and trimmed:
            fixes[name] = trimmed
    return intent.model_copy(update=fixes) if fixes else intent


# "Mme Sophie Lambert-Dubois", "Mrs Adaeze Okafor": a courtesy title before a first name and a surname is no part of
# the name a record carries ("Mrs Okafor", a title and a surname alone, is how the person is known: kept)
_TITLE = re.compile(r"^(?:Mr|Mrs|Ms|Miss|Mme|Mlle|Madame|Monsieur|Mademoiselle|M)\.?\s+(?=[A-Z][\w'-]*\s+[A-Z])")
_PERSON_SLOTS = ("customer", "contact", "assignee")


def _without_title(intent: Intent | None) -> Intent | None:
    if intent is None:
        return None
    slots = _PERSON_SLOTS + (("name",) if isinstance(intent, CreateEmployee | CreateContact) else ())
    fixes: dict[str, Any] = {s: _TITLE.sub("", v) for s in slots if isinstance(v := getattr(intent, s, None), str)}
    if isinstance(attendees := getattr(intent, "attendees", None), list):
        fixes["attendees"] = [_TITLE.sub("", a) if isinstance(a, str) else a for a in attendees]
    fixes = {k: v for k, v in fixes.items() if v != getattr(intent, k)}
    return intent.model_copy(update=fixes) if fixes else intent


_FREE_TEXT = frozenset({"text", "description", "reason", "subject", "body", "note", "question"})
_TRAILING_EMOJI = re.compile(r"[\s\u200d\ufe0f\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF]+$")


def _repeats(intent: Intent, before: Intent) -> bool:
    """The same act as the intent before, on nothing more ("… is finished, mark it done"), or a stock question on
    the goods just asked about, counted by their packing ("… gloves size M? How many boxes are left?")."""
    if type(intent) is not type(before) or intent.intent in GIVE_UP:
        return False
    if isinstance(intent, StockLevel) and isinstance(before, StockLevel) and intent.product and before.product:
        return bool(PACKING_ONLY.fullmatch(fold(intent.product))) and not PACKING_ONLY.fullmatch(fold(before.product))
    kind: Any = type(intent)  # one class of the union, built blank to compare
    try:
        return bool(intent == kind())
    except ValidationError:
        return False


_IT = frozenset(["it", "that", "this", "this one", "ca", "le", "la", "celui-ci", "celle-ci"])


def _on_same_record(intent: Intent | None, earlier: list[Intent]) -> Intent | None:
    """ "…task #81 and move it to Review": an unnamed stage move after a task is the task's, not a lead's;
    "create the contact X … then tag him VIP": the contact just made."""
    if not earlier:
        return intent
    prev = earlier[-1]
    if isinstance(intent, TagContact) and intent.contact is None and isinstance(prev, CreateContact):
        return intent.model_copy(update={"contact": prev.name})
    if isinstance(intent, PublishProduct) and isinstance(prev, CreateProduct) and fold(intent.product) in _IT:
        return intent.model_copy(update={"product": prev.name})  # "create a product X … and put it on the website"
    if isinstance(intent, CreateEmployee) and intent.department is None and isinstance(prev, CreateDepartment):
        return intent.model_copy(update={"department": prev.name})  # "… and add Lara as seamstress in it"
    if not isinstance(intent, MoveLeadStage) or intent.lead is not None:
        return intent
    if type(prev).domain != "projects":
        return intent
    task = getattr(prev, "task", None)
    return MoveTaskStage(task=task if isinstance(task, str) else None, stage=intent.stage)


# Questions about the weather: no Odoo record answers them ("is it going to snow", "va-t-il pleuvoir demain")
_SMALL_TALK = re.compile(
    r"\b(?:will it|is it going to|is it gonna|gonna|going to|va-t-il|va t il|il va|ca va)\s+"
    r"(?:rain|snow|pleuvoir|neiger)\b"
    r"|\bwhat(?:'s| is) the weather\b|\b(?:weather|meteo) (?:forecast|tomorrow|today|demain|aujourd'hui)\b"
    r"|\bquel temps (?:fera|fait)\b"
)


UNFIXED = "a word read as a typo is part of a name: kept as written"  # i18n-exempt: diagnostic note


class OfflineParser:
    """Deterministic keyword-and-pattern parser, English and French; no LLM, no network.

    Confidence starts at 1.0 for a clean exact match and is lowered, each reason listed in
    ``notes``, by:

    - 0.1 per keyword read through a typo ("quotaton" → "quotation"), at most 0.3;
    - 0.1 per slot filled with a default (a quantity of 1 nobody said), at most 0.2;
    - 0.05 per word left unexplained (not a keyword, filler word or part of a slot), at most 0.25,
      and a reading with any such word is at most ``UNSURE`` (0.55): a word no rule read may change
      the meaning ("change the oak chairs on S00187 to 14" is not a status question);
    - 0.1 when instruction-like text ("SYSTEM: …", "ignore previous instructions") was removed.

    ``Unsupported`` for another Odoo domain (CRM, HR, projects…) is 0.9 sure; for a message in
    which nothing was recognised it is 0.3, so that an LLM parser may try it.
    """

    name = "offline"

    def parse(self, text: str, context: ParseContext | None = None) -> ParseResult:
        """``context`` is not used: references like "it" are left to the resolver."""
        prep = prepare(text)
        lang = language(prep.text, prep.said)
        notes = [f"typo: {a!r} read as {b!r}" for a, b in prep.typos]
        notes += [f"ignored instruction-like text: {s!r}" for s in prep.injected]
        early = self._unsupported(prep, lang, notes)
        if early:
            return early
        intents, leftover, dropped = self._clauses(prep, lang, notes)
        if not intents:
            refused = any(n.startswith(REFUSED) for n in notes)  # a reading the rules refused stays refused
            if not refused and (rescued := ranked_alone(text, prep.text)) is not None:
                note = f"read by the ranker alone: {rescued.intent}"  # i18n-exempt: diagnostic note
                return self._result([rescued], UNSURE, [*notes, note], prep, lang)
            reason = say(NOTHING_FOUND, lang)
            return self._result([Unsupported(reason=reason)], 0.3, notes, prep, lang)
        leftovers = unexplained([c.text for c in leftover], [i.model_dump() for i in intents])
        if leftovers:
            notes.append(f"unexplained words: {', '.join(leftovers)}")
        read = chain(intents)
        chained = as_written(read, prep)
        # A word "fixed" into a keyword that ends up inside a name was no typo: the reading rested on a wrong fix.
        unfixed = [UNFIXED] if chained != read else []
        chained = decimal_commas(chained, prep.said)
        doubted = doubts(chained, leftover, dropped, prep.text, text) + ranker_doubts(chained, text) + unfixed
        notes += doubted
        return self._result(chained, UNSURE if doubted else 1.0, notes, prep, lang, len(leftovers))

    def _unsupported(self, prep: Prepared, lang: str, notes: list[str]) -> ParseResult | None:
        if not re.search(r"[^\W\d_]", prep.text.low):
            if not prep.injected:
                return self._result([Unsupported(reason=say(NOTHING_FOUND, lang))], 0.3, notes, prep, lang)
            reason = say("parser.instruction_like_only", lang)
            return self._result([Unsupported(reason=reason)], 0.9, notes, prep, lang)
        if prep.text.search(_SMALL_TALK):  # "will it rain tomorrow?": nothing Odoo holds, whatever words come with it
            notes.append("small talk: nothing Odoo holds")  # i18n-exempt: diagnostic note
            return self._result([Unsupported(reason=say(NOTHING_FOUND, lang))], 0.9, notes, prep, lang)
        if any(prep.text.search(CONCEPTS[c]) for c in OUTRANKING):
            return None  # "…before the Monday meeting, the pipeline please": a CRM request, not a calendar one
        for domain, pattern in DOMAINS.items():
            m = prep.text.search(pattern)
            if m:
                notes.append(f"other domain: {m.group(0)!r}")
                reason = say(OTHER_DOMAIN, lang, domain=domain)
                return self._result([Unsupported(reason=reason)], 0.9, notes, prep, lang)
        return None

    def _clauses(self, prep: Prepared, lang: str, notes: list[str]) -> tuple[list[Intent], list[Clause], list[Text]]:
        """Intents of each clause; a clause with none is carried into the next ("all good on INV-1, so post it").

        Also the text of a last clause that yielded nothing though the message was split there: a request
        the rules did not read ("…, and bump it to qualified").
        """
        pieces = split_clauses(prep.text)
        intents: list[Intent] = []
        read: list[Clause] = []
        dropped: list[Text] = []
        start = 0
        for i, (_, end) in enumerate(pieces):
            period, rest = find_period(prep.text.cut(start, end))
            clause = Clause(
                rest, prep.refs, period, not intents, len(pieces) == 1, lang, full=prep.text, said=prep.said
            )
            intent = _with_possessor(_with_owner(_first_match(clause), clause), clause, intents)
            intent = _with_chez(_without_possessive(_on_same_record(intent, intents)), clause)
            intent = _without_title(_without_emoji(intent))
            if is_question(clause):
                intent = as_read(intent, clause)
            if intent is None and i < len(pieces) - 1:
                continue
            # "MO-42 is finished, mark it done": the request repeats the statement's act (read, not added twice)
            repeated = intent is not None and bool(intents) and _repeats(intent, intents[-1])
            notes += clause.notes
            clause.intent = intent
            read.append(clause)
            if intent is not None and not repeated:
                intents += new_project_first(intent, clause)
            elif intents and not repeated:
                dropped.append(clause.text)
            start = end
        return intents, read, dropped

    def _result(self, intents: list[Intent], base: float, notes: list[str], prep: Prepared, lang: str,
                unexplained: int = 0) -> ParseResult:  # fmt: skip
        defaults = sum(n.startswith("quantity defaulted") for n in notes)
        penalty = min(0.3, 0.1 * len(prep.typos)) + min(0.2, 0.1 * defaults) + min(0.25, 0.05 * unexplained)
        penalty += 0.1 if prep.injected else 0.0
        if unexplained:  # a word no rule accounted for may change the meaning: never sure enough to act alone
            base = min(base, UNSURE)
        confidence = round(max(0.0, min(base, 1.0 - penalty)), 2)
        return ParseResult(intents=intents, confidence=confidence, parser=self.name, notes=notes, lang=lang)
