"""Offline-parser rules for CRM: create a lead or opportunity, move its stage, won/lost, pipeline, leads at a stage.

"lead" and "opportunity" are CRM words only, so these rules run before the sales ones: "Create an
opportunity for Acme with $100k expected value" is never read as a quotation.
"""

from __future__ import annotations

import re

from graphs.parsing.clause import Clause
from graphs.parsing.intents import CreateLead, Intent, ListLeads, MarkLead, MoveLeadStage, PipelineSummary
from graphs.parsing.names import CUSTOMER_ANCHORS, CUSTOMER_STOP, anchors, entity_at, first_entity
from graphs.parsing.numbers import find_amount, fmt_number
from graphs.parsing.rules.partners import phone_of
from graphs.parsing.text import fold
from graphs.parsing.vocabulary import CONCEPTS, EXPLAINED_WORDS, FILLER_WORDS

__all__ = ["CRM_RULES", "stage_phrase"]


# "to Qualified", "into the proposal stage", "à l'étape Qualifié", "en Proposition"
_TO_STAGE = re.compile(
    r"(?:\b(?:to|into|at|in|a|à|en|vers|au)\s+|(?:->|→|=>)\s*)(?:the\s+|l'|la\s+|le\s+)?"
    r"(?:stage\s+|etape\s+|column\s+|colonne\s+|stade\s+)?(?:\"\s*)?"  # the name may be quoted: « Validation client »
    r"(?P<stage>[^\W\d_][\w'-]*(?:\s+[^\W\d_][\w'-]*)?)"
)
_BEFORE_STAGE = re.compile(r"(?<![\w'])(?P<stage>[^\W\d_][\w-]*)\s+(?:stage|etape|column|colonne|stade)\b")
_ARROW = re.compile(r"(?:->|→|=>)")
_STAGE_WORDS = re.compile(r"\s*\b(?:stage|etape|column|colonne|phase|stade)\b\s*$")
_NOT_STAGES = {"the", "stage", "etape", "stade", "pipeline", "crm", "won", "lost", "it", "them", "me", "au", "aux",
               "du", "de", "a", "à", "en"}  # fmt: skip
_BEFORE_A_NAME = {"in", "at", "to", "into", "on", "of", "for", "from", "dans", "vers", "la", "le", "les", "l", "this",
                  "that", "which", "what", "whose"}  # fmt: skip
# "new lead Rocky …", "new opp - Rocky …", "on the phone with Rocky", "a bloke called Rocky": a capitalised name
# right after these
_CONTACT_ANCHORS = [re.compile(r"\b(?:lead|opportunity|opp|piste|opportunite|deal)\s*[:-]?\s+"),
                    re.compile(r"\b(?:with|avec|called|named|appelee?|nommee?)\s+")]  # fmt: skip
_CONTACT_STOP = re.compile(
    CUSTOMER_STOP.pattern
    + r"|\b(?:worth|valued|d'une valeur|potential|potentiel|phoned|rang|called|emailed|texted|says|said|asked)\b"
)
_REASON = re.compile(r"\b(?:because|reason|car|raison|motif)\s*:?\s*(?P<why>[^.!?]+)")


# "move the opportunity Office Renovation to Qualified", "passe l'opportunité X à l'étape Y": named by its title.
_LEAD_ANCHORS = anchors(r"\b(?:lead|opportunity|opportunite|piste|affaire|opp|deal)\s+",
                        # "Opportunité gagnée pour Brasserie Horta", "deal lost with Acme": the outcome before the name
                        r"\b(?:lead|opportunity|opportunite|piste|affaire|opp|deal)\s+(?:gagnee?|perdue?|won|lost)\s+"
                        r"(?:pour|for|with|avec|de|chez|aupres de)\s+")  # fmt: skip
# (what the deal now is closes its name: "X c'est gagné", "X is won")
_LEAD_STOP = re.compile(
    r"\s(?:to|a|à|en|into|vers|as|comme|stage|etape|won|lost|gagnee?|perdue?|c'est|cest|is|was|est|a ete)\b|[,;:.!?]"
)
# "push the Harlow Fitness opp to …", "we won the Greyline Freight deal": named before the word, as English does
_NAME_BEFORE_LEAD = re.compile(
    r"(?P<name>[A-Z][\w&'.-]*(?:\s+(?:[A-Z0-9][\w&'.-]*|&|of|de|du|des|and|et)(?=\s+[A-Z0-9&]))*(?:\s+[A-Z0-9][\w&'.-]*)?)"
    r"\s+(?i:leads?|opps?|opportunity|deal)\b"
)


