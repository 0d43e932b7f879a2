"""Named date ranges ("this month", "past week") computed from the agent's clock, never today()."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Literal

from pydantic import BaseModel

from odoo_tools.client.clock import get_clock

__all__ = ["Period", "PeriodName", "period_range"]

PeriodName = Literal[
    "today", "yesterday", "this_week", "last_week", "past_7_days", "this_month", "last_month",
    "past_30_days", "this_quarter", "this_year", "last_year",
]  # fmt: skip


class Period(BaseModel):
    """An inclusive date range."""

    name: str
    start: date
    end: date


def period_range(name: PeriodName, today: date | None = None) -> Period:
    """The dates ``name`` covers, relative to the clock's today (weeks start on Monday)."""
    t = today or get_clock().today()
    month_start = t.replace(day=1)
    ranges: dict[str, tuple[date, date]] = {
        "today": (t, t),
        "yesterday": (t - timedelta(days=1), t - timedelta(days=1)),
        "this_week": (t - timedelta(days=t.weekday()), t),
        "last_week": (t - timedelta(days=t.weekday() + 7), t - timedelta(days=t.weekday() + 1)),
        "past_7_days": (t - timedelta(days=6), t),
        "this_month": (month_start, t),
        "last_month": ((month_start - timedelta(days=1)).replace(day=1), month_start - timedelta(days=1)),
        "past_30_days": (t - timedelta(days=29), t),
        "this_quarter": (t.replace(month=3 * ((t.month - 1) // 3) + 1, day=1), t),
        "this_year": (t.replace(month=1, day=1), t),
        "last_year": (date(t.year - 1, 1, 1), date(t.year - 1, 12, 31)),
    }
    start, end = ranges[name]
    return Period(name=name, start=start, end=end)
