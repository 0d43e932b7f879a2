"""Issue 20 row 10: the audit table dropped → the write is not sent (its audit row comes first, or nothing goes).

No Odoo on purpose: the client points at a closed loopback port, so a write that was sent would end
as a connection failure on the step, never as the audit's "no such table".
"""

from __future__ import annotations

import socket
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from graphs.context import make_context
from graphs.executor import _send
from graphs.state import PlanStep
from odoo_tools.client import ConnectionConfig, OdooClient
from odoo_tools.registry import Risk


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_dropped_audit_table_stops_the_write_before_odoo(tmp_path: Path) -> None:
    client = OdooClient(ConnectionConfig(url=f"http://127.0.0.1:{_closed_port()}", db="odoo", username="admin",
                                         api_key="not-used"))  # fmt: skip
    ctx = make_context(client, home=tmp_path, approver="amy")
    with closing(sqlite3.connect(tmp_path / "audit.sqlite")) as db:
        db.execute("DROP TABLE audit")
    step = PlanStep(id="s1", tool="partner_create", args={"name": "Acme Corp"}, risk=Risk.WRITE,
                    description="Create customer Acme Corp", status="approved")  # fmt: skip
    with pytest.raises(sqlite3.OperationalError, match="no such table: audit"):
        _send(ctx, "t-dropped", 1, step, {"name": "Acme Corp"}, "k-1", "2026-03-10T09:00:00+00:00")
