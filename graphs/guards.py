"""What the policy's guardrails are told about a step: its amount, when it runs, recent writes, a turn's records.

The policy only compares (``odoo_tools.guardrails``); measuring is here. An amount is read from Odoo
only when the policy has a threshold for that tool (the default asks a person anyway, at no call).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphs.context import Context
from graphs.executor import substitute
from graphs.state import PlanStep
from odoo_tools.client.clock import get_clock
from odoo_tools.guardrails import Activity, AnomalyRule, Burst
from odoo_tools.policy import StepRequest
from odoo_tools.registry import Risk

__all__ = ["records_of_step", "request_for"]

_CREATES = {"partner_create": "res.partner", "product_create": "product.product"}


def records_of_step(step: PlanStep) -> int:
    """How many records a step touches, as its arguments tell: a list's limit, else the record and its lines."""
    limit = step.args.get("limit")
    if isinstance(limit, int) and not isinstance(limit, bool):
        return limit
    return 1 + sum(len(v) for v in step.args.values() if isinstance(v, list))


def request_for(ctx: Context, step: PlanStep, done: dict[str, PlanStep], turn_records: int) -> StepRequest:
    """The step as the policy sees it, with every figure its rules compare."""
    writes = step.risk != Risk.READ
    limit = int(step.args.get("limit") or 1)
    return StepRequest(
        tool=step.tool, risk=step.risk, args=step.args, record_count=limit,
        amount=_amount(ctx, step, done), creates=[_CREATES[step.tool]] if step.tool in _CREATES else [],
        at=get_clock().now(), odoo_tz=ctx.client.context.get("tz") if writes else None,
        activity=_activity(ctx, ctx.policy.config.anomaly) if writes else None, turn_records=turn_records,
    )  # fmt: skip


# -- amounts, in company currency ------------------------------------------------------------------


def _record(step: PlanStep, done: dict[str, PlanStep], key: str) -> int | None:
    try:
        value = substitute(step.args.get(key), done)
    except LookupError:  # made by a step that has not run yet
        return None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _own_currency(ctx: Context, company: Any) -> int | None:
    company_id = company[0] if isinstance(company, list | tuple) else company
    return ctx.client.company_currency(int(company_id))[0] if company_id else None


def _made(done: dict[str, PlanStep], model: str, order: int) -> dict[str, Any] | None:
    """The order as the step that created it in this plan answered (its total and currency), if one did."""
    for step in reversed(list(done.values())):
        result = step.result or {}
        created = {(r.get("model"), r.get("id")) for r in result.get("created", [])}
        if (model, order) in created and isinstance(result.get("order"), dict):
            return dict(result["order"])
    return None


def _order_total(ctx: Context, model: str, order: int, done: dict[str, PlanStep], invoicing: bool = False
                 ) -> float | None:  # fmt: skip
    """An order's total (``invoicing``: what is left to invoice, its total while still a quotation) when its
    currency is the company's."""
    made = None if invoicing else _made(done, model, order)
    company = ctx.client.context.get("allowed_company_ids", [None])[0]
    if made and made.get("currency") and company:  # a draft this plan just made, in the company it acts in
        own = ctx.client.company_currency(company)[1]
        return float(made["amount_total"]) if made["currency"] == own else None
    fields = ["amount_total", "currency_id", "company_id", *(["amount_to_invoice", "state"] if invoicing else [])]
    row = ctx.client.read(model, [order], fields)[0]
    if row["currency_id"][0] != _own_currency(ctx, row["company_id"]):
        return None
    # A quotation has nothing to invoice yet; confirmed by an earlier step of the plan, all of it will be.
    quotation = invoicing and row["state"] in ("draft", "sent")
    return float(row["amount_to_invoice"] if invoicing and not quotation else row["amount_total"])


def _invoice_amount(ctx: Context, step: PlanStep, done: dict[str, PlanStep]) -> float | None:
    invoice = _record(step, done, "invoice")
    if invoice is None:
        return None
    # The signed fields are in company currency whatever the invoice's own.
    row = ctx.client.read("account.move", [invoice], ["amount_total_signed", "amount_residual_signed",
                                                      "currency_id", "company_id"])[0]  # fmt: skip
    if step.tool == "invoice_post":
        return abs(float(row["amount_total_signed"]))
    asked = step.args.get("amount")
    if asked is None:  # the payment settles what is due
        return abs(float(row["amount_residual_signed"]))
    return float(asked) if row["currency_id"][0] == _own_currency(ctx, row["company_id"]) else None


def _lines_total(step: PlanStep, done: dict[str, PlanStep]) -> float | None:
    """A new invoice's untaxed total, when every line says its price (Odoo adds the taxes when it is made)."""
    lines = step.args.get("lines") or []
    if not lines or any(ln.get("price_unit") is None for ln in lines):
        return None
    return sum(float(ln.get("quantity", 1)) * float(ln["price_unit"]) for ln in lines)


def _expense(step: PlanStep, done: dict[str, PlanStep]) -> float | None:
    amount = step.args.get("amount")
    return float(amount) if isinstance(amount, int | float) else None


def _sale(invoicing: bool) -> Callable[[Context, PlanStep, dict[str, PlanStep]], float | None]:
    def amount(ctx: Context, step: PlanStep, done: dict[str, PlanStep]) -> float | None:
        order = _record(step, done, "order")
        return _order_total(ctx, "sale.order", order, done, invoicing) if order is not None else None

    return amount


def _purchase(ctx: Context, step: PlanStep, done: dict[str, PlanStep]) -> float | None:
    order = _record(step, done, "order")
    return _order_total(ctx, "purchase.order", order, done) if order is not None else None


_AMOUNTS: dict[str, Callable[[Context, PlanStep, dict[str, PlanStep]], float | None]] = {
    "order_confirm": _sale(invoicing=False),
    "invoice_from_order": _sale(invoicing=True),
    "purchase_confirm": _purchase,
    "invoice_post": _invoice_amount,
    "payment_register": _invoice_amount,
    "invoice_create": lambda ctx, step, done: _lines_total(step, done),
    "expense_create": lambda ctx, step, done: _expense(step, done),
}


def _amount(ctx: Context, step: PlanStep, done: dict[str, PlanStep]) -> float | None:
    """The step's amount in company currency, when a threshold wants it (None when unknown)."""
    limit = ctx.policy.config.amount_limit(step.tool)
    measure = _AMOUNTS.get(step.tool)
    if measure is None or limit is None or (limit.approve_from <= 0 and limit.refuse_from is None):
        return None
    return measure(ctx, step, done)


# -- recent writes, from this home's audit log -----------------------------------------------------


def _activity(ctx: Context, rule: AnomalyRule | None) -> Activity | None:
    """Writes (and creations per model) in the last window, against their mean per window over the baseline."""
    if rule is None:
        return None
    now = get_clock().now()
    start, base = now - rule.window, now - rule.window - rule.baseline
    windows = rule.baseline / rule.window
    seen = ctx.audit.writes_since(base)
    recent = [w for w in seen if w.at >= start]
    before = [w for w in seen if w.at < start]
    models = {m for w in recent for m in w.created}

    def made(rows: list[Any], model: str) -> int:
        return sum(w.created.count(model) for w in rows)

    return Activity(
        writes=Burst(count=len(recent), norm=len(before) / windows),
        creations={m: Burst(count=made(recent, m), norm=made(before, m) / windows) for m in models},
    )
