"""Sales reports: orders by state, customer, salesperson and date, and revenue totals."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, Literal

from pydantic import BaseModel, Field, model_validator

from odoo_tools.client import OdooClient
from odoo_tools.i18n import t
from odoo_tools.periods import PeriodName, period_range
from odoo_tools.registry import Risk, tool
from odoo_tools.resolve import RecordInput, resolve_one
from odoo_tools.results import ToolInput, ToolResult, listed
from odoo_tools.sales import QUOTATION_STATES, SALE, SUMMARY_FIELDS, OrderSummary, _name, _utc


class DateFilter(ToolInput):
    """A named period or explicit dates (inclusive, in the agent's timezone), matched on the order date."""

    period: PeriodName | None = Field(default=None, description='e.g. "this_month", "past_7_days", "last_week"')
    date_from: date | None = None
    date_to: date | None = None

    @model_validator(mode="after")
    def _one_range(self) -> DateFilter:
        if self.period and (self.date_from or self.date_to):
            raise ValueError(
                t("sales.give_either_period_dates")
            )  # fmt: skip
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise ValueError(t("sales.date_after_date"))
        return self

    def dates(self) -> tuple[date | None, date | None]:
        if self.period:
            p = period_range(self.period)
            return p.start, p.end
        return self.date_from, self.date_to

    def domain(self) -> list[Any]:
        """Odoo stores ``date_order`` in UTC: each local day is bounded by its UTC instants."""
        start, end = self.dates()
        terms: list[Any] = []
        if start:
            terms.append(["date_order", ">=", _utc(start)])
        if end:
            terms.append(["date_order", "<", _utc(end + timedelta(days=1))])
        return terms

    def label(self) -> str:
        start, end = self.dates()
        if not (start or end):
            return "all time"
        return f"{start or '...'} to {end or '...'}"

    def words(self) -> str:
        """``label()`` in the current language, for messages (``label()`` stays English: it is data)."""
        start, end = self.dates()
        if not (start or end):
            return t("sales.all_time")
        return t("sales.period_from_to", start=start or "...", end=end or "...")


def _salesperson(client: OdooClient, name: RecordInput) -> int:
    return resolve_one(client, "res.users", name, domain=[["share", "=", False]]).id


class OrdersList(DateFilter):
    state: Literal["quotation", "draft", "sent", "sale", "cancel"] | None = Field(
        default=None, description="quotation = draft or sent; sale = confirmed; omit for all"
    )
    customer: RecordInput | None = Field(default=None, description="Also matches the orders of its contacts")
    salesperson: RecordInput | None = Field(default=None, description="User name or id")
    limit: int = Field(default=20, ge=1, le=200)
    offset: int = Field(default=0, ge=0, description="Skip this many (the next page starts at offset + limit)")


class OrderList(ToolResult):
    orders: list[OrderSummary]
    total: int = Field(description="How many orders match (may exceed the orders returned)")


_STATES = {"draft": "sales.states_draft", "sent": "sales.states_sent", "sale": "sales.states_sale",
           "cancel": "sales.states_cancel"}  # fmt: skip


def _label(o: OrderSummary) -> str:
    """ "S00012 Acme (quotation, 1,200.00 EUR)": which order, for whom, where it stands."""
    state = t(_STATES[o.state]) if o.state in _STATES else o.state
    amount = f"{o.amount_total:,.2f}{' ' + o.currency if o.currency else ''}"
    return " ".join(x for x in (o.name, o.customer) if x) + f" ({state}, {amount})"


@tool(domain="sales", risk=Risk.READ, modules=SALE)
def orders_list(client: OdooClient, args: OrdersList) -> OrderList:
    """List quotations and sales orders by state, customer, salesperson and date (newest first)."""
    domain = args.domain()
    if args.state:
        domain.append(["state", "in", list(QUOTATION_STATES) if args.state == "quotation" else [args.state]])
    if args.customer is not None:
        domain.append(["partner_id", "child_of", resolve_one(client, "res.partner", args.customer).id])
    if args.salesperson is not None:
        domain.append(["user_id", "=", _salesperson(client, args.salesperson)])
    rows = client.search_read(
        "sale.order", domain, SUMMARY_FIELDS, limit=args.limit, offset=args.offset, order="date_order desc, id desc"
    )
    total = args.offset + len(rows) if len(rows) < args.limit else client.search_count("sale.order", domain)
    orders = [OrderSummary.from_row(r) for r in rows]
    more = t("sales.showing", n=len(orders)) if total > len(orders) else ""
    named = listed([_label(o) for o in orders])
    return OrderList(message=t("sales.order_s", total=total, period=args.words(), more=more, orders=named)
                     if total
                     else t("sales.order_matches"),
                     found=[o.ref() for o in orders], orders=orders, total=total)  # fmt: skip


class SalesTotalsInput(DateFilter):
    group_by: Literal["none", "customer", "salesperson"] = "none"
    limit: int = Field(default=50, ge=1, le=500, description="Most groups shown, biggest first")


class TotalRow(BaseModel):
    group: str | None = Field(description="Customer or salesperson name; None for the overall total")
    group_id: int | None
    currency: str | None
    amount_untaxed: float
    amount_total: float
    count: int


class SalesTotals(ToolResult):
    period: str
    totals: list[TotalRow] = Field(description="Overall, one row per currency")
    groups: list[TotalRow] = Field(default_factory=list, description="Per customer or salesperson, biggest first")


GROUP_FIELDS = {"customer": "partner_id", "salesperson": "user_id"}


AGGREGATES = ["amount_untaxed:sum", "amount_total:sum"]


@tool(domain="sales", risk=Risk.READ, modules=SALE)
def sales_totals(client: OdooClient, args: SalesTotalsInput) -> SalesTotals:
    """Revenue of confirmed sales orders over a period (untaxed, total, count), optionally per customer or seller."""
    domain = [["state", "=", "sale"], *args.domain()]
    # Amounts are in each order's currency: every row is per currency, never two currencies added up.
    totals = [_total_row(r, None) for r in client.read_group("sale.order", domain, ["currency_id"], AGGREGATES)]
    groups: list[TotalRow] = []
    if field := GROUP_FIELDS.get(args.group_by):
        rows = client.read_group("sale.order", domain, [field, "currency_id"], AGGREGATES)
        groups = sorted((_total_row(r, field) for r in rows), key=lambda g: (-g.amount_total, g.group or ""))
    said = t("sales.list_separator").join(
        t("sales.order_s_untaxed_total",
          count=r.count, untaxed=r.amount_untaxed, total=r.amount_total, currency=r.currency)
        for r in sorted(totals, key=lambda r: -r.amount_total)
    ) or t("sales.confirmed_order")  # fmt: skip
    return SalesTotals(message=t("sales.confirmed_sales",
                                 period=args.words(), said=said),
                       period=args.label(), totals=totals, groups=groups[: args.limit])  # fmt: skip


def _total_row(row: dict[str, Any], field: str | None) -> TotalRow:
    group = row[field] if field else None
    return TotalRow(
        group=_name(group), group_id=group[0] if group else None, currency=_name(row["currency_id"]),
        amount_untaxed=row["amount_untaxed:sum"] or 0.0, amount_total=row["amount_total:sum"] or 0.0,
        count=row["__count"],
    )  # fmt: skip
