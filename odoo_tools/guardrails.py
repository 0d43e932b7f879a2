"""The guardrails of a business deployment, beyond each tool's rule: amounts, working hours, bursts, a turn's size.

Pure comparisons: the graph measures (an amount Odoo computed, the time, the audit log's recent
writes, the records a turn touches) and hands the figures over; nothing here reads Odoo, a clock
or a file, so a rule is tested with numbers and a decision can be replayed.
"""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

from odoo_tools.i18n import t

__all__ = [
    "WEEKDAYS", "Action", "Activity", "AmountLimit", "AnomalyRule", "Burst", "ClockTime", "Verdict", "Weekday",
    "WorkingHours", "ZoneName",
    "amount_verdicts", "anomaly_verdicts", "hours_verdicts", "parse_duration", "positive_duration", "turn_verdicts",
]  # fmt: skip

Action = Literal["allow", "approve", "refuse"]
Verdict = tuple[Action, str]

# The one tool the older confirm_threshold key names; its sentences are kept (approval requests quote them).
ORDER_CONFIRM = "order_confirm"
_DURATION = re.compile(r"(\d+)\s*([smhdw])")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _clock_time(value: Any) -> Any:
    # YAML reads 8:00 unquoted as 480 (a sexagesimal number): only "HH:MM" text is accepted.
    if not isinstance(value, str | time):
        raise ValueError(t("guardrails.time_expected"))
    return value


def _known_zone(value: str) -> str:
    if value != "odoo":
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(t("guardrails.unknown_timezone", tz=value)) from None
    return value


ClockTime = Annotated[time, BeforeValidator(_clock_time)]  # a time of day written "HH:MM"
ZoneName = Annotated[str, AfterValidator(_known_zone)]  # an IANA zone, or "odoo" (the agent's Odoo user's)


