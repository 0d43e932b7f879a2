"""Offline-parser rules for CRM: create a lead or opportunity, move its stage, won/lost, pipeline, leads at a stage.

"lead" and "opportunity" are CRM words only, so these rules run before the sales ones: "Create an
opportunity for Acme with $100k expected value" is never read as a quotation.
"""

from __future__ import annotations

import re

from graphs.parsing.clause import Clause
from graphs.parsing.intents import CreateLead, Intent, ListLeads, MarkLead, MoveLeadStage, PipelineSummary
from graphs.parsing.names import CUSTOMER_ANCHORS, CUSTOMER_STOP, anchors, first_entity
from graphs.parsing.numbers import find_amount
from graphs.parsing.text import fold

__all__ = ["CRM_RULES", "stage_phrase"]


# "to Qualified", "into the proposal stage", "à l'étape Qualifié", "en Proposition"
_TO_STAGE = re.compile(
    r"(?:\b(?:to|into|at|in|a|à|en|vers|au)\s+|(?:->|→|=>)\s*)(?:the\s+|l'|la\s+|le\s+)?"
    r"(?:stage\s+|etape\s+|column\s+|colonne\s+|stade\s+)?"
    r"(?P<stage>[^\W\d_][\w'-]*(?:\s+[^\W\d_][\w'-]*)?)"
)
_BEFORE_STAGE = re.compile(r"(?<![\w'])(?P<stage>[^\W\d_][\w-]*)\s+(?:stage|etape|column|colonne|stade)\b")
_ARROW = re.compile(r"(?:->|→|=>)")
_STAGE_WORDS = re.compile(r"\s*\b(?:stage|etape|column|colonne|phase|stade)\b\s*$")
_NOT_STAGES = {"the", "stage", "etape", "stade", "pipeline", "crm", "won", "lost", "it", "them", "me", "au", "aux",
               "du", "de", "a", "à", "en"}  # fmt: skip
# "new lead Rocky …", "on the phone with Rocky": a capitalised name right after these
_CONTACT_ANCHORS = [re.compile(r"\b(?:lead|opportunity|piste|opportunite|deal)\s*:?\s+"),
                    re.compile(r"\b(?:with|avec)\s+")]  # fmt: skip
_CONTACT_STOP = re.compile(CUSTOMER_STOP.pattern + r"|\b(?:worth|valued|d'une valeur|potential|potentiel)\b")
_REASON = re.compile(r"\b(?:because|reason|car|raison|motif)\s*:?\s*(?P<why>[^.!?]+)")


# "move the opportunity Office Renovation to Qualified", "passe l'opportunité X à l'étape Y": named by its title.
_LEAD_ANCHORS = anchors(r"\b(?:lead|opportunity|opportunite|piste)\s+")
_LEAD_STOP = re.compile(r"\s(?:to|a|à|en|into|vers|as|comme|stage|etape|won|lost|gagnee?|perdue?)\b|[,;:.!?]")


def _lead_ref(c: Clause) -> str | None:
    ref = c.ref("any")
    if ref:
        return f"#{ref}" if ref.isdigit() else ref
    hit = first_entity(c.text, _LEAD_ANCHORS, _LEAD_STOP, capitalised=True)
    return hit.value if hit else None


def stage_phrase(c: Clause) -> str | None:
    """The stage named: "<name> stage" first (it cannot be anything else), then "to/à/en <name>"."""
    before = _BEFORE_STAGE.search(c.text.low)
    if before and before.group("stage") not in _NOT_STAGES | {"a", "which", "what", "each", "next", "same"}:
        return c.text.raw[before.start("stage") : before.end("stage")]
    for m in _TO_STAGE.finditer(c.text.low):
        value = _STAGE_WORDS.sub("", c.text.raw[m.start("stage") : m.end("stage")]).strip()
        if value and value.casefold() not in _NOT_STAGES and not re.match(r"§", value):
            return value
    return None


# "mark it won", "marque-la perdue": the lead the thread worked on last (the resolver's memory).
_MARK_IT = re.compile(r"\b(?:mark|marque[rz]?)[- ]+(?:it|that|this one|la|le|§\d+)\b")