# "mark the Dangote Refinery staff quarters opportunity as lost": a capitalised name, then its lower-case words
_THE_NAME_LEAD = re.compile(
    r"\b(?i:the)\s+(?P<name>[A-Z][\w&'.-]*(?:\s+[\w&'.-]+){0,5}?)\s+(?i:opportunity|opp|deal|lead)\b"
)
# "…, they went with another installer": why the deal was lost, said without "because"
_WENT_ELSEWHERE = re.compile(
    r"\b(?:they|he|she|ils|elles?)\s+(?:went|chose|picked|signed|ont\s+choisi|sont\s+partis|est\s+partie?)"
    r"\b[^.!?,;]*"
)


def _is_a_name(value: str) -> bool:
    """Not only words of the request ("Move lead #4", "Great lead"): a sentence's first word is capitalised too."""
    return any(w not in EXPLAINED_WORDS and w not in FILLER_WORDS for w in re.findall(r"[^\W\d_]+", fold(value)))


def _lead_ref(c: Clause) -> str | None:
    ref = c.ref("any")
    if ref:
        return f"#{ref}" if ref.isdigit() else ref
    hit = first_entity(c.text, _LEAD_ANCHORS, _LEAD_STOP, capitalised=True)
    if hit:
        return hit.value
    before = next((m for m in _NAME_BEFORE_LEAD.finditer(c.text.raw) if _is_a_name(m.group("name"))), None)
    before = before or next((m for m in _THE_NAME_LEAD.finditer(c.text.raw) if _is_a_name(m.group("name"))), None)
    return before.group("name") if before else None


def stage_phrase(c: Clause) -> str | None:
    """The stage named: "<name> stage" first (it cannot be anything else), then "to/à/en <name>"."""
    before = _BEFORE_STAGE.search(c.text.low)
    # "in stage Qualified": a preposition before the word is no stage's name; the name comes after it
    if (
        before
        and before.group("stage") not in _NOT_STAGES | {"a", "which", "what", "each", "next", "same"} | _BEFORE_A_NAME
    ):
        return c.text.raw[before.start("stage") : before.end("stage")]
    for m in _TO_STAGE.finditer(c.text.low):
        value = _STAGE_WORDS.sub("", c.text.raw[m.start("stage") : m.end("stage")]).strip()
        if value and value.casefold() not in _NOT_STAGES and not re.match(r"§", value):
            return value
    return None


# "mark it won", "marque-la perdue": the lead the thread worked on last (the resolver's memory).
_MARK_IT = re.compile(r"\b(?:mark|marque[rz]?)[- ]+(?:it|that|this one|la|le|§\d+)\b")
# "X went elsewhere, mark him lost": a person marked, who is the sentence's subject
_MARK_PERSON = re.compile(r"\bmark\s+(?:him|her|them)\b")
_SUBJECT = re.compile(r"^\W*(?P<name>[A-Z][\w&'.-]*(?:\s+(?:[A-Z0-9][\w&'.-]*|&|of|de|du|des))*)\s+(?=[a-z])")
# "mark Bramley Hall Estate as lost": the lead named by its title, without the word "lead"
_MARK_NAMED = re.compile(
    r"\b(?i:mark|marque[rz]?)\s+(?P<name>[A-Z][\w&'.-]*(?:\s+(?:[A-Z0-9][\w&'.-]*|&|of|de|du|des))*)\s+"
    r"(?i:as\s+|comme\s+)?(?i:won|lost|gagn[ée]e?|perdue?)\b"
)
# An outcome said of a deal without the word "lead": "lost #112", "#112 won", "we lost #61", "on a gagné le
# mariage Vasseur", "we lost that one". "won't" is no outcome.
_OUTCOME = r"(?:lost|won(?!')|perdue?|gagnee?)"
_REF_OUTCOME = re.compile(rf"^\W*{_OUTCOME}\s*:?\s+§\d+|§\d+\s*(?:is\s+|est\s+|:\s*|-\s*)?{_OUTCOME}\b")
_WE_OUTCOME = re.compile(
    rf"\b(?:we|we've|we\s+have|on\s+a|on\s+l'a|nous\s+avons|nous\s+l'avons)\s+(?:just\s+|finally\s+|enfin\s+"
    rf"|finalement\s+|bien\s+)?{_OUTCOME}\s+"
)
_THE_LAST_ONE = re.compile(r"(?:it|that one|this one|that|the one|them|him|her)\b")
_SAID_LEAD = re.compile(r"(?:l'|la\s+|le\s+)?§(?P<n>\d+)")
_SAID_STOP = re.compile(r"[,;:.!?()]|\s-\s|\b(?:to|a|à|with|avec|because|car|they|ils|elles|but|mais|and|et)\b")
_GENERIC_DEAL = re.compile(r"\s+(?:deal|job|contract|account|opp|opportunity|lead)$", re.IGNORECASE)
# A thing lost that is another domain's record ("we lost the invoice", "on a perdu le colis de la commande")
_OTHER_RECORDS = ("order", "invoice", "product", "purchase", "task", "project", "ticket", "vehicle", "employee",
                  "delivery", "payment")  # fmt: skip


