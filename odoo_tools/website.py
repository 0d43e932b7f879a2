"""eCommerce: website orders in a period and website revenue (publishing is ``products.product_publish``).

Web orders are ordinary sales orders with ``website_id`` set; carts (drafts) are not revenue.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from odoo_tools.client import OdooClient
from odoo_tools.i18n import t
from odoo_tools.periods import PeriodName
from odoo_tools.registry import Risk, tool
from odoo_tools.results import RecordRef, ToolInput, ToolResult
from odoo_tools.sales_reports import DateFilter

__all__ = ["WebsiteOrders", "WebsiteRevenue"]

WEBSITE = ("website_sale",)


class WebsiteOrdersQuery(DateFilter):
    limit: int = Field(default=20, ge=1, le=200)
    offset: int = Field(default=0, ge=0)


class WebsiteOrders(ToolResult):
    count: int
    orders: list[RecordRef]


_WEB = [["website_id", "!=", False], ["state", "=", "sale"]]


@tool(domain="ecommerce", risk=Risk.READ, modules=WEBSITE)
def website_orders(client: OdooClient, args: WebsiteOrdersQuery) -> WebsiteOrders:
    """Confirmed website orders in a period (carts are not orders), newest first."""
    domain: list[Any] = [*_WEB, *args.domain()]
    rows = client.search_read("sale.order", domain, ["display_name", "partner_id", "amount_total"],
                              limit=args.limit, offset=args.offset, order="date_order desc, id desc")  # fmt: skip
    count = client.search_count("sale.order", domain)
    refs = [RecordRef(model="sale.order", id=r["id"], display_name=r["display_name"]) for r in rows]
    shown = "; ".join(f"{r['display_name']} {r['partner_id'][1]} {r['amount_total']:,.2f}" for r in rows)
    return WebsiteOrders(message=t("website.website_order_s", n=count, words=args.words(), shown=shown or "–"),
                         found=refs, count=count, orders=refs)  # fmt: skip


class WebsiteRevenueQuery(ToolInput):
    period: PeriodName | None = Field(default=None, description="None = all time")


class WebsiteRevenue(ToolResult):
    orders: int
    untaxed: float
    total: float


@tool(domain="ecommerce", risk=Risk.READ, modules=WEBSITE)
def website_revenue(client: OdooClient, args: WebsiteRevenueQuery) -> WebsiteRevenue:
    """Revenue of confirmed website orders (untaxed and total), in a period or all time (one grouped read)."""
    dates = DateFilter(period=args.period)
    rows = client.read_group("sale.order", [*_WEB, *dates.domain()], [], ["amount_untaxed:sum", "amount_total:sum"])
    row = rows[0] if rows else {}
    out = WebsiteRevenue(message="", orders=row.get("__count", 0), untaxed=row.get("amount_untaxed:sum") or 0.0,
                         total=row.get("amount_total:sum") or 0.0)  # fmt: skip
    return out.model_copy(update={"message": t("website.website_revenue_untaxed_taxes", words=dates.words(),
                                               u=out.untaxed, t=out.total, n=out.orders)})  # fmt: skip
