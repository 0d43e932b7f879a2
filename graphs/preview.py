"""What a careful clerk checks before a quotation goes on, and how a plan is shown for approval."""

from __future__ import annotations

from typing import Any

from graphs.context import Context
from graphs.state import PlanStep
from odoo_tools import known
from odoo_tools.i18n import t

__all__ = ["checks", "describe"]


def _stock(ctx: Context, lines: list[dict[str, Any]]) -> list[str]:
    """Storable products asked for beyond what is free in stock (before promising a delivery)."""
    if "stock" not in ctx.client.installed_modules():
        return []
    wanted: dict[int, float] = {}
    for line in lines:
        if isinstance(line.get("product"), int):
            wanted[line["product"]] = wanted.get(line["product"], 0) + float(line.get("qty", 0))
    storable = "is_storable" if ctx.client.has_field("product.product", "is_storable") else None
    fields = ["display_name", "free_qty", *([storable] if storable else ["type"])]
    rows = known.read(ctx.client, "product.product", sorted(wanted), fields)  # read while resolving, mostly
    out = []
    for row in rows:
        tracked = row[storable] if storable else row.get("type") == "product"
        if tracked and wanted[row["id"]] > row["free_qty"]:
            out.append(t("graph.short_of_free_stock",
                         free=row["free_qty"], name=row["display_name"], asked=wanted[row["id"]]))  # fmt: skip
    return out


def _open_quotes(ctx: Context, customer: int, made: set[int]) -> list[str]:
    rows = ctx.client.search_read("sale.order", [["partner_id", "=", customer], ["state", "in", ["draft", "sent"]]],
                                  ["name"], limit=6, order="id desc")  # fmt: skip
    names = [r["name"] for r in rows if r["id"] not in made]
    joined = ", ".join(names)
    return [t("graph.customer_has_open_quotations",
              n=joined)] if names else []  # fmt: skip


def _company(ctx: Context, customer: int) -> list[str]:
    row = known.read(ctx.client, "res.partner", [customer], ["company_id"])[0]
    current = ctx.client.context.get("allowed_company_ids", [None])[0]
    if row["company_id"] and row["company_id"][0] != current:
        return [
            t(
                "graph.customer_of_other_company",
                c=row["company_id"][1],
            )
        ]
    return []


def _currency(ctx: Context, steps: list[PlanStep]) -> list[str]:
    """A draft priced in another currency than the company's (the customer's pricelist decides)."""
    drafts = [(s.result or {}).get("order") or {} for s in steps if s.status == "done" and s.tool == "quotation_create"]
    currencies: set[str] = {d["currency"] for d in drafts if d.get("currency")}
    if not currencies:
        return []
    company = ctx.client.context.get("allowed_company_ids", [None])[0]
    own = ctx.client.company_currency(company)[1]
    return [t("graph.prices_in_customer_pricelist", c=c, own=own)
            for c in sorted(currencies) if c != own]  # fmt: skip


def checks(ctx: Context, steps: list[PlanStep]) -> list[str]:
    """Warnings for the preview: stock, other open quotations, the customer's company and currency."""
    warnings: list[str] = _currency(ctx, steps)
    made = {r["id"] for s in steps for r in (s.result or {}).get("created", []) if r["model"] == "sale.order"}
    made_names = {((s.result or {}).get("order") or {}).get("name") for s in steps if s.tool == "quotation_create"}
    for step in steps:
        if step.tool not in ("quotation_create", "quotation_add_lines"):
            continue
        warnings += _stock(ctx, step.args.get("lines", []))
        customer = step.args.get("customer")
        if isinstance(customer, int):
            read = (step.result or {}).get("open_quotes") if step.status == "done" else None
            if read is None:  # not read with a new quotation (lines added to one): asked now
                named = _open_quotes(ctx, customer, made)
            else:
                others = [name for name in read if name not in made_names]  # two quotations in one plan
                named = [t("graph.customer_has_open_quotations", n=", ".join(others))] if others else []
            warnings += named + _company(ctx, customer)
    return warnings


def describe(steps: list[PlanStep]) -> str:
    """The draft as Odoo computed it: lines, prices, taxes and totals (never our own arithmetic)."""
    parts = []
    for step in steps:
        order = (step.result or {}).get("order") if step.status == "done" else None
        if not order:
            continue
        lines = "; ".join(
            t("graph.preview_line", q=ln["qty"], p=ln["product"] or ln["description"],
              u=ln["unit_price"])
            + (f" −{ln['discount']:g}%" if ln.get("discount") else "")
            + f" = {ln['subtotal']:.2f}" + (f" ({', '.join(ln['taxes'])})" if ln.get("taxes") else "")
            for ln in order.get("lines", []) if ln.get("product")
        )  # fmt: skip
        currency = order.get("currency") or ""
        totals = t(
            "graph.untaxed_taxes_total",
            u=order["amount_untaxed"],
            x=order.get("amount_tax", order["amount_total"] - order["amount_untaxed"]),
            tot=order["amount_total"],
        )
        parts.append(f"{order['name']}: {lines}. {totals} {currency}.".replace(" .", "."))
    return " ".join(parts)
