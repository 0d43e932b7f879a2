"""Resolve a phrase a person typed ("acme", "SO42", "Chateau") to exactly one Odoo record, or ask.

Order: what this request already found (``odoo_tools.known``: by id, or the same phrase settled by
the one-request lookup of ``odoo_tools.resolve_exact``); an id; exact references (order/invoice
numbers, codes, emails); then a bounded candidate set from Odoo in one request (names and
references containing the phrase, or matching vowel-wildcard ``=ilike`` patterns, which also catch
accents and vowel typos that a fresh Odoo 19's accent-sensitive ``ilike`` misses), scored locally with
rapidfuzz on normalised names (case, accents, word order, company suffixes). The result is
``Found`` only for one clear winner; close runners-up make it ``Ambiguous``; never a silent
first match.

It stays one module (over 400 lines): it is one algorithm — per-model lookup profiles, candidate
search, scoring, the decision and its question — whose parts are tuned against each other.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, Field
from rapidfuzz import fuzz

from odoo_tools import known
from odoo_tools.errors import AmbiguousMatchError, NoMatchError
from odoo_tools.i18n import t
from odoo_tools.names import LIKE_SPECIALS, like_literal
from odoo_tools.results import RecordRef

if TYPE_CHECKING:
    from odoo_tools.client import OdooClient

__all__ = [
    "FACTS",
    "FEMININE_FR",
    "LABELS",
    "OWNED_BY_PARTNER",
    "PROFILES",
    "REF_NUMBER",
    "Ambiguous",
    "AmbiguousMatchError",
    "Candidate",
    "Found",
    "ModelProfile",
    "NoMatchError",
    "NotFound",
    "RecordInput",
    "Resolution",
    "ResolverSettings",
    "fact_fields",
    "found_or_made",
    "is_reference",
    "keep_facts",
    "label_of",
    "normalize",
    "profile_for",
    "ref_fields",
    "resolve",
    "resolve_one",
    "resolve_owned",
]  # fmt: skip

RecordInput = Annotated[int | str, Field(description="A record id, or what a person calls it")]

# Legal-form words that do not tell two companies apart ("Acme" is "Acme Corp").
COMPANY_SUFFIXES = frozenset(
    [
        "inc",
        "incorporated",
        "corp",
        "corporation",
        "co",
        "company",
        "ltd",
        "limited",
        "llc",
        "llp",
        "plc",
        "sa",
        "sas",
        "sarl",
        "sasu",
        "eurl",
        "gmbh",
        "ag",
        "bv",
        "nv",
        "srl",
        "spa",
        "oy",
        "ab",
        "as",
        "pty",
    ]
)
_VOWELS = re.compile(r"[aeiouy]")
REF_NUMBER = re.compile(r"^\s*(?:#|n[°o]\.?\s*)?([A-Za-z]*)[\s/-]*(\d+)\s*$")


# Fields read along with a record because a later step of the same request checks them.
FACTS: dict[str, tuple[str, ...]] = {
    # free stock for a quotation's preview; all the quantities for "how many X do we have" (computed overall)
    "product.product": (
        "free_qty",
        "is_storable",
        "type",
        "qty_available",
        "virtual_available",
        "incoming_qty",
        "outgoing_qty",
        "uom_id",
    ),
    "res.partner": ("company_id",),
}

SUGGESTED = 60.0  # a name at least this close to one that matched nothing is offered as "did you mean"


class ResolverSettings(BaseModel):
    """Thresholds (scores are 0-100, rapidfuzz WRatio on normalised names)."""

    accept: float = Field(default=88, description="A winner needs at least this score")
    margin: float = Field(default=6, description="...and this lead over the runner-up")
    plausible: float = Field(default=70, description="Below this a candidate is not a plausible match")
    candidate_limit: int = Field(default=20, description="Records per pattern: the one candidate request reads 3x this")


class Candidate(BaseModel):
    """A scored record, with the fields that tell it apart from the others."""

    record: RecordRef
    score: float
    details: dict[str, str] = Field(default_factory=dict)


class Found(BaseModel):
    """Exactly one clear match."""

    kind: Literal["found"] = "found"
    phrase: str
    record: RecordRef
    score: float
    via: str = Field(description="id, reference, or name")


class Ambiguous(BaseModel):
    """Several close matches: ask the person, ranked best first."""

    kind: Literal["ambiguous"] = "ambiguous"
    phrase: str
    model: str
    candidates: list[Candidate]

    def question(self) -> str:
        """The question to put to the person."""
        options = "; ".join(
            f"{i}. {c.record.display_name}" + (f" ({', '.join(c.details.values())})" if c.details else "")
            for i, c in enumerate(self.candidates, 1)
        )
        key = "resolve.which_one_feminine" if self.model in FEMININE_FR else "resolve.which_one"
        return t(key, phrase=self.phrase, options=options)


class NotFound(BaseModel):
    """Nothing plausible; the closest names, if any, as suggestions."""

    kind: Literal["not_found"] = "not_found"
    phrase: str
    model: str
    closest: list[Candidate] = Field(default_factory=list)

    def refusal(self, label: str) -> str:
        """The sentence saying nothing matches; ``label`` is what a person calls the model (``label_of``)."""
        near = ", ".join(c.record.display_name for c in self.closest if c.score >= 50)
        key = "resolve.no_match_feminine" if self.model in FEMININE_FR else "resolve.no_match"
        return t(key, label=label, phrase=self.phrase) + (t("resolve.closest", near=near) if near else "")


Resolution = Annotated[Found | Ambiguous | NotFound, Field(discriminator="kind")]


class ModelProfile(BaseModel):
    """How to look records of one model up."""

    model: str
    ref_fields: list[str] = Field(default_factory=list, description="Exact references, =ilike")
    number_format: str | None = Field(default=None, description="e.g. 'S{:05d}': SO42 -> S00042")
    name_field: str = "name"
    detail_fields: list[str] = Field(default_factory=list, description="Shown to tell candidates apart")
    domain: list[Any] = Field(default_factory=list)
    strip_suffixes: bool = False


PROFILES: dict[str, ModelProfile] = {
    "res.partner": ModelProfile(
        model="res.partner", ref_fields=["email", "vat", "ref"], detail_fields=["email", "city", "parent_id"],
        strip_suffixes=True,
    ),
    "product.product": ModelProfile(
        model="product.product", ref_fields=["default_code", "barcode"], detail_fields=["default_code", "lst_price"],
    ),
    "product.template": ModelProfile(
        model="product.template", ref_fields=["default_code", "barcode"], detail_fields=["default_code", "list_price"],
    ),
    "sale.order": ModelProfile(
        model="sale.order", ref_fields=["name", "client_order_ref"], number_format="S{:05d}",
        detail_fields=["partner_id", "state", "amount_total"],
    ),
    "account.move": ModelProfile(
        model="account.move", ref_fields=["name", "ref", "payment_reference"],
        detail_fields=["partner_id", "invoice_date", "amount_total"], domain=[["move_type", "!=", "entry"]],
    ),
    "purchase.order": ModelProfile(
        model="purchase.order", ref_fields=["name", "partner_ref"], number_format="P{:05d}",
        detail_fields=["partner_id", "state"],
    ),
    "stock.picking": ModelProfile(model="stock.picking", ref_fields=["name", "origin"], detail_fields=["state"]),
    # "MO-001", "#1" -> WH/MO/00001 (the main warehouse's sequence)
    "mrp.production": ModelProfile(model="mrp.production", ref_fields=["name", "origin"], number_format="WH/MO/{:05d}",
                                   detail_fields=["product_id", "state"]),
}  # fmt: skip


def normalize(text: str, *, strip_suffixes: bool = False) -> str:
    """Case-, accent- and punctuation-insensitive form; legal suffixes dropped for companies."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    words = re.findall(r"[a-z0-9]+", text)
    if strip_suffixes and len(words) > 1:
        kept = [w for w in words if w not in COMPANY_SUFFIXES]
        words = kept or words
    return " ".join(words)


