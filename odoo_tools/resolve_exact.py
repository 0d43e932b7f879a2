"""The cheapest resolution first: every name of one model in a message, looked up in one request.

One ``search_read`` asks for the records whose name *contains* each phrase (vowels and accented
letters as one-character wildcards, so "Chateau" meets "Château") or whose reference (code,
barcode, e-mail...) *is* the phrase. A phrase is settled here only when that answer is conclusive
under the resolver's own rules: exactly one record with that reference, or one name equal to the
phrase (after normalising) with no other containing name close to it. Anything else — no hit, two
hits, a possible typo twin — goes the full way (``resolve``), which sees a wider candidate set. The
read also brings the fields a later check wants (a product's free stock, a partner's company), kept
in ``odoo_tools.known`` so nothing reads them again.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from odoo_tools import known
from odoo_tools.names import LIKE_SPECIALS, like_literal
from odoo_tools.resolve import (
    COMPANY_SUFFIXES,
    REF_NUMBER,
    Candidate,
    ModelProfile,
    ResolverSettings,
    fact_fields,
    is_reference,
    keep_facts,
    normalize,
    profile_for,
    ref_fields,
    score,
)  # fmt: skip
from odoo_tools.results import RecordRef

if TYPE_CHECKING:
    from odoo_tools.client import OdooClient

__all__ = ["contains_pattern", "like_regex", "resolve_exact"]

_WILD = re.compile(r"[aeiouyAEIOUY]|[^\x00-\x7f]")
_ROWS_PER_PHRASE = 6  # more containing names than this and the phrase is too short to settle cheaply


def contains_pattern(phrase: str, *, strip_suffixes: bool = False) -> str:
    """``%…%`` matching names that contain ``phrase``, vowels and non-ASCII letters as ``_``.

    A company's legal suffix is left out ("Acme Corp" looks for "Acme"), so "Acme" and "Acme Corp"
    both come back and stay a question.
    """
    words = phrase.split()
    if strip_suffixes:
        while len(words) > 1 and normalize(words[-1]) in COMPANY_SUFFIXES:
            words.pop()
    body = "".join("_" if _WILD.fullmatch(ch) else like_literal(ch) for ch in " ".join(words))
    return f"%{body}%"


def like_regex(pattern: str) -> re.Pattern[str]:
    """PostgreSQL's ``ILIKE`` semantics of ``pattern`` as a regular expression (``\\`` escapes)."""
    out, escaped = [], False
    for ch in pattern:
        if escaped:
            out.append(re.escape(ch))
            escaped = False
        elif ch == "\\":
            escaped = True
        else:
            out.append({"%": ".*", "_": "."}.get(ch, re.escape(ch)))
    return re.compile("".join(out), re.IGNORECASE | re.DOTALL)


def _settle(phrase: str, rows: list[dict[str, Any]], profile: ModelProfile, pattern: re.Pattern[str],
            settings: ResolverSettings) -> RecordRef | None:  # fmt: skip
    """The one record ``rows`` (those the phrase's pattern or references matched) prove ``phrase`` means, or
    ``None`` (then the full resolver decides)."""
    model, strip = profile.model, profile.strip_suffixes
    refs = [r for r in rows if is_reference(profile, r, phrase)]
    if len(refs) > 1:
        return None
    if refs:
        return RecordRef(model=model, id=refs[0]["id"], display_name=refs[0]["display_name"])
    typed = set(phrase) & set(LIKE_SPECIALS)
    scored = sorted(
        (Candidate(record=RecordRef(model=model, id=r["id"], display_name=r["display_name"]),
                   score=score(phrase, r["display_name"], strip_suffixes=strip))
         for r in rows
         if pattern.fullmatch(str(r.get(profile.name_field) or "")) and typed <= set(str(r["display_name"]))),
        key=lambda c: (-c.score, c.record.id),
    )  # fmt: skip
    if not scored or scored[0].score < 100:
        return None
    runner_up = scored[1].score if len(scored) > 1 else 0.0
    return scored[0].record if scored[0].score - runner_up >= settings.margin else None


def resolve_exact(client: OdooClient, model: str, phrases: list[str], *, domain: list[Any] | None = None,
                  settings: ResolverSettings | None = None) -> dict[str, RecordRef]:  # fmt: skip
    """The phrases settled by one request, each with its record (remembered, with its facts, in ``known``)."""
    settings = settings or ResolverSettings()
    profile = profile_for(model, domain)
    texts = sorted({p.strip() for p in phrases if p.strip() and not re.fullmatch(r"#?\d+", p.strip())})
    # "SO42", "#7": numbers the full resolver reads as references, not names
    texts = [p for p in texts if known.recall_phrase(client, model, p, profile.domain) is None
             and not (profile.number_format and REF_NUMBER.match(p))]  # fmt: skip
    if not texts:
        return {}
    refs = ref_fields(client, profile)
    patterns = {text: contains_pattern(text, strip_suffixes=profile.strip_suffixes) for text in texts}
    clauses: list[Any] = []
    for text in texts:
        clauses.append([profile.name_field, "=ilike", patterns[text]])
        clauses += [[f, "=ilike", like_literal(text)] for f in refs]
    facts = fact_fields(client, model)
    fields = list(dict.fromkeys(["display_name", profile.name_field, *refs, *facts]))
    limit = _ROWS_PER_PHRASE * len(texts)
    rows = client.search_read(model, [*profile.domain, *["|"] * (len(clauses) - 1), *clauses], fields, limit=limit)
    if len(rows) >= limit:  # more may exist than were read: nothing here is conclusive
        return {}
    keep_facts(client, model, rows, facts)
    out: dict[str, RecordRef] = {}
    for text in texts:
        pattern = like_regex(patterns[text])
        mine = [r for r in rows if pattern.fullmatch(str(r.get(profile.name_field) or ""))
                or is_reference(profile, r, text)]  # fmt: skip
        ref = _settle(text, mine, profile, pattern, settings)
        if ref is not None:
            known.remember(client, ref, profile.domain, text)
            out[text] = ref
        else:  # the full resolver starts from what this read found for the phrase
            known.remember_pool(client, model, text, profile.domain, mine)
    return out
