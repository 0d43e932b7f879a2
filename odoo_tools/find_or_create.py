"""Typed equivalents of the seed connector's smart actions, with safer semantics.

The seed's ``find_or_create_*`` took the first ``ilike`` match and created blindly when nothing
matched. Here a name resolves to exactly one record or comes back as a question (nothing is
created then), and a record is created only when nothing plausible exists.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from odoo_tools.client import OdooClient
from odoo_tools.i18n import t
from odoo_tools.registry import REGISTRY, Risk, tool
from odoo_tools.resolve import Ambiguous, Candidate, Found, resolve
from odoo_tools.results import RecordRef, ToolInput, ToolResult

__all__ = ["FindOrCreate", "find_or_create_partner"]


class FindOrCreate(BaseModel):
    """What happened to one name: found, created, or a question for the person."""

    phrase: str
    status: Literal["found", "created", "ambiguous"]
    record: RecordRef | None = None
    candidates: list[Candidate] = Field(default_factory=list)
    question: str | None = None


class FindOrCreateResult(ToolResult):
    outcome: FindOrCreate


def _looked_up(client: OdooClient, model: str, name: str, domain: list[object] | None = None) -> FindOrCreate | None:
    """Found or ambiguous; ``None`` when nothing plausible exists (the caller may create)."""
    match = resolve(client, model, name, domain=domain)
    if isinstance(match, Found):
        return FindOrCreate(phrase=name, status="found", record=match.record)
    if isinstance(match, Ambiguous):
        return FindOrCreate(phrase=name, status="ambiguous", candidates=match.candidates, question=match.question())
    return None


def _result(outcome: FindOrCreate, created: list[RecordRef] | None = None) -> FindOrCreateResult:
    if outcome.status == "ambiguous":
        return FindOrCreateResult(message=outcome.question or "", outcome=outcome)
    assert outcome.record is not None
    name = outcome.record.display_name
    return FindOrCreateResult(
        message=t("create.created", name=name) if outcome.status == "created"
        else t("create.found", name=name), outcome=outcome,
        found=[] if created else [outcome.record], created=created or [],
    )  # fmt: skip


def _find_or_create(
    client: OdooClient, model: str, create_tool: str, args: PartnerFindOrCreate | ProductFindOrCreate
) -> FindOrCreateResult:
    """The one clear match, a question, or (nothing plausible exists) a record made by ``create_tool``."""
    name = args.name
    outcome = _looked_up(client, model, name)
    if outcome is not None:
        return _result(outcome)
    # allow_similar: the lookup above already ruled out similar names.
    made = REGISTRY[create_tool].run(client, {**args.model_dump(exclude_none=True), "allow_similar": True})
    record = made.created[0]
    return _result(FindOrCreate(phrase=name, status="created", record=record), [record])


class PartnerFindOrCreate(ToolInput):
    name: str = Field(min_length=1)
    is_company: bool = True
    email: str | None = None
    phone: str | None = None
    city: str | None = None
    country: str | None = None
    idempotency_key: str | None = None


@tool(domain="partners", risk=Risk.WRITE)
def find_or_create_partner(client: OdooClient, args: PartnerFindOrCreate) -> FindOrCreateResult:
    """Find a contact by name, or create it when nothing plausible exists (asks when ambiguous)."""
    return _find_or_create(client, "res.partner", "partner_create", args)


class ProductFindOrCreate(ToolInput):
    name: str = Field(min_length=1)
    list_price: float | None = Field(default=None, ge=0)
    kind: Literal["goods", "service", "storable"] = "goods"
    idempotency_key: str | None = None


@tool(domain="products", risk=Risk.WRITE)
def find_or_create_product(client: OdooClient, args: ProductFindOrCreate) -> FindOrCreateResult:
    """Find a product by name, code or barcode, or create it when nothing plausible exists (asks when ambiguous)."""
    return _find_or_create(client, "product.product", "product_create", args)


class SmartLine(ToolInput):
    name: str = Field(min_length=1, description="Product name, code or barcode")
    quantity: float = Field(default=1, gt=0)
    price_unit: float | None = Field(default=None, ge=0, description="Omit for Odoo's price")


class SmartQuotation(ToolInput):
    customer_name: str = Field(min_length=1)
    product_lines: list[SmartLine] = Field(min_length=1, max_length=100)
    notes: str | None = None
    create_missing: bool = Field(
        default=True, description="Create customer/products only when nothing plausible exists"
    )
    idempotency_key: str | None = Field(default=None, description="Derives the keys of every record this creates")


class SmartQuotationResult(ToolResult):
    status: Literal["created", "needs_input"]
    customer: FindOrCreate
    products: list[FindOrCreate]
    questions: list[str] = Field(default_factory=list)
    order: RecordRef | None = None


def _key(base: str | None, part: str) -> str | None:
    return f"{base}:{part}" if base else None


def _questions(names: list[str], looked: list[FindOrCreate | None], create_missing: bool) -> list[str]:
    asks = [o.question for o in looked if o is not None and o.status == "ambiguous" and o.question]
    if asks or not create_missing:
        missing = [n for n, o in zip(names, looked, strict=True) if o is None]
        asks += [
            t("create.nothing_matches_create_name", name=n)
            for n in missing
        ]  # fmt: skip
    return asks


@tool(domain="sales", risk=Risk.WRITE, modules=("sale",))
def smart_create_quotation(client: OdooClient, args: SmartQuotation) -> SmartQuotationResult:
    """Quote a customer by names: finds (or, when nothing plausible exists, creates) the customer and products."""
    names = [args.customer_name, *[line.name for line in args.product_lines]]
    models = ["res.partner"] + ["product.product"] * len(args.product_lines)
    # Look everything up first: on any question, ask and create nothing at all.
    looked = [_looked_up(client, model, name) for model, name in zip(models, names, strict=True)]
    if questions := _questions(names, looked, args.create_missing):
        unresolved = [o or FindOrCreate(phrase=n, status="ambiguous") for n, o in zip(names, looked, strict=True)]
        return SmartQuotationResult(
            message=" ".join(questions), status="needs_input", customer=unresolved[0], products=unresolved[1:],
            questions=questions,
        )  # fmt: skip
    created: list[RecordRef] = []
    outcomes: list[FindOrCreate] = []
    for i, (name, outcome) in enumerate(zip(names, looked, strict=True)):
        if outcome is None:
            key = _key(args.idempotency_key, f"record-{i}")
            made = (
                find_or_create_partner(client, PartnerFindOrCreate(name=name, idempotency_key=key))
                if i == 0
                else find_or_create_product(client, ProductFindOrCreate(
                    name=name, list_price=args.product_lines[i - 1].price_unit, idempotency_key=key))
            )  # fmt: skip
            outcome, created = made.outcome, created + made.created
        outcomes.append(outcome)
    customer, products = outcomes[0], outcomes[1:]
    lines = [
        {"product": o.record.id, "qty": line.quantity}
        | ({"unit_price": line.price_unit} if line.price_unit is not None else {})
        for line, o in zip(args.product_lines, products, strict=True)
        if o.record
    ]
    assert customer.record is not None
    quote = REGISTRY["quotation_create"].run(
        client,
        {"customer": customer.record.id, "lines": lines, "note": args.notes,
         "idempotency_key": _key(args.idempotency_key, "order")},
    )  # fmt: skip
    order = quote.created[0]
    new = ", ".join(r.display_name for r in created)
    return SmartQuotationResult(
        message=quote.message
        + (t("create.new_records", new=new) if new else ""),
        status="created", customer=customer,
        products=products, order=order, created=[*created, order],
        found=[o.record for o in outcomes if o.status == "found" and o.record],
    )  # fmt: skip
