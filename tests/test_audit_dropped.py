"""The audit row comes first, or nothing goes: a dropped audit table (issue 20 row 10) or a full disk.

No Odoo on purpose: the client points at a closed loopback port, so a write that was sent would end
as a connection failure on the step, never as the audit's "no such table".
"""

from __future__ import annotations

import socket
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import replace
from pathlib import Path

import pytest

from graphs.context import make_context
from graphs.executor import _send
from graphs.state import Approval, PlanStep
from odoo_tools.audit import AuditStore
from odoo_tools.client import ConnectionConfig, OdooClient
from odoo_tools.registry import Risk

APPROVED = Approval(plan_hash="h", token="t", approver="tester", at="2026-03-10T09:00:00+00:00")


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
        _send(ctx, "t-dropped", 1, step, {"name": "Acme Corp"}, "k-1", APPROVED)


class _FullAudit(AuditStore):
    """The audit log on a full disk: each connection may not grow the file past its present size.

    ``PRAGMA max_page_count`` holds for one connection only, so it is set on every one the store opens;
    SQLite then answers SQLITE_FULL ("database or disk is full"), as on a full tmpfs, without one.
    """

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        with super()._connect() as db:
            pages = db.execute("PRAGMA page_count").fetchone()[0]
            db.execute(f"PRAGMA max_page_count = {pages}")
            yield db


def test_a_full_disk_stops_the_write_before_odoo(tmp_path: Path) -> None:
    client = OdooClient(ConnectionConfig(url=f"http://127.0.0.1:{_closed_port()}", db="odoo", username="admin",
                                         api_key="not-used"))  # fmt: skip
    ctx = replace(make_context(client, home=tmp_path, approver="amy"), audit=_FullAudit(tmp_path / "audit.sqlite"))
    step = PlanStep(id="s1", tool="partner_create", args={"name": "Acme Corp " + "x" * 5000}, risk=Risk.WRITE,
                    description="Create customer Acme Corp", status="approved")  # fmt: skip
    with pytest.raises(sqlite3.OperationalError, match="database or disk is full"):
        _send(ctx, "t-full", 1, step, step.args, "k-1", APPROVED)
    assert AuditStore(tmp_path / "audit.sqlite").recent() == []  # nothing half-recorded either
