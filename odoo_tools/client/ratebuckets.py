"""Where a rate limit's request times are kept: SQLite in the agent's home, or the checkpointer's Postgres.

A bucket is a log of the last minute's request times per server, read and written in one transaction that
excludes every other taker (SQLite's ``BEGIN IMMEDIATE``, a Postgres advisory lock), so two processes can never
both see the last free slot. A store that fails lets the request go (logged): the limit spares the server, and a
broken store must not stop the agent (its own commands say what is wrong with it).
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

__all__ = ["PostgresBucket", "SqliteBucket"]

log = logging.getLogger(__name__)

_TABLE = "odoo_agent_rate_limit"
_CREATE = "CREATE TABLE IF NOT EXISTS odoo_agent_rate_limit (server TEXT NOT NULL, at DOUBLE PRECISION NOT NULL)"
_INDEX = "CREATE INDEX IF NOT EXISTS odoo_agent_rate_limit_server_at ON odoo_agent_rate_limit (server, at)"
_FORGET = "DELETE FROM odoo_agent_rate_limit WHERE server = ? AND (at <= ? OR at > ?)"
_TIMES = "SELECT at FROM odoo_agent_rate_limit WHERE server = ? ORDER BY at"
_RECORD = "INSERT INTO odoo_agent_rate_limit (server, at) VALUES (?, ?)"

Run = Callable[[str, tuple[Any, ...]], list[tuple[Any, ...]]]


def _take(run: Run, key: str, now: float, limit: int, window: float) -> float | None:
    """Inside the caller's exclusive transaction (``run`` executes one statement, ``?`` params): None when a
    request was recorded at ``now``, else when a slot frees."""
    # Times more than a window ahead were written before the clock moved back: kept, they would block for longer.
    run(_FORGET, (key, now - window, now + window))
    times = [row[0] for row in run(_TIMES, (key,))]
    if len(times) < limit:
        run(_RECORD, (key, now))
        return None
    # The slot that frees first for this request: the (n - limit + 1)-th oldest leaves the window.
    return min(float(times[len(times) - limit]) + window, now + window)


class SqliteBucket:
    """The bucket of every process of one home: ``ratelimit.sqlite`` beside the threads."""

    def __init__(self, path: Path, *, busy_timeout: float = 30.0) -> None:
        self.path, self.busy_timeout = path, busy_timeout

    def take(self, key: str, now: Callable[[], float], limit: int, window: float) -> tuple[float, float | None]:
        try:
            with closing(sqlite3.connect(self.path, timeout=self.busy_timeout, isolation_level=None)) as db:
                db.execute("PRAGMA synchronous=OFF")  # no fsync per request: a crash loses only times of no worth
                db.execute("BEGIN IMMEDIATE")  # the write lock first: no other process reads a stale count
                try:
                    db.execute(_CREATE)
                    db.execute(_INDEX)
                    at = now()
                    free_at = _take(lambda sql, args: db.execute(sql, args).fetchall(), key, at, limit, window)
                except BaseException:
                    db.execute("ROLLBACK")
                    raise
                db.execute("COMMIT")
                return at, free_at
        except sqlite3.Error as exc:
            log.warning("rate limit store %s unusable, request not limited: %s", self.path, exc)
            return now(), None


class PostgresBucket:
    """The bucket of every worker sharing one Postgres checkpointer (``ODOO_AGENT_CHECKPOINT_URL``)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._conn: Any = None
        self._lock = threading.Lock()  # one connection per process, used by one thread at a time

    def take(self, key: str, now: Callable[[], float], limit: int, window: float) -> tuple[float, float | None]:
        with self._lock:
            try:
                return self._take(key, now, limit, window)
            except Exception as exc:  # psycopg's errors, or the postgres extra missing
                log.warning("rate limit store (Postgres) unusable, request not limited: %s", exc)
                self.close()
                return now(), None

    def _take(self, key: str, now: Callable[[], float], limit: int, window: float) -> tuple[float, float | None]:
        conn = self._connect()

        def run(sql: str, args: tuple[Any, ...]) -> list[tuple[Any, ...]]:
            cur = conn.execute(sql.replace("?", "%s"), args)
            return list(cur.fetchall()) if cur.description else []

        with conn.transaction():
            # Held to the transaction's end: the takers of one server go one at a time.
            conn.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", (f"{_TABLE}|{key}",))
            at = now()
            return at, _take(run, key, at, limit, window)

    def _connect(self) -> Any:
        if self._conn is None:
            import psycopg  # the optional postgres extra, installed whenever threads live in Postgres

            conn = psycopg.connect(self.url, autocommit=True)
            with conn.transaction():  # concurrent CREATE ... IF NOT EXISTS can collide: one creator at a time
                conn.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", (_TABLE,))
                conn.execute(_CREATE)
                conn.execute(_INDEX)
            self._conn = conn
        return self._conn

    def close(self) -> None:
        """Close the connection (the next take opens another)."""
        conn, self._conn = self._conn, None
        if conn is not None:
            conn.close()
