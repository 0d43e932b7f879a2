"""Odoo down at start: ``ask`` is one JSON error with the thread id and a sentence, no traceback, no audit row."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

from agent.contract import Reply
from odoo_tools.audit import AuditStore
from tests.conftest import ROOT


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_ask_with_odoo_down_at_start_is_one_json_error(tmp_path: Path) -> None:
    home = tmp_path / "home"
    port = _closed_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("ODOO_")}
    env.update(PYTHONPATH=str(ROOT), ODOO_AGENT_HOME=str(home), ODOO_URL=f"http://127.0.0.1:{port}",
               ODOO_DB="odoo", ODOO_USERNAME="admin", ODOO_API_KEY="not-used", ODOO_COMPANY="1")  # fmt: skip
    done = subprocess.run([sys.executable, "-m", "agent", "ask", "quote Acme Corp for 2 Widget", "--new-thread",
                           "--thread", "t-down", "--json"], env=env, cwd=tmp_path, capture_output=True, text=True,
                          timeout=120)  # fmt: skip
    assert done.returncode == 1 and done.stdout.count("\n") == 1 and "Traceback" not in done.stderr
    reply = Reply.model_validate(json.loads(done.stdout))
    assert reply.status == "error" and reply.thread_id == "t-down"
    assert f"Cannot connect to http://127.0.0.1:{port}: connection refused" in reply.message
    assert AuditStore(home / "audit.sqlite").recent() == []