def _outcome_of(word: str) -> str:
    return "lost" if re.search(r"lost|perdu", fold(word)) else "won"


def _reason(c: Clause) -> str | None:
    why = c.text.search(_REASON)
    if why is None:
        elsewhere = c.text.search(_WENT_ELSEWHERE)
        return c.text.raw[elsewhere.start() : elsewhere.end()].strip() if elsewhere else None
    return c.text.raw[why.start("why") : why.end("why")].strip()


def _subject(c: Clause) -> str | None:
    m = _SUBJECT.search(c.text.raw)
    return m.group("name") if m and _is_a_name(m.group("name")) else None


def _said_lead(c: Clause, pos: int) -> tuple[bool, str | None]:
    """After "we lost"/"on a gagné": (whether it names a deal, the deal). A reference, "that one" (the thread's
    last) or a phrase holding a capitalised name ("le mariage Vasseur"); "we lost the keys" names none."""
    ref = _SAID_LEAD.match(c.text.low, pos)
    if ref:
        return True, f"#{c.refs[int(ref.group('n'))].text}" if c.refs[int(ref.group("n"))].kind == "any" else None
    if _THE_LAST_ONE.match(c.text.low, pos):
        return True, None
    hit = entity_at(c.text, pos, _SAID_STOP, allow_known=True)
    if hit is None or not any(w[0].isupper() for w in hit.value.split()):
        return False, None
    return True, _GENERIC_DEAL.sub("", hit.value)


def _outcome_said(c: Clause) -> Intent | None:
    """A won or lost deal said without the word "lead" or "opportunity"."""
    if c.has(*_OTHER_RECORDS) or c.ref("order", "invoice", "purchase", "production", "picking"):
        return None
    m = c.text.search(_REF_OUTCOME)
    if m and c.ref("any"):
        outcome = _outcome_of(m.group(0))
        return MarkLead(lead=_lead_ref(c), outcome=outcome, reason=_reason(c) if outcome == "lost" else None)
    m = c.text.search(_WE_OUTCOME)
    if m is None:
        return None
    named, lead = _said_lead(c, m.end())
    outcome = _outcome_of(m.group(0))
    return MarkLead(lead=lead, outcome=outcome, reason=_reason(c) if outcome == "lost" else None) if named else None


def _said_before(c: Clause) -> bool:
    """Whether an earlier clause of the message already said a deal was won or lost."""
    if c.first or c.full is None:
        return False
    at = c.full.low.find(c.text.low.strip())
    return at > 0 and re.search(rf"\b{_OUTCOME}", c.full.low[:at]) is not None


# "we won't win the Harlow deal", "on ne l'a pas perdue": no outcome; "won't" is not "won"
_NOT_OUTCOME = re.compile(
    r"\b(?:won't|wont|will\s+not|didn't|did\s+not|don't|do\s+not|not|never|ne\s+(?:l')?\w+\s+pas|n'\w+\s+pas)\s+"
    r"(?:yet\s+|really\s+|encore\s+)?(?:win|won|lose|lost|gagne\w*|perdu\w*)\b"
)


