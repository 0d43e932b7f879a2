"""What the automations remember between runs, in ``ODOO_AGENT_HOME/automations.sqlite``: each event rule's
cursor (Odoo's time), every event handled (so the poller and the webhook start a flow once per change,
across restarts and processes), the days a schedule ran, and when a chore last ran."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from odoo_tools.audit import Migration, migrate
from odoo_tools.client.clock import get_clock

__all__ = ["AutomationStore"]


def m001_automations(db: sqlite3.Connection) -> None:
    db.execute("CREATE TABLE cursors (rule TEXT PRIMARY KEY, at TEXT NOT NULL)")
    # One row per (rule, record, write_date): the key makes the second claim of one change fail.
    db.execute(
        """
        CREATE TABLE handled (
            rule TEXT NOT NULL, model TEXT NOT NULL, record_id INTEGER NOT NULL, write_date TEXT NOT NULL,
            source TEXT NOT NULL, thread_id TEXT NOT NULL, status TEXT NOT NULL, at TEXT NOT NULL,
            PRIMARY KEY (rule, model, record_id, write_date)
        )
        """
    )
    db.execute("CREATE TABLE schedule_runs (rule TEXT NOT NULL, day TEXT NOT NULL, at TEXT NOT NULL,"
               " PRIMARY KEY (rule, day))")  # fmt: skip
    db.execute("CREATE TABLE chores (name TEXT PRIMARY KEY, at TEXT NOT NULL)")


MIGRATIONS: list[Migration] = [m001_automations]


class AutomationStore:
    """The automations' SQLite store (WAL; every claim in its own transaction)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            migrate(db, MIGRATIONS)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            yield db
        finally:
            db.close()

    def cursor(self, rule: str) -> str | None:
        with self._connect() as db:
            row = db.execute("SELECT at FROM cursors WHERE rule = ?", (rule,)).fetchone()
        return str(row[0]) if row else None

    def move_cursor(self, rule: str, at: str) -> None:
        """Move ``rule``'s cursor forward to ``at`` (Odoo's time); never back."""
        with self._connect() as db:
            db.execute("INSERT INTO cursors (rule, at) VALUES (?, ?) ON CONFLICT (rule) DO UPDATE SET at ="
                       " max(at, excluded.at)", (rule, at))  # fmt: skip

    def claim(self, rule: str, model: str, record_id: int, write_date: str, source: str, thread_id: str) -> bool:
        """Take this change for ``rule``: True the first time only (by the poller or the webhook, any process)."""
        with self._connect() as db:
            cur = db.execute(
                "INSERT OR IGNORE INTO handled (rule, model, record_id, write_date, source, thread_id, status, at)"
                " VALUES (?, ?, ?, ?, ?, ?, 'started', ?)",
                (rule, model, record_id, write_date, source, thread_id, get_clock().now().isoformat()),
            )
            return cur.rowcount == 1

    def finish(self, rule: str, model: str, record_id: int, write_date: str, status: str) -> None:
        with self._connect() as db:
            db.execute("UPDATE handled SET status = ? WHERE rule = ? AND model = ? AND record_id = ? AND"
                       " write_date = ?", (status, rule, model, record_id, write_date))  # fmt: skip

    def handled(self, rule: str | None = None) -> list[dict[str, object]]:
        """The changes handled, oldest first (``rule``'s only, when given)."""
        with self._connect() as db:
            db.row_factory = sqlite3.Row
            query = "SELECT * FROM handled WHERE ? IS NULL OR rule = ? ORDER BY rowid"
            rows = db.execute(query, (rule, rule)).fetchall()
        return [dict(r) for r in rows]

    def ran_on(self, rule: str, day: str) -> bool:
        """Mark ``rule``'s run of ``day`` (ISO date): True the first time only."""
        with self._connect() as db:
            cur = db.execute("INSERT OR IGNORE INTO schedule_runs (rule, day, at) VALUES (?, ?, ?)",
                             (rule, day, get_clock().now().isoformat()))  # fmt: skip
            return cur.rowcount == 1

    def chore_at(self, name: str) -> str | None:
        with self._connect() as db:
            row = db.execute("SELECT at FROM chores WHERE name = ?", (name,)).fetchone()
        return str(row[0]) if row else None

    def chore_done(self, name: str, at: str) -> None:
        with self._connect() as db:
            db.execute("INSERT OR REPLACE INTO chores (name, at) VALUES (?, ?)", (name, at))
