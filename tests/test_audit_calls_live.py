"""Every Odoo call lands in the audit log's ``calls``, reads too, over real (recorded) traffic: the handshake, a
graph turn's reads under its thread, writes, a retried attempt and Odoo's own refusal — and no payload."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from typer.testing import CliRunner

from agent.cli import app
from agent.session import AgentSession
from graphs.context import make_context
from odoo_tools import OdooClient
from odoo_tools.calls import flush_calls
from odoo_tools.client.clock import get_clock
from odoo_tools.client.errors import OdooAccessError
from tests.conftest import OdooSession
from tests.faults import FaultySeam, calls

pytestmark = pytest.mark.live

# What a row holds: no argument, no answer, no field of a record.
COLUMNS = ["id", "thread_id", "model", "method", "transport", "ms", "outcome", "at"]
HANDSHAKE = [("common", "version", None), ("common", "authenticate", None), ("res.users", "read", None),
             ("res.company", "read", None)]  # fmt: skip


def test_every_call_is_kept_with_its_outcome_and_no_payload(
    odoo: OdooSession, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    name = f"odoo-agent test {request.node.name}"  # a payload that must appear nowhere in the log
    home = tmp_path / "home"
    cfg = odoo.config("json2")
    # The first search_count's answer is lost once (after Odoo answered): the read is retried, two attempts.
    seam = FaultySeam(cfg.url, cfg.timeout, match=calls("res.partner", "search_count"), when="after")
    with OdooClient(cfg, seam=seam) as admin, OdooClient(odoo.config("json2", username="reader")) as reader:
        admin.connect()  # the handshake comes before the audit log is attached (as connect_soon's does)
        session = AgentSession(make_context(admin, home=home, approver="amy"), home=home)
        try:
            reply = session.ask("show me all confirmed sales orders", "t-calls")
        finally:
            session.close()
        assert reply.status == "done", reply.message
        store = session.context.audit
        turn = store.calls()  # written when the turn ended, no flush asked
        assert [(r.model, r.method, r.thread_id) for r in turn[:4]] == HANDSHAKE
        assert turn[4:] and all(r.thread_id == "t-calls" for r in turn[4:])  # the run's calls, under its thread
        assert ("sale.order", "search_read") in {(r.model, r.method) for r in turn[4:]}

        make_context(admin, home=home, approver="amy")  # a closed session stopped recording its client's calls
        pid = admin.create("res.partner", {"name": name})
        admin.write("res.partner", [pid], {"name": f"{name} renamed"})
        assert admin.search_count("res.partner", [["id", "=", pid]]) == 1
        admin.unlink("res.partner", [pid])
        make_context(reader, home=home, approver="amy")
        with pytest.raises(OdooAccessError):
            reader.search_read("sale.order", [], ["name"], limit=1)
        flush_calls(admin)
        flush_calls(reader)

    rows = store.calls()
    later = [(r.model, r.method, r.outcome) for r in rows[len(turn) :]]
    assert later == [("res.partner", "create", "ok"), ("res.partner", "write", "ok"),
                     ("res.partner", "search_count", "timeout"), ("res.partner", "search_count", "ok"),
                     ("res.partner", "unlink", "ok"),
                     *[(model, method, "ok") for model, method, _ in HANDSHAKE],  # the reader's
                     ("sale.order", "search_read", "access")]  # fmt: skip
    assert all(r.thread_id is None for r in rows[len(turn) :])  # no run made them
    assert {r.transport for r in rows} == {"json2"} and all(r.ms >= 0 for r in rows)
    assert {r.at for r in rows} == {get_clock().now()}  # the agent clock: frozen at the recording's time

    with closing(sqlite3.connect(home / "audit.sqlite")) as db:
        assert [c[1] for c in db.execute("PRAGMA table_info(calls)")] == COLUMNS
        assert db.execute("SELECT count(*) FROM audit").fetchone()[0] == 0  # the writes were not the agent's tools
    raw = (home / "audit.sqlite").read_bytes()
    assert name.encode() not in raw and b"renamed" not in raw and b"S000" not in raw  # no argument, no answer

    stats = CliRunner().invoke(app, ["audit", "--stats", "--json"], env={"ODOO_AGENT_HOME": str(home)})
    assert stats.exit_code == 0, stats.output
    by = {(s["model"], s["method"]): s for s in json.loads(stats.output)}
    assert by["sale.order", "search_read"]["errors"] >= 1
    assert by["res.partner", "search_count"]["calls"] == 2 and by["res.partner", "search_count"]["errors"] == 1
    assert by["res.partner", "search_count"]["error_rate"] == 0.5