def _outcome_in(c: Clause) -> str | None:
    low = re.sub(r"\bwon't\b", "     ", c.text.low)
    if CONCEPTS["won_outcome"].search(low):
        return "won"
    return "lost" if CONCEPTS["lost_outcome"].search(low) else None


def _won_lost(c: Clause) -> Intent | None:
    if c.text.search(_NOT_OUTCOME):
        return None
    named = _MARK_NAMED.search(c.text.raw)
    person = c.text.search(_MARK_PERSON)
    lead_named = c.has("lead", "opportunity") or c.text.search(_MARK_IT) is not None or named or person
    if not lead_named:
        return _outcome_said(c)
    outcome = _outcome_in(c)
    if outcome is None:
        return None
    if c.has("list") and not c.ref("any"):
        return None  # "show won opportunities": a list, not an update
    lead = _lead_ref(c) or (named.group("name") if named else None) or (_subject(c) if person else None)
    if lead is None and _said_before(c):
        return None  # "we won the X deal!! mark it won": the news already read the act, with its deal
    return MarkLead(lead=lead, outcome=outcome, reason=_reason(c) if outcome == "lost" else None)


# What "it" may be besides a lead: "put a quote together for them", "annule le devis S01209 … a changé d'avis",
# "move #220 to Done and log 1.5 hours on it" are no lead's stage
_NOT_A_LEAD = ("task", "project", "quote", "order", "invoice", "purchase", "product", "mo", "bom", "timesheet",
               "cancel")  # fmt: skip


def _other_record(c: Clause) -> bool:
    return c.has(*_NOT_A_LEAD) or c.ref("order", "invoice", "purchase", "production", "picking") is not None


def _move_stage(c: Clause) -> Intent | None:
    moving = (
        c.has("move")
        or re.search(r"\bbouge[rz]?\b", c.text.low)  # "bouge-la en Négociation"
        or c.text.search(_ARROW)
        or re.search(r"\b(?:can|should|must|may)\s+go\s+(?:to|into)\b", c.text.low)
    )
    # "move it to Qualified": no domain word; the thread's last lead or task decides (graphs/references.py)
    # (a later clause too: "…task #81 and move it to Review" is the task's, decided by the parser's engine)
    bare = (c.whole or not c.first) and re.search(r"\b(?:it|this one|that one|la|le)\b(?!'s|\s+is\b)", c.text.low)
    if not (c.has("lead", "opportunity") or (bare and not _other_record(c))) or not moving:
        return None
    if c.has("list", "create") or c.text.search(_AS_LEAD):
        return None  # "put her in as a lead": a new lead, not a move
    stage = stage_phrase(c)
    if stage and fold(stage) in _OUTCOME_STAGES:  # "move it to Won": Odoo's own won/lost action, not a stage write
        return MarkLead(lead=_lead_ref(c), outcome=_OUTCOME_STAGES[fold(stage)])
    if stage is None and c.text.search(_TO_OUTCOME):
        return MarkLead(lead=_lead_ref(c), outcome="won" if c.has("won_outcome") else "lost")
    return MoveLeadStage(lead=_lead_ref(c), stage=stage) if stage else None


_TO_OUTCOME = re.compile(r"\b(?:to|into|as|en|à|a)\s+(?:won|lost|gagnee?|perdue?)\b")


_OUTCOME_STAGES = {"won": "won", "gagne": "won", "gagnee": "won", "lost": "lost", "perdu": "lost", "perdue": "lost"}


# "les pistes en Qualifié ?", "leads in negotiation?": leads at a stage, asked without a verb
_LEADS_AT = re.compile(
    r"^\W*(?:(?:the|any|all|our|les|des|nos)\s+)?(?:leads?|pistes?|opportunit\w*|opps?|deals?|prospects?)\s+"
    r"(?:(?:still\s+|toujours\s+)?(?:in|at|en|au|à|a|dans)\b)"
)