def score(phrase: str, name: str, *, strip_suffixes: bool = False) -> float:
    """0-100 similarity of a typed phrase and a record name."""
    a, b = normalize(phrase, strip_suffixes=strip_suffixes), normalize(name, strip_suffixes=strip_suffixes)
    if not a or not b:
        return 0.0
    if a == b:
        return 100.0
    # token_sort handles word order; partial_ratio rewards "acme" inside "acme robotics" less than equality.
    return round(max(fuzz.token_sort_ratio(a, b), 0.9 * fuzz.partial_ratio(a, b) if len(a) >= 4 else 0), 1)


def _wild(text: str) -> str:
    return _VOWELS.sub("_", text)


def _pattern_domains(phrase: str) -> list[list[list[str]]]:
    """=ilike domains with vowels as one-character wildcards, so accents and vowel typos match.

    Three narrow queries (every word in full; every word's first four letters; every word's last
    four) keep the candidate set bounded while surviving one typo per word.
    """
    words = [w for w in normalize(phrase).split() if len(w) >= 3 and w not in COMPANY_SUFFIXES][:4]
    if not words:
        return []
    shapes: list[Callable[[str], str]] = [lambda w: w, lambda w: w[:4], lambda w: w[-4:]]
    domains: list[list[list[str]]] = []
    for shape in shapes:
        patterns = sorted({f"%{_wild(shape(w))}%" for w in words})
        if patterns not in [[p for _, _, p in d] for d in domains]:
            domains.append([["name", "=ilike", p] for p in patterns])
    return domains


