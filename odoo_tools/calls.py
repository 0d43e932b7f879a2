"""Every Odoo call in the audit log: one row per HTTP attempt (never its payload), buffered, and their figures.

A process may make many calls: rows are kept in memory and written in one transaction when a turn ends
(``flush_calls``), when ``BATCH`` rows or ``MAX_AGE`` seconds have piled up, and at a normal exit.
"""

from __future__ import annotations

import atexit
import logging
import math
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from odoo_tools.client.http import CallRecord

if TYPE_CHECKING:
    from odoo_tools.client import OdooClient

__all__ = ["CallRecorder", "CallRow", "CallStatsRow", "attach", "call_stats", "detach", "flush_calls"]

log = logging.getLogger(__name__)

BATCH = 256  # rows written at once at the latest: memory stays small in a long run
MAX_AGE = 5.0  # seconds the oldest buffered row may wait (a server between turns), checked at the next call


class CallRow(BaseModel):
    """One HTTP attempt to Odoo as the audit log keeps it: what was called, how it ended, how long it took."""

    thread_id: str | None = Field(default=None, description="The conversation it was made for, if any")
    model: str = Field(description='The Odoo model, or "common" for the handshake (version, authenticate)')
    method: str
    transport: str = Field(description="json2, jsonrpc or xmlrpc")
    ms: float = Field(ge=0, description="How long the attempt took, in milliseconds")
    outcome: str = Field(description='"ok", or the kind of the OdooError it raised ("access", "timeout" ...)')
    at: datetime = Field(description="When it was sent (agent clock)")

    @classmethod
    def of(cls, record: CallRecord, thread_id: str | None) -> CallRow:
        """The row of one counted call; nothing of its arguments or answer exists to copy."""
        return cls(thread_id=thread_id, model=record.model, method=record.method, transport=record.transport,
                   ms=round(record.seconds * 1000, 3), outcome=record.outcome, at=record.at)  # fmt: skip


class CallStatsRow(BaseModel):
    """One model and method over a period: how often it was called, how often it failed, how long it took."""

    model: str
    method: str
    calls: int = Field(ge=1)
    errors: int = Field(ge=0, description='Attempts whose outcome is not "ok"')
    error_rate: float = Field(ge=0, le=1, description="errors / calls")
    p50_ms: float = Field(description="Median latency (nearest rank)")
    p95_ms: float = Field(description="95th percentile latency (nearest rank)")
    max_ms: float


def _rank(ordered: Sequence[float], q: float) -> float:
    # Nearest rank: an actual measured latency, never an interpolation between two.
    return ordered[max(1, math.ceil(q * len(ordered))) - 1]


def call_stats(rows: Iterable[CallRow]) -> list[CallStatsRow]:
    """Per model and method: calls, errors, error rate and latencies; the most called first."""
    groups: dict[tuple[str, str], list[CallRow]] = {}
    for row in rows:
        groups.setdefault((row.model, row.method), []).append(row)
    out = []
    for (model, method), group in groups.items():
        ms = sorted(r.ms for r in group)
        errors = sum(r.outcome != "ok" for r in group)
        out.append(CallStatsRow(model=model, method=method, calls=len(group), errors=errors,
                                error_rate=round(errors / len(group), 4), p50_ms=_rank(ms, 0.5),
                                p95_ms=_rank(ms, 0.95), max_ms=ms[-1]))  # fmt: skip
    return sorted(out, key=lambda s: (-s.calls, s.model, s.method))


Sink = Callable[[list[CallRow]], object]


class CallRecorder:
    """A client's call listener: each call becomes a row in memory, written by ``sink`` on ``flush``."""

    def __init__(self, sink: Sink, thread_of: Callable[[], str | None] = lambda: None, *, batch: int = BATCH,
                 max_age: float = MAX_AGE) -> None:  # fmt: skip
        self.sink, self.thread_of, self.batch, self.max_age = sink, thread_of, batch, max_age
        self._rows: list[CallRow] = []
        self._since = 0.0  # monotonic time of the oldest buffered row
        self._lock = threading.Lock()

    def __call__(self, record: CallRecord) -> None:
        row = CallRow.of(record, self.thread_of())  # the thread is the caller's: asked in the calling thread
        with self._lock:
            if not self._rows:
                self._since = time.monotonic()
                _pending(self, True)
            self._rows.append(row)
            full = len(self._rows) >= self.batch or time.monotonic() - self._since >= self.max_age
        if full:
            self.flush()

    def flush(self) -> int:
        """Write the buffered rows; returns how many. On failure they stay buffered for the next flush."""
        with self._lock:
            rows, self._rows = self._rows, []
        if not rows:
            return 0
        try:
            self.sink(rows)
        except BaseException:
            with self._lock:
                self._rows[:0] = rows
            raise
        with self._lock:
            if not self._rows:
                _pending(self, False)
        return len(rows)


class _Pending:
    """Recorders holding unwritten rows: written at a normal exit even if their client is gone."""

    recorders: set[CallRecorder] = set()  # noqa: RUF012 - the process's one registry
    lock = threading.Lock()


def _pending(recorder: CallRecorder, holds: bool) -> None:
    with _Pending.lock:
        if holds:
            _Pending.recorders.add(recorder)
        else:
            _Pending.recorders.discard(recorder)


@atexit.register
def _flush_at_exit() -> None:
    with _Pending.lock:
        recorders = list(_Pending.recorders)
    for recorder in recorders:
        try:
            recorder.flush()
        except Exception:  # at exit nobody can act on it: said in the log, the other stores still written
            log.exception("audit: %d Odoo call row(s) could not be written at exit", len(recorder._rows))


def attach(client: OdooClient, sink: Sink, thread_of: Callable[[], str | None] = lambda: None) -> CallRecorder:
    """Record ``client``'s calls with ``sink`` from now on (and those no recorder heard yet: an early handshake).

    A client has one recorder: attaching again (a new Context over the same client) flushes and replaces it.
    """
    for old in _recorders(client):
        client.stats.unsubscribe(old)
        old.flush()
    recorder = CallRecorder(sink, thread_of)
    client.stats.subscribe(recorder)
    return recorder


def flush_calls(client: OdooClient) -> int:
    """Write the calls ``client``'s recorder holds (at the end of a turn); returns how many."""
    return sum(r.flush() for r in _recorders(client))


def detach(client: OdooClient) -> None:
    """Stop recording ``client``'s calls, its rows written first (a session closing: its home may go next)."""
    for recorder in _recorders(client):
        client.stats.unsubscribe(recorder)
        try:
            recorder.flush()
        except Exception:  # the session is closing: said in the log; its rows stay for the exit's last try
            log.exception("audit: %d Odoo call row(s) could not be written", len(recorder._rows))
            continue
        _pending(recorder, False)


def _recorders(client: OdooClient) -> list[CallRecorder]:
    return [x for x in client.call_listeners if isinstance(x, CallRecorder)]
