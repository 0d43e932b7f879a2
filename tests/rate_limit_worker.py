"""One process of ``tests/test_rate_limit.py``: the handshake and one count, under the home's shared rate limit.

``python -m tests.rate_limit_worker CLOCK (--replay | --record) CASSETTE``, with ``ODOO_AGENT_HOME`` and
``ODOO_AGENT_POLICY`` (the budget) in the environment. The limiter reads the time from ``SharedClock``, a SQLite
file the test's processes share: waiting moves it on at once, for every process. Prints one JSON line: the
time each request was taken from the budget, and how many requests the client made.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from contextlib import closing
from pathlib import Path

from agent.config import load_settings
from agent.connect import open_client
from agent.switch import open_session
from odoo_tools.client import cassette

START = 1_000_000.0  # any instant: the limiter only compares readings of this clock


class SharedClock:
    """A clock several processes share through one SQLite file; ``sleep_until`` moves it on without sleeping."""

    def __init__(self, path: Path) -> None:
        self.path = path
        with closing(self._open()) as db:
            db.execute("BEGIN IMMEDIATE")
            db.execute("CREATE TABLE IF NOT EXISTS clock (t REAL NOT NULL)")
            if db.execute("SELECT count(*) FROM clock").fetchone()[0] == 0:
                db.execute("INSERT INTO clock VALUES (?)", (START,))
            db.execute("COMMIT")

    def _open(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=30, isolation_level=None)

    def now(self) -> float:
        with closing(self._open()) as db:
            return float(db.execute("SELECT t FROM clock").fetchone()[0])

    def sleep_until(self, deadline: float) -> None:
        with closing(self._open()) as db:  # one statement: atomic; a clock never goes back
            db.execute("UPDATE clock SET t = max(t, ?)", (deadline,))


def main(clock_path: str, flag: str, path: str) -> None:
    settings = load_settings()
    replay, record = (Path(path), None) if flag == "--replay" else (None, Path(path))
    cfg, _ = open_session(settings, replay, record)
    clock = SharedClock(Path(clock_path))
    client = open_client(settings, cfg, clock=clock)
    limited = client.before_request
    taken: list[object] = []
    client.before_request = lambda: taken.append(limited())
    client.connect()
    client.search_count("res.partner", [["is_company", "=", True]])
    left = cassette.unplayed()
    cassette.deactivate()
    assert left == 0, f"{left} recorded request(s) not replayed"
    print(json.dumps({"taken": taken, "requests": client.stats.count}))


if __name__ == "__main__":
    main(*sys.argv[1:])