def _asked_at_stage(c: Clause) -> str | None:
    """The stage of "leads in <stage>?"; a stage named "New" is no request to create one."""
    stage = stage_phrase(c) if c.text.search(_LEADS_AT) else None
    if stage is None:
        return None
    at = c.text.raw.rfind(stage)
    rest = c.text.blank(at, at + len(stage)) if at >= 0 else c.text
    return None if any(rest.search(CONCEPTS[k]) for k in ("create", "add", "move")) else stage


def _pipeline(c: Clause) -> Intent | None:
    asked = _asked_at_stage(c)
    if asked:
        return ListLeads(stage=asked)
    if c.text.search(_AS_LEAD):
        return None  # "…, can you make it an opportunity": a new one, whatever "show" said before
    if not (c.has("pipeline") or (c.has("lead", "opportunity") and (c.has("list") or c.has("stage")))):
        return None
    if c.has("revenue") and not c.has("pipeline", "lead"):  # "chiffre d'affaires" is revenue, not "affaires" (deals)
        return None
    if c.has("create") and not c.has("list"):
        return None
    by_stage = re.search(r"\b(?:by|per|par|(?:in|for|at|dans|pour|a)\s+(?:each|every|chaque))\s+(?:stage|etape)s?\b",
                         c.text.low)  # fmt: skip
    stage = stage_phrase(c) if (c.has("stage") or c.has("lead")) and not by_stage else None
    if stage:
        return ListLeads(stage=stage)
    return PipelineSummary() if c.has("pipeline", "opportunity") or by_stage else ListLeads()


_PLAIN = re.compile(r"(?<![\w§.¤])(\d+(?:\.\d+)?)(?![\w%])")
# "could be 60 grand": thousands said in words
_GRAND = re.compile(r"(?<![\w§.¤])(\d+(?:\.\d+)?)\s+grand\b")


def _revenue(c: Clause, phone: str | None) -> float | None:
    """Money said as money ("$50k"), else a plain amount big enough to be one ("80k", "12,500", "60 grand"); never
    a piece of the phone number ("07700 900461" reads as 7700 and 900461)."""
    money = find_amount(c.text)
    if money:
        return money
    grand = c.text.search(_GRAND)
    if grand:
        return float(grand.group(1)) * 1000
    digits = re.sub(r"\D", "", phone or "")
    plain = (float(m.group(1)) for m in _PLAIN.finditer(c.text.low))
    return next((n for n in plain if n >= 1000 and fmt_number(n) not in digits), None)


# "stick him in as a lead", "add them as a prospect", "mets-le en piste": a person entered as a new lead
_AS_LEAD = re.compile(
    r"\b(?:as|comme|en|make\s+(?:it|them|him|her)|turn\s+(?:it|them)\s+into)\s+(?:an?\s+|une?\s+)?"
    r"(?:new\s+|nouvelle?\s+)?(?:lead|opportunity|opp|prospect|piste|opportunite)\b"
)


# "met someone at the trade show: Olsen Marine, …": a name introduced after a colon
_AFTER_COLON = anchors(r"[:—]\s*")


def _contact(c: Clause) -> str | None:
    """The customer: a capitalised name after "for"/"lead:"/"called" first ("lead: Mark Tennant, …, for his
    business"), else any phrase after "for"."""
    hit = (
        first_entity(c.text, CUSTOMER_ANCHORS, _CONTACT_STOP, capitalised=True)
        or first_entity(c.text, _CONTACT_ANCHORS, _CONTACT_STOP, capitalised=True)
        or first_entity(c.text, CUSTOMER_ANCHORS, _CONTACT_STOP)
        or first_entity(c.text, _AFTER_COLON, _CONTACT_STOP, capitalised=True)
    )
    return hit.value if hit else None


def _create_lead(c: Clause) -> Intent | None:
    if not c.has("lead", "opportunity") or c.ref("any"):
        return None
    email, phone = c.ref("email"), phone_of(c)
    contact = _contact(c)
    if not (c.has("create", "add") or contact or email or c.text.search(_AS_LEAD)):
        return None
    return CreateLead(contact=contact, email=email, phone=phone,
                      expected_revenue=_revenue(c, phone),
                      kind="lead" if c.has("lead") else "opportunity")  # fmt: skip


CRM_RULES = (_won_lost, _move_stage, _pipeline, _create_lead)