def _ref(model: str, row: dict[str, Any]) -> RecordRef:
    return RecordRef(model=model, id=row["id"], display_name=row.get("display_name") or str(row["id"]))


def _details(client: OdooClient, profile: ModelProfile, ids: list[int]) -> dict[int, dict[str, str]]:
    fields = [f for f in profile.detail_fields if client.has_field(profile.model, f)]
    if not fields or not ids:
        return {}
    out: dict[int, dict[str, str]] = {}
    for row in client.read(profile.model, ids, fields):
        values = {f: (v[1] if isinstance(v, list) else str(v)) for f, v in row.items() if f in fields and v}
        out[row["id"]] = values
    # Keep only what differs between the candidates: that is what tells them apart.
    if len(out) > 1:
        varying = {f for f in fields if len({d.get(f) for d in out.values()}) > 1}
        out = {i: {f: v for f, v in d.items() if f in varying} for i, d in out.items()}
    return out


def resolve(
    client: OdooClient,
    model: str,
    phrase: str | int,
    *,
    domain: list[Any] | None = None,
    settings: ResolverSettings | None = None,
) -> Found | Ambiguous | NotFound:
    """Resolve ``phrase`` to one record of ``model`` (see the module docstring for the rules).

    A record this process (or the thread) already found under the same domain, by id or by the same
    phrase, is known without asking Odoo again.
    """
    profile = profile_for(model, domain)
    result = _resolve(client, profile, phrase, settings or ResolverSettings())
    if isinstance(result, Found):
        known.remember(client, result.record, profile.domain, phrase if isinstance(phrase, str) else None)
    return result


def profile_for(model: str, domain: list[Any] | None = None) -> ModelProfile:
    """How records of ``model`` are looked up, narrowed by ``domain``."""
    profile = PROFILES.get(model, ModelProfile(model=model))
    return profile.model_copy(update={"domain": profile.domain + domain}) if domain else profile


def _resolve(client: OdooClient, profile: ModelProfile, phrase: str | int, settings: ResolverSettings
             ) -> Found | Ambiguous | NotFound:  # fmt: skip
    model, text = profile.model, str(phrase).strip()
    if isinstance(phrase, int) or (re.fullmatch(r"#?\d+", text) and not profile.number_format):
        record_id = int(text.lstrip("#"))
        if (ref := known.recall(client, model, record_id, profile.domain)) is not None:
            return Found(phrase=text, record=ref, score=100, via="id")
        by_id = client.search_read(model, [*profile.domain, ["id", "=", record_id]], ["display_name"])
        if by_id:
            return Found(phrase=text, record=_ref(model, by_id[0]), score=100, via="id")
        return NotFound(phrase=text, model=model)
    if (ref := known.recall_phrase(client, model, text, profile.domain)) is not None:
        return Found(phrase=text, record=ref, score=100, via="name")
    # One request: the records whose reference is the phrase, and the candidates by name (the cheap lookup of
    # resolve_exact, when it ran for this phrase, already read the exact references: its rows are added).
    tried = known.pool(client, model, text, profile.domain)
    found = _candidates(client, profile, text, settings)
    refs = [r for r in found if is_reference(profile, r, text)]
    if not refs and len(found) >= settings.candidate_limit * 3:  # cut by the limit: the exact one may be past it
        refs = _by_reference(client, profile, text)
    if len(refs) == 1:
        return Found(phrase=text, record=_ref(model, refs[0]), score=100, via="reference")
    rows: dict[int, dict[str, Any]] = {r["id"]: r for r in [*(tried or []), *found]}
    # normalize() drops % _ and \\: a phrase typed with them matches only names holding them ("Acme%" is not Acme Corp)
    typed = set(text) & set(LIKE_SPECIALS)
    scored = sorted(
        (Candidate(record=_ref(model, r), score=score(text, r["display_name"], strip_suffixes=profile.strip_suffixes))
         for r in rows.values() if typed <= set(str(r["display_name"]))),
        key=lambda c: (-c.score, c.record.id),
    )  # fmt: skip
    return _decide(client, profile, text, scored, settings)


