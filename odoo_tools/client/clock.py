"""The agent's clock: injectable, and frozen at a cassette's ``recorded_at`` during replays."""

from __future__ import annotations

from datetime import UTC, date, datetime, tzinfo
from zoneinfo import ZoneInfo

__all__ = ["Clock", "get_clock", "set_clock"]


class Clock:
    """Tells the time in one timezone; frozen when ``frozen_at`` is given.

    Every "today", "this month", "overdue" or "tomorrow at 10am" in the product is computed
    from this object, never from ``datetime.now()``, so replays stay valid for years.
    """

    def __init__(self, tz: str | tzinfo = "UTC", frozen_at: datetime | None = None) -> None:
        self.tz = ZoneInfo(tz) if isinstance(tz, str) else tz
        if frozen_at is not None and frozen_at.tzinfo is None:
            frozen_at = frozen_at.replace(tzinfo=UTC)
        self.frozen_at = frozen_at

    def now(self) -> datetime:
        """The current time, aware, in the clock's timezone."""
        instant = self.frozen_at or datetime.now(UTC)
        return instant.astimezone(self.tz)

    def today(self) -> date:
        """The current date in the clock's timezone."""
        return self.now().date()

    def __repr__(self) -> str:
        state = f"frozen at {self.frozen_at.isoformat()}" if self.frozen_at else "live"
        return f"Clock({self.tz}, {state})"


_clock = Clock()


def get_clock() -> Clock:
    """The process-wide clock."""
    return _clock


def set_clock(clock: Clock) -> Clock:
    """Replace the process-wide clock; returns the previous one so callers can restore it."""
    global _clock
    previous, _clock = _clock, clock
    return previous
