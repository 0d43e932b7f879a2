"""A client-side rate limit: at most N requests a minute per Odoo server, shared through a bucket.

Every process of one ``ODOO_AGENT_HOME`` (or every worker of one Postgres checkpointer) takes from the same
bucket (``ratebuckets.py``), so together they stay under the budget. A spent budget means a wait, said in one
line on stderr, never an error. Time is read through a ``RateClock`` seam, so tests drive the waits with a clock
whose sleep only moves it on: no test sleeps, and replays never wait (the agent builds no limiter for a replay
unless a test hands it such a clock).
"""

from __future__ import annotations

import math
import sys
import time
from collections.abc import Callable
from typing import Protocol

from odoo_tools.i18n import t

__all__ = ["WINDOW", "Bucket", "RateClock", "RateLimiter", "WallClock"]

WINDOW = 60.0  # seconds: the budget is per minute


class RateClock(Protocol):
    """Where the limiter reads the time and waits; shared by every process of the bucket (seconds since the epoch)."""

    def now(self) -> float: ...

    def sleep_until(self, deadline: float) -> None: ...


class WallClock:
    """The real time: the wall clock, since processes (and the workers of one Postgres) compare their readings."""

    def now(self) -> float:
        return time.time()

    def sleep_until(self, deadline: float) -> None:
        time.sleep(max(0.0, deadline - time.time()))


class Bucket(Protocol):
    """Request times per server, shared by the processes that share a budget."""

    def take(self, key: str, now: Callable[[], float], limit: int, window: float) -> tuple[float, float | None]:
        """Inside a transaction no other taker runs in, read the time with ``now`` and record a request then if
        fewer than ``limit`` lie in the last ``window`` seconds: ``(that time, None)``. A spent budget records
        nothing: ``(that time, when a slot frees)``."""
        ...


def _to_stderr(line: str) -> None:
    # stderr: stdout may be a protocol (--json, an MCP server on stdio).
    print(line, file=sys.stderr, flush=True)


class RateLimiter:
    """``acquire()`` before each request: returns at once within the budget, else waits (and says so) first."""

    def __init__(self, key: str, per_minute: int, bucket: Bucket, *, clock: RateClock | None = None,
                 notify: Callable[[str], None] = _to_stderr) -> None:  # fmt: skip
        self.key, self.per_minute, self.bucket = key, per_minute, bucket
        self.clock = clock or WallClock()
        self.notify = notify

    def __repr__(self) -> str:
        return f"RateLimiter({self.key!r}, {self.per_minute}/min)"

    def acquire(self) -> float:
        """Take one request from the budget, waiting as long as it is spent; the time it was taken at."""
        while True:
            # The time is read inside the bucket's transaction: a reading taken before it could be stale by the
            # time the slot is taken (another process may have waited meanwhile).
            at, free_at = self.bucket.take(self.key, self.clock.now, self.per_minute, WINDOW)
            if free_at is None:
                return at
            wait = free_at - self.clock.now()
            if wait > 0:
                self.notify(t("client.rate_limit_waiting", per_minute=self.per_minute, seconds=math.ceil(wait)))
                self.clock.sleep_until(free_at)