def _won_lost(c: Clause) -> Intent | None:
    lead_named = c.has("lead", "opportunity") or c.text.search(_MARK_IT) is not None
    if not lead_named or not c.has("won_outcome", "lost_outcome"):
        return None
    if c.has("list") and not c.ref("any"):
        return None  # "show won opportunities": a list, not an update
    outcome = "won" if c.has("won_outcome") else "lost"
    why = c.text.search(_REASON)
    reason = c.text.raw[why.start("why") : why.end("why")].strip() if why and outcome == "lost" else None
    return MarkLead(lead=_lead_ref(c), outcome=outcome, reason=reason)


def _move_stage(c: Clause) -> Intent | None:
    moving = (
        c.has("move")
        or c.text.search(_ARROW)
        or re.search(r"\b(?:can|should|must|may)\s+go\s+(?:to|into)\b", c.text.low)
    )
    # "move it to Qualified": no domain word; the thread's last lead or task decides (graphs/references.py)
    # (a later clause too: "…task #81 and move it to Review" is the task's, decided by the parser's engine)
    bare = (c.whole or not c.first) and re.search(r"\b(?:it|this one|that one|la|le)\b", c.text.low)
    if not (c.has("lead", "opportunity") or (bare and not c.has("task", "project"))) or not moving:
        return None
    if c.has("list", "create"):
        return None
    stage = stage_phrase(c)
    if stage and fold(stage) in _OUTCOME_STAGES:  # "move it to Won": Odoo's own won/lost action, not a stage write
        return MarkLead(lead=_lead_ref(c), outcome=_OUTCOME_STAGES[fold(stage)])
    if stage is None and c.text.search(_TO_OUTCOME):
        return MarkLead(lead=_lead_ref(c), outcome="won" if c.has("won_outcome") else "lost")
    return MoveLeadStage(lead=_lead_ref(c), stage=stage) if stage else None


_TO_OUTCOME = re.compile(r"\b(?:to|into|as|en|à|a)\s+(?:won|lost|gagnee?|perdue?)\b")


_OUTCOME_STAGES = {"won": "won", "gagne": "won", "gagnee": "won", "lost": "lost", "perdu": "lost", "perdue": "lost"}


def _pipeline(c: Clause) -> Intent | None:
    if not (c.has("pipeline") or (c.has("lead", "opportunity") and (c.has("list") or c.has("stage")))):
        return None
    if c.has("revenue") and not c.has("pipeline", "lead"):  # "chiffre d'affaires" is revenue, not "affaires" (deals)
        return None
    if c.has("create") and not c.has("list"):
        return None
    by_stage = re.search(r"\b(?:by|per|par)\s+(?:stage|etape)s?\b", c.text.low)
    stage = stage_phrase(c) if (c.has("stage") or c.has("lead")) and not by_stage else None
    if stage:
        return ListLeads(stage=stage)
    return PipelineSummary() if c.has("pipeline", "opportunity") else ListLeads()


def _revenue(c: Clause) -> float | None:
    """Money said as money ("$50k"), else a plain amount big enough to be one ("80k", "12,500")."""
    plain = find_amount(c.text, money_only=False)
    return find_amount(c.text) or (plain if plain is not None and plain >= 1000 else None)


def _create_lead(c: Clause) -> Intent | None:
    if not c.has("lead", "opportunity") or c.ref("any"):
        return None
    email, phone = c.ref("email"), c.ref("phone")  # masked by the clean-up, kept as written
    hit = first_entity(c.text, CUSTOMER_ANCHORS, _CONTACT_STOP) or first_entity(
        c.text, _CONTACT_ANCHORS, _CONTACT_STOP, capitalised=True
    )
    if not (c.has("create", "add") or hit or email):
        return None
    return CreateLead(contact=hit.value if hit else None, email=email, phone=phone,
                      expected_revenue=_revenue(c),
                      kind="lead" if c.has("lead") else "opportunity")  # fmt: skip


CRM_RULES = (_won_lost, _move_stage, _pipeline, _create_lead)