def _by_reference(client: OdooClient, profile: ModelProfile, text: str) -> list[dict[str, Any]]:
    """The records whose reference is exactly ``text`` (or the number it spells)."""
    clauses: list[Any] = [[f, "=ilike", like_literal(text.strip())] for f in ref_fields(client, profile)]
    if (number := _number(profile, text)) is not None:
        clauses.append([profile.name_field, "=ilike", number])
    if not clauses:
        return []
    domain = ["|"] * (len(clauses) - 1) + clauses
    return client.search_read(profile.model, profile.domain + domain, ["display_name"], limit=3)


def _candidates(client: OdooClient, profile: ModelProfile, text: str, settings: ResolverSettings
                ) -> list[dict[str, Any]]:  # fmt: skip
    """One request for the bounded candidate set: names and references containing the phrase, or matching
    one of its vowel-wildcard patterns (each pattern a group of terms that must all hold)."""
    refs = ref_fields(client, profile)
    groups: list[list[Any]] = [[[f, "ilike", like_literal(text)]] for f in [profile.name_field, *refs]]
    if (number := _number(profile, text)) is not None:  # "SO42" is S00042
        groups.append([[profile.name_field, "=ilike", number]])
    groups += [[[profile.name_field, op, value] for _, op, value in terms] for terms in _pattern_domains(text)]
    domain: list[Any] = ["|"] * (len(groups) - 1)
    for group in groups:
        domain += ["&"] * (len(group) - 1) + group
    limit = settings.candidate_limit * 3
    facts = fact_fields(client, profile.model)
    fields = list(dict.fromkeys(["display_name", *refs, *facts]))
    rows = client.search_read(profile.model, [*profile.domain, *domain], fields, limit=limit)
    keep_facts(client, profile.model, rows, facts)
    # a reference typed in full ("S00042", an e-mail) wins over names: those rows first, so a limit never drops them
    return sorted(rows, key=lambda r: not is_reference(profile, r, text))


def ref_fields(client: OdooClient, profile: ModelProfile) -> list[str]:
    """The profile's reference fields this server has."""
    return [f for f in profile.ref_fields if client.has_field(profile.model, f)]


def fact_fields(client: OdooClient, model: str) -> list[str]:
    """The ``FACTS`` of ``model`` this server has: read along with the names."""
    return [f for f in FACTS.get(model, ()) if client.has_field(model, f)]


def keep_facts(client: OdooClient, model: str, rows: list[dict[str, Any]], facts: list[str]) -> None:
    """What a later check of the request wants (a partner's company, a product's stock), kept from ``rows``."""
    for row in rows:
        known.remember_facts(client, model, {f: row[f] for f in ["id", "display_name", *facts]})


def _number(profile: ModelProfile, text: str) -> str | None:
    """The document number ``text`` spells for a numbered model ("SO42" → S00042), else ``None``."""
    match = REF_NUMBER.match(text)
    return profile.number_format.format(int(match.group(2))) if profile.number_format and match else None


def is_reference(profile: ModelProfile, row: dict[str, Any], text: str) -> bool:
    """Whether ``row`` has ``text`` as one of its references (case aside), or is the number it spells."""
    folded = text.strip().casefold()
    if any(str(row.get(f) or "").casefold() == folded for f in profile.ref_fields):
        return True
    number = _number(profile, text)
    return number is not None and str(row.get(profile.name_field) or "").casefold() == number.casefold()


def _decide(
    client: OdooClient, profile: ModelProfile, text: str, scored: list[Candidate], settings: ResolverSettings
) -> Found | Ambiguous | NotFound:
    plausible = [c for c in scored if c.score >= settings.plausible]
    if not plausible:
        return NotFound(phrase=text, model=profile.model, closest=scored[:3])
    best = plausible[0]
    runner_up = plausible[1].score if len(plausible) > 1 else 0.0
    if best.score >= settings.accept and best.score - runner_up >= settings.margin:
        return Found(phrase=text, record=best.record, score=best.score, via="name")
    close = [c for c in plausible if best.score - c.score < settings.margin * 2][:6]
    details = _details(client, profile, [c.record.id for c in close])
    return Ambiguous(
        phrase=text,
        model=profile.model,
        candidates=[c.model_copy(update={"details": details.get(c.record.id, {})}) for c in close],
    )


