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
    FACTS,
    REF_NUMBER,
    Candidate,
    ResolverSettings,
    normalize,
    profile_for,
    score,
)
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


def _settle(phrase: str, rows: list[dict[str, Any]], name_field: str, ref_fields: list[str], model: str,
            strip: bool, settings: ResolverSettings) -> RecordRef | None:  # fmt: skip
    """The one record ``rows`` prove ``phrase`` means, or ``None`` (then the full resolver decides)."""
    folded = phrase.strip().casefold()
    refs = [r for r in rows if any(str(r.get(f) or "").casefold() == folded for f in ref_fields)]
    if len(refs) > 1:
        return None
    if refs:
        return RecordRef(model=model, id=refs[0]["id"], display_name=refs[0]["display_name"])
    pattern = like_regex(contains_pattern(phrase, strip_suffixes=strip))
    typed = set(phrase) & set(LIKE_SPECIALS)
    scored = sorted(
        (Candidate(record=RecordRef(model=model, id=r["id"], display_name=r["display_name"]),
                   score=score(phrase, r["display_name"], strip_suffixes=strip))
         for r in rows if pattern.fullmatch(str(r.get(name_field) or "")) and typed <= set(str(r["display_name"]))),
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
    ref_fields = [f for f in profile.ref_fields if client.has_field(model, f)]
    clauses: list[Any] = []
    for text in texts:
        clauses.append([profile.name_field, "=ilike", contains_pattern(text, strip_suffixes=profile.strip_suffixes)])
        clauses += [[f, "=ilike", like_literal(text)] for f in ref_fields]
    wanted = [f for f in FACTS.get(model, ()) if client.has_field(model, f)]
    fields = list(dict.fromkeys(["display_name", profile.name_field, *ref_fields, *wanted]))
    limit = _ROWS_PER_PHRASE * len(texts)
    rows = client.search_read(model, [*profile.domain, *["|"] * (len(clauses) - 1), *clauses], fields, limit=limit)
    if len(rows) >= limit:  # more may exist than were read: nothing here is conclusive
        return {}
    for row in rows:
        known.remember_facts(client, model, {"id": row["id"], **{f: row[f] for f in wanted}, "display_name":
                                             row["display_name"]})  # fmt: skip
    out: dict[str, RecordRef] = {}
    for text in texts:
        ref = _settle(text, rows, profile.name_field, ref_fields, model, profile.strip_suffixes, settings)
        if ref is not None:
            known.remember(client, ref, profile.domain, text)
            out[text] = ref
        else:  # the full resolver starts from what this read found for the phrase
            pattern, folded = like_regex(contains_pattern(text, strip_suffixes=profile.strip_suffixes)), text.casefold()
            mine = [r for r in rows if pattern.fullmatch(str(r.get(profile.name_field) or ""))
                    or any(str(r.get(f) or "").casefold() == folded for f in ref_fields)]  # fmt: skip
            known.remember_pool(client, model, text, profile.domain, mine)
    return out
