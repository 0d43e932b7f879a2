"""The audit log's Odoo calls without Odoo: the listener hook, the buffer, ``audit --stats``, retention.

Real traffic is in test_audit_calls_live.py; here the calls are counted by the client's own timer (``timed``)
or written as known rows, on a frozen clock, so the figures are exact and no date is today's.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from agent.cli import app
from graphs.context import make_context
from odoo_tools.audit import AuditStore
from odoo_tools.calls import CallRecorder, CallRow, attach, call_stats, flush_calls
from odoo_tools.client import ConnectionConfig, OdooClient
from odoo_tools.client.clock import Clock, set_clock
from odoo_tools.client.errors import OdooAccessError, OdooTimeoutError
from odoo_tools.client.http import CallRecord, CallStats, timed
from odoo_tools.policy import Policy
from odoo_tools.retention import PRUNE_CHORE, prune_if_due

FROZEN = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


@pytest.fixture
def clock() -> Iterator[Clock]:
    frozen = Clock("UTC", frozen_at=FROZEN)
    previous = set_clock(frozen)
    try:
        yield frozen
    finally:
        set_clock(previous)


def _offline_client() -> OdooClient:
    # Never connects: calls are counted by the client's own timer, as the transports' are.
    return OdooClient(ConnectionConfig(url="http://127.0.0.1:9", db="odoo", username="admin", api_key="not-used"))


def _call(stats: CallStats, model: str = "res.partner", method: str = "search_read",
          error: Exception | None = None) -> None:  # fmt: skip
    """One attempt as the client times it (``timed`` sits around every transport call)."""
    try:
        with timed(stats, model, method, "json2"):
            if error is not None:
                raise error
    except Exception as exc:
        assert exc is error


def test_each_attempt_is_heard_once_with_its_outcome(clock: Clock) -> None:
    stats, heard = CallStats(), []
    _call(stats)  # before any listener: heard by the first one to subscribe

    def broken(record: CallRecord) -> None:
        raise RuntimeError("a listener bug")

    stats.subscribe(heard.append)
    stats.subscribe(broken)  # nothing left unheard: the first listener is not told twice
    _call(stats, "sale.order", "read", OdooAccessError("not allowed"))
    _call(stats, "res.partner", "search_count", OdooTimeoutError("no answer"))
    _call(stats, "res.partner", "write", ValueError("not an Odoo error"))
    assert [(r.model, r.method, r.outcome, r.ok) for r in heard] == [
        ("res.partner", "search_read", "ok", True), ("sale.order", "read", "access", False),
        ("res.partner", "search_count", "timeout", False), ("res.partner", "write", "error", False)]  # fmt: skip
    assert {r.at for r in heard} == {FROZEN} and stats.count == 4  # the broken listener changed no call
    stats.unsubscribe(heard.append)
    _call(stats)
    assert len(heard) == 4


def test_a_client_has_one_recorder_and_its_early_calls_are_kept(tmp_path: Path, clock: Clock) -> None:
    client, store = _offline_client(), AuditStore(tmp_path / "audit.sqlite")
    _call(client.stats, "common", "version")  # a handshake started before the audit log was attached
    attach(client, store.record_calls)
    attach(client, store.record_calls, lambda: "t-1")  # a new Context over the same client replaces it
    _call(client.stats)
    assert len([x for x in client.call_listeners if isinstance(x, CallRecorder)]) == 1
    assert [r.method for r in store.calls()] == ["version"]  # the replaced recorder wrote what it held
    assert flush_calls(client) == 1
    rows = store.calls()
    assert [(r.model, r.method, r.thread_id) for r in rows] == [("common", "version", None),
                                                                 ("res.partner", "search_read", "t-1")]  # fmt: skip


def test_rows_wait_for_a_flush_a_full_batch_or_their_age(clock: Clock) -> None:
    written: list[list[CallRow]] = []
    stats = CallStats()
    recorder = CallRecorder(written.append, batch=3)
    stats.subscribe(recorder)
    _call(stats)
    _call(stats)
    assert written == []
    _call(stats)
    assert [len(w) for w in written] == [3]
    aged = CallRecorder(written.append, max_age=0)  # a server between turns: the next call writes what waited
    stats.subscribe(aged)
    _call(stats)
    assert [len(w) for w in written] == [3, 1] and recorder.flush() == 1


def test_rows_a_failed_write_kept_are_written_by_the_next_flush(clock: Clock) -> None:
    written: list[list[CallRow]] = []
    failures = [OSError("disk full")]

    def sink(rows: list[CallRow]) -> None:
        if failures:
            raise failures.pop()
        written.append(rows)

    recorder, stats = CallRecorder(sink), CallStats()
    stats.subscribe(recorder)
    _call(stats)
    with pytest.raises(OSError):
        recorder.flush()
    _call(stats)
    assert recorder.flush() == 2 and [len(w) for w in written] == [2]


EXITS = """
import sys
from odoo_tools.audit import AuditStore
from odoo_tools.calls import attach
from odoo_tools.client import ConnectionConfig, OdooClient
from odoo_tools.client.http import timed
client = OdooClient(ConnectionConfig(url="http://127.0.0.1:9", db="odoo", username="admin", api_key="x"))
attach(client, AuditStore(sys.argv[1]).record_calls)
with timed(client.stats, "res.partner", "read", "json2"):
    pass