class _Rule(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class AmountLimit(_Rule):
    """A financial step's amount, in company currency: under ``approve_from`` it may run unasked (0: never);
    from ``refuse_from`` on it is refused. A bare number in the file is ``approve_from``."""

    approve_from: float = Field(default=0, ge=0, allow_inf_nan=False)
    refuse_from: float | None = Field(default=None, gt=0, allow_inf_nan=False)

    @model_validator(mode="before")
    @classmethod
    def _bare_number(cls, value: Any) -> Any:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return {"approve_from": value}
        return value


def parse_duration(text: str) -> timedelta:
    """``"24h"``, ``"30m"``, ``"7d"``, ``"1d12h"`` as a timedelta; ``ValueError`` otherwise."""
    compact = text.replace(" ", "")
    if not compact or _DURATION.sub("", compact):
        raise ValueError(t("policy.not_a_duration", text=repr(text)))
    parts: dict[str, int] = {}
    for value, unit in _DURATION.findall(compact):
        parts[_UNITS[unit]] = parts.get(_UNITS[unit], 0) + int(value)
    return timedelta(**parts)


def positive_duration(value: Any) -> timedelta:
    """A policy duration: "24h"-style text only (a bare number would be ambiguous: seconds? hours?)."""
    if isinstance(value, timedelta):
        return value
    if not isinstance(value, str):
        raise ValueError(t("policy.duration_expected"))
    duration = parse_duration(value)
    if duration <= timedelta(0):
        raise ValueError(t("policy.duration_not_positive"))
    return duration


class WorkingHours(_Rule):
    """When writes may run unasked: these days, from ``from`` to ``to`` (``to`` before ``from``: overnight),
    in ``timezone`` (``odoo``: the time zone of the Odoo user the agent acts as)."""

    days: list[Weekday] = Field(default_factory=lambda: list(WEEKDAYS[:5]), min_length=1)
    start: ClockTime = Field(alias="from")
    end: ClockTime = Field(alias="to")
    timezone: ZoneName = "odoo"
    outside: Literal["approve", "refuse"] = "approve"

    def zone(self, odoo_tz: str | None) -> ZoneInfo:
        """The zone the hours are read in; the Odoo user's may be unset or unknown (then UTC)."""
        name = odoo_tz if self.timezone == "odoo" else self.timezone
        try:
            return ZoneInfo(name or "UTC")
        except (ZoneInfoNotFoundError, ValueError):
            return ZoneInfo("UTC")

    def inside(self, at: datetime, odoo_tz: str | None) -> bool:
        """Whether ``at`` (an aware time) falls in the hours; an overnight span belongs to the day it starts."""
        local = at.astimezone(self.zone(odoo_tz))
        now = local.time().replace(tzinfo=None)
        if self.start < self.end:
            return WEEKDAYS[local.weekday()] in self.days and self.start <= now < self.end
        if now >= self.start:
            return WEEKDAYS[local.weekday()] in self.days
        return now < self.end and WEEKDAYS[(local.weekday() - 1) % 7] in self.days


class AnomalyRule(_Rule):
    """Writes pause (each needs approval) while the last ``window`` holds at least ``min_writes`` writes, or
    creations of one model, and more than ``factor`` times their mean per window over the ``baseline`` before."""

    window: timedelta = timedelta(minutes=1)
    baseline: timedelta = timedelta(days=7)
    factor: float = Field(default=5, gt=1, allow_inf_nan=False)
    min_writes: int = Field(default=20, ge=1)

    @field_validator("window", "baseline", mode="before")
    @classmethod
    def _durations(cls, value: Any) -> timedelta:
        return positive_duration(value)

    @model_validator(mode="after")
    def _baseline_longer(self) -> AnomalyRule:
        if self.baseline <= self.window:
            raise ValueError(t("guardrails.baseline_not_longer"))
        return self


class Burst(BaseModel):
    """Writes (or creations of one model) in the last window, and their mean per window over the baseline."""

    count: int = Field(ge=0)
    norm: float = Field(ge=0)


class Activity(BaseModel):
    """What the audit log shows of recent writes, as the graph measured it for the anomaly rule."""

    writes: Burst = Field(default_factory=lambda: Burst(count=0, norm=0))
    creations: dict[str, Burst] = Field(default_factory=dict, description="model -> its creations")


def amount_verdicts(tool: str, limit: AmountLimit | None, amount: float | None) -> list[Verdict]:
    """A financial step rated by its amount: under its threshold it may run, from it on a person says yes."""
    if tool == ORDER_CONFIRM:
        return _confirm(limit, amount)
    if limit is None or (limit.approve_from <= 0 and limit.refuse_from is None):
        return [("approve", t("policy.has_financial_effect_needs", tool=tool))]
    if amount is None:
        return [("approve", t("guardrails.amount_unknown", tool=tool))]
    if limit.refuse_from is not None and amount >= limit.refuse_from:
        return [("refuse", t("guardrails.amount_refused", tool=tool, a=amount, lim=limit.refuse_from))]
    if 0 <= amount < limit.approve_from:
        return [("allow", t("guardrails.amount_under", tool=tool, a=amount, th=limit.approve_from))]
    return [("approve", t("guardrails.amount_over", tool=tool, a=amount, th=limit.approve_from))]


def _confirm(limit: AmountLimit | None, amount: float | None) -> list[Verdict]:
    threshold = limit.approve_from if limit else 0
    refuse = limit.refuse_from if limit else None
    if refuse is not None and amount is not None and amount >= refuse:
        return [("refuse", t("guardrails.amount_refused", tool=ORDER_CONFIRM, a=amount, lim=refuse))]
    if threshold <= 0:
        return [("approve", t("policy.confirming_sales_order_needs"))]
    if amount is None:
        return [("approve", t("policy.order_s_amount_unknown"))]
    if 0 <= amount < threshold:
        return [("allow", t("policy.order_s_under_confirmation", a=amount, th=threshold))]
    return [("approve", t("policy.confirming_order_threshold_needs", a=amount, th=threshold))]


def hours_verdicts(rule: WorkingHours | None, at: datetime | None, odoo_tz: str | None) -> list[Verdict]:
    """A write outside the working hours needs approval, or is refused, as the policy says."""
    if rule is None:
        return []
    if at is None:  # the graph always says when; a caller that does not cannot prove it is inside
        return [(rule.outside, t("guardrails.time_unknown"))]
    if rule.inside(at, odoo_tz):
        return []
    local = at.astimezone(rule.zone(odoo_tz))
    hours = f"{', '.join(rule.days)} {rule.start:%H:%M}–{rule.end:%H:%M} ({local.tzname()})"  # i18n-exempt: figures
    key = "guardrails.outside_hours_refused" if rule.outside == "refuse" else "guardrails.outside_hours"
    return [(rule.outside, t(key, now=f"{local:%a %H:%M}", hours=hours))]


def _bursting(rule: AnomalyRule, burst: Burst) -> bool:
    return burst.count >= rule.min_writes and burst.count > rule.factor * burst.norm


def anomaly_verdicts(rule: AnomalyRule | None, activity: Activity | None) -> list[Verdict]:
    """While writes (or one model's creations) run far above their recent norm, every write waits for a person."""
    if rule is None or activity is None:
        return []
    minutes = rule.window.total_seconds() / 60
    verdicts: list[Verdict] = []
    if _bursting(rule, activity.writes):
        verdicts.append(("approve", t("guardrails.write_burst", n=activity.writes.count, minutes=minutes,
                                      norm=activity.writes.norm)))  # fmt: skip
    for model, burst in sorted(activity.creations.items()):
        if _bursting(rule, burst):
            verdicts.append(("approve", t("guardrails.create_burst", n=burst.count, model=model, minutes=minutes,
                                          norm=burst.norm)))  # fmt: skip
    return verdicts


def turn_verdicts(cap: int, records: int) -> list[Verdict]:
    """One turn of a thread may touch at most ``cap`` records, all its steps together."""
    if records > cap:
        return [("refuse", t("guardrails.turn_too_big", n=records, m=cap))]
    return []