# What a person calls a record of each model: catalog keys.
LABELS = {
    "res.partner": "resolve.label_res_partner",
    "product.product": "resolve.label_product_product",
    "product.template": "resolve.label_product_template",
    "sale.order": "resolve.label_sale_order",
    "account.move": "resolve.label_account_move",
    "purchase.order": "resolve.label_purchase_order",
    "stock.picking": "resolve.label_stock_picking",
    "res.partner.category": "resolve.label_res_partner_category",
    "res.country": "resolve.label_res_country",
    "res.users": "resolve.label_res_users",
    "account.journal": "resolve.label_account_journal",
    "stock.warehouse": "resolve.label_stock_warehouse",
    "stock.location": "resolve.label_stock_location",
    "product.category": "resolve.label_product_category",
    "crm.lead": "resolve.label_crm_lead",
    "crm.stage": "resolve.label_crm_stage",
    "crm.lost.reason": "resolve.label_crm_lost_reason",
    "project.project": "resolve.label_project_project",
    "project.task": "resolve.label_project_task",
    "hr.employee": "resolve.label_hr_employee",
    "hr.department": "resolve.label_hr_department",
    "hr.leave": "resolve.label_hr_leave",
    "mrp.production": "resolve.label_mrp_production",
    "mrp.bom": "resolve.label_mrp_bom",
    "fleet.vehicle": "resolve.label_fleet_vehicle",
    "calendar.event": "resolve.label_calendar_event",
}
# The models whose French name is feminine (for "aucune", "laquelle").
FEMININE_FR = frozenset(
    {
        "sale.order",
        "account.move",
        "purchase.order",
        "res.partner.category",
        "product.category",
        "crm.lead",
        "crm.stage",
        "crm.lost.reason",
        "project.task",
        "hr.leave",
        "mrp.bom",
    }
)


def label_of(model: str) -> str:
    """What a person calls a record of ``model``, in the current language (the technical name if unknown)."""
    return t(LABELS[model]) if model in LABELS else model


def resolve_one(
    client: OdooClient, model: str, phrase: int | str, *, domain: list[Any] | None = None,
    settings: ResolverSettings | None = None,
) -> RecordRef:  # fmt: skip
    """The one record ``phrase`` means; raises ``AmbiguousMatchError`` or ``NoMatchError`` otherwise."""
    return _one(resolve(client, model, phrase, domain=domain, settings=settings), model)


def _one(result: Found | Ambiguous | NotFound, model: str) -> RecordRef:
    if isinstance(result, Found):
        return result.record
    if isinstance(result, Ambiguous):
        raise AmbiguousMatchError(result)
    raise NoMatchError(result, label_of(model))


def found_or_made(client: OdooClient, model: str, phrase: int | str,
                  make: Callable[[str], RecordRef] | None) -> tuple[RecordRef, bool]:  # fmt: skip
    """The one record ``phrase`` means, or (nothing matches and ``make`` is given) the one ``make`` creates.

    Several close matches stay a question (``AmbiguousMatchError``), never a creation. The second
    value says whether the record was made.
    """
    result = resolve(client, model, phrase)
    if isinstance(result, NotFound) and make is not None and isinstance(phrase, str):
        return make(phrase), True
    return _one(result, model), False


# Documents a person names by their owner ("Harbor Foods's draft invoice", "la commande de Dupont").
OWNED_BY_PARTNER = ("sale.order", "account.move", "purchase.order")


def resolve_owned(client: OdooClient, model: str, phrase: str, *, domain: list[Any] | None = None,
                  limit: int = 6) -> Found | Ambiguous | NotFound:  # fmt: skip
    """A document of ``model`` named by its partner: the only one is found, several are a question (newest first).

    Only a partner that resolves to exactly one record counts: an unclear partner is no owner.
    """
    if model not in OWNED_BY_PARTNER:
        return NotFound(phrase=phrase, model=model)
    owner = resolve(client, "res.partner", phrase)
    if not isinstance(owner, Found):
        return NotFound(phrase=phrase, model=model)
    profile = PROFILES[model]
    where = [*profile.domain, *(domain or []), ["partner_id", "child_of", owner.record.id]]
    rows = client.search_read(model, where, ["display_name"], limit=limit, order="id desc")
    refs = [RecordRef(model=model, id=r["id"], display_name=r["display_name"]) for r in rows]
    if len(refs) == 1:
        return Found(phrase=phrase, record=refs[0], score=owner.score, via="owner")
    if not refs:
        return NotFound(phrase=phrase, model=model)
    details = _details(client, profile, [r.id for r in refs])
    candidates = [Candidate(record=r, score=owner.score, details=details.get(r.id, {})) for r in refs]
    return Ambiguous(phrase=phrase, model=model, candidates=candidates)