del client  # gone, with its recorder's row unwritten: a normal exit still writes it
"""


def test_buffered_calls_are_written_at_a_normal_exit(tmp_path: Path) -> None:
    path = tmp_path / "audit.sqlite"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", EXITS, str(path)], env=env, capture_output=True, text=True,
                          timeout=120, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert [(r.model, r.method) for r in AuditStore(path).calls()] == [("res.partner", "read")]


def _row(day: int, model: str = "res.partner", method: str = "search_read", ms: float = 10.0,
         outcome: str = "ok") -> CallRow:  # fmt: skip
    return CallRow(model=model, method=method, transport="json2", ms=ms, outcome=outcome,
                   at=FROZEN + timedelta(days=day))  # fmt: skip


def test_stats_per_model_and_method_are_nearest_rank() -> None:
    rows = [_row(0, ms=float(ms), outcome="timeout" if ms in (19, 20) else "ok") for ms in range(20, 0, -1)]
    rows += [_row(0, "sale.order", "read", 5.0, "access")]
    partner, order = call_stats(rows)
    assert partner.model_dump() == {"model": "res.partner", "method": "search_read", "calls": 20, "errors": 2,
                                    "error_rate": 0.1, "p50_ms": 10.0, "p95_ms": 19.0, "max_ms": 20.0}  # fmt: skip
    assert (order.calls, order.errors, order.error_rate, order.p50_ms, order.p95_ms) == (1, 1, 1.0, 5.0, 5.0)


@pytest.fixture
def home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    home.mkdir(mode=0o700)
    return home


def test_audit_stats_prints_a_table_and_typed_json(home: Path, clock: Clock) -> None:
    store = AuditStore(home / "audit.sqlite")
    store.record_calls([_row(-30, ms=900.0, outcome="timeout"),  # out of --since 7d
                        _row(-2, ms=12.5), _row(-1, ms=30.0), _row(0, ms=20.0, outcome="unavailable"),
                        _row(0, "sale.order", "web_read", 40.0)])  # fmt: skip
    env = {"ODOO_AGENT_HOME": str(home), "COLUMNS": "200"}
    shown = runner.invoke(app, ["audit", "--stats", "--since", "7d"], env=env)
    assert shown.exit_code == 0, shown.output
    ruled = [line.replace("┃", "│") for line in shown.output.splitlines()]  # rich heads with a heavier rule
    lines = [line.split("│")[1:-1] for line in ruled if line.count("│") > 2]
    cells = [[c.strip() for c in line] for line in lines]
    assert cells == [["model", "method", "calls", "errors", "error rate", "p50 ms", "p95 ms", "max ms"],
                     ["res.partner", "search_read", "3", "1", "33.3%", "20.0", "30.0", "30.0"],
                     ["sale.order", "web_read", "1", "0", "0.0%", "40.0", "40.0", "40.0"]]  # fmt: skip
    as_json = runner.invoke(app, ["audit", "--stats", "--json", "--model", "res.partner"], env=env)
    assert json.loads(as_json.output) == [
        {"model": "res.partner", "method": "search_read", "calls": 4, "errors": 2, "error_rate": 0.5,
         "p50_ms": 20.0, "p95_ms": 900.0, "max_ms": 900.0}]  # fmt: skip
    empty = runner.invoke(app, ["audit", "--stats", "--since", "2027-01-01"], env=env)
    assert empty.exit_code == 0 and "No Odoo call recorded yet" in " ".join(empty.output.split())


def _fill(store: AuditStore, clock: Clock, days: list[int]) -> None:
    """One write (sent, then done) and one call per day, ``days`` from FROZEN."""
    for day in days:
        clock.frozen_at = FROZEN + timedelta(days=day)
        store.done(store.sending("t-1", day, "partner_create", f"k{day}", {"name": f"Acme {day}"}), {"id": day})
        store.record_calls([_row(day)])
    clock.frozen_at = FROZEN


def test_prune_keeps_the_retention_and_the_chain_verifiable(home: Path, clock: Clock) -> None:
    store = AuditStore(home / "audit.sqlite")
    _fill(store, clock, [-120, -95, -10, 0])
    env = {"ODOO_AGENT_HOME": str(home)}
    pruned = runner.invoke(app, ["audit", "--prune", "--json"], env=env)  # the packaged policy: 90d
    assert pruned.exit_code == 0, pruned.output
    assert json.loads(pruned.output) == {"before": "2025-12-10", "audit_rows": 2, "calls": 2}
    assert [r.at.date().isoformat() for r in store.calls()] == ["2026-02-28", "2026-03-10"]
    policy = home / "policy.yaml"
    policy.write_text("audit_retention: 1w\n")
    said = runner.invoke(app, ["audit", "--prune", "--verify"], env={**env, "ODOO_AGENT_POLICY": str(policy)})
    assert said.exit_code == 0, said.output
    text = " ".join(said.output.split())
    assert "Pruned 1 audit row(s) and 1 call(s) from before 2026-03-03" in text and "OK" in text
    report = store.verify()
    assert report.ok and report.rows == 1 and report.anchor_id == 3  # the rows kept still link to the anchor
    assert len(store.calls()) == 1


def test_retention_is_a_positive_duration_in_the_policy(tmp_path: Path) -> None:
    assert Policy.load().config.audit_retention == timedelta(days=90)
    user = tmp_path / "policy.yaml"
    user.write_text("audit_retention: 12w\n")
    assert Policy.load(user).config.audit_retention == timedelta(weeks=12)
    for wrong in ("90", "0d", "forever"):
        user.write_text(f"audit_retention: {wrong}\n")
        with pytest.raises(Exception, match="audit_retention"):
            Policy.load(user)


def test_start_prunes_once_a_day(tmp_path: Path, clock: Clock) -> None:
    store = AuditStore(tmp_path / "audit.sqlite")
    _fill(store, clock, [-100])
    make_context(_offline_client(), home=tmp_path, approver="amy")  # a start: the old rows go
    assert store.recent() == [] and store.calls() == [] and store.chore_day(PRUNE_CHORE) == "2026-03-10"
    _fill(store, clock, [-100])
    make_context(_offline_client(), home=tmp_path, approver="amy")  # the same day: one lookup, no prune
    assert len(store.recent()) == 1 and len(store.calls()) == 1
    clock.frozen_at = FROZEN + timedelta(days=1)
    assert prune_if_due(store, timedelta(days=90)) is not None  # the next day it runs again
    assert store.recent() == [] and store.calls() == [] and store.verify().ok
