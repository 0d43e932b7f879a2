"""The store before Odoo, as a real process: a locked threads.sqlite is one JSON error naming the thread.

No Odoo here on purpose: ODOO_URL points at a closed loopback port, so a request sent before the
store refused would fail differently (a connection error, not ``store_unavailable``).
"""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

from agent.contract import Reply
from tests.conftest import ROOT


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_ask_on_a_locked_store_prints_one_json_error_with_the_thread(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("ODOO_")}
    env.update(PYTHONPATH=str(ROOT), ODOO_AGENT_HOME=str(home), ODOO_URL=f"http://127.0.0.1:{_closed_port()}",
               ODOO_DB="odoo", ODOO_USERNAME="admin", ODOO_API_KEY="not-used", ODOO_COMPANY="1")  # fmt: skip
    locker = sqlite3.connect(home / "threads.sqlite", isolation_level=None)
    locker.execute("BEGIN EXCLUSIVE")
    try:
        done = subprocess.run([sys.executable, "-m", "agent", "ask", "quote Acme Corp for 2 Widget", "--new-thread",
                               "--thread", "t-locked", "--json"], env=env, cwd=tmp_path, capture_output=True, text=True,
                              timeout=120)  # fmt: skip
    finally:
        locker.execute("ROLLBACK")
        locker.close()
    assert done.stdout.count("\n") == 1, done.stderr  # exactly one JSON object, no traceback
    reply = Reply.model_validate(json.loads(done.stdout))
    assert done.returncode == 1 and reply.status == "error" and reply.thread_id == "t-locked"
    assert reply.error is not None and reply.error.type == "store_unavailable"
    assert "Traceback" not in done.stderr
