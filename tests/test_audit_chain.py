"""The audit log's hash chain: status updates keep it, edits and deletions break it, a prune keeps an anchor."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from agent.cli import app
from odoo_tools import audit
from odoo_tools.audit import AuditStore, CorruptStoreError
from odoo_tools.client.clock import Clock, set_clock

FROZEN = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
runner = CliRunner()


@pytest.fixture
def clock() -> Iterator[Clock]:
    frozen = Clock("Europe/Paris", frozen_at=FROZEN)
    previous = set_clock(frozen)
    try:
        yield frozen
    finally:
        set_clock(previous)


def _fill(store: AuditStore, clock: Clock, days: int = 4) -> list[int]:
    """One write per day: sent, then done (an in-place status update the chain must survive)."""
    ids = []
    for day in range(days):
        clock.frozen_at = FROZEN + timedelta(days=day)
        row = store.sending("t-1", day, "partner_create", f"k{day}", {"name": f"Acme {day}"}, approver="amy")
        store.done(row, {"id": day + 1})
        ids.append(row)
    return ids


def _sql(path: Path, sql: str, *args: object) -> None:
    with closing(sqlite3.connect(path)) as db, db:
        db.execute(sql, args)


def test_status_updates_keep_the_chain(tmp_path: Path, clock: Clock) -> None:
    store = AuditStore(tmp_path / "audit.sqlite")
    ids = _fill(store, clock)
    left = store.sending("t-2", 1, "order_create", "k9", {"partner_id": 1})
    store.unknown(left, "timed out")
    store.settled(left, {"id": 7})  # sending → unknown → done: two updates of one row
    report = store.verify()
    assert report.ok and report.rows == len(ids) + 1 and report.broken_id is None


def test_an_edited_argument_is_the_first_broken_row(tmp_path: Path, clock: Clock) -> None:
    path = tmp_path / "audit.sqlite"
    ids = _fill(AuditStore(path), clock)
    _sql(path, "UPDATE audit SET args = ? WHERE id = ?", '{"name": "Evil Corp"}', ids[1])
    report = AuditStore(path).verify()
    assert not report.ok and report.broken_id == ids[1] and report.rows == 1


def test_an_edited_status_or_result_breaks_the_seal(tmp_path: Path, clock: Clock) -> None:
    path = tmp_path / "audit.sqlite"
    ids = _fill(AuditStore(path), clock)
    _sql(path, "UPDATE audit SET result = ? WHERE id = ?", '{"id": 999}', ids[2])
    report = AuditStore(path).verify()
    assert not report.ok and report.broken_id == ids[2] and "status" in (report.reason or "")


def test_a_deleted_row_breaks_the_next_one(tmp_path: Path, clock: Clock) -> None:
    path = tmp_path / "audit.sqlite"
    ids = _fill(AuditStore(path), clock)
    _sql(path, "DELETE FROM audit WHERE id = ?", ids[1])
    report = AuditStore(path).verify()
    assert not report.ok and report.broken_id == ids[2]


def test_the_migration_chains_rows_written_before_it(tmp_path: Path, clock: Clock,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    path = tmp_path / "audit.sqlite"
    monkeypatch.setattr(audit, "MIGRATIONS", [m for m in audit.MIGRATIONS if m.__name__ != "m005_hash_chain"])
    with closing(sqlite3.connect(path, isolation_level=None)) as db:
        audit.migrate(db)
        for n in range(3):
            db.execute("INSERT INTO audit (thread_id, step_id, tool, status, args, at, turn) VALUES"
                       " ('t-old', ?, 'partner_create', 'done', '{}', '2026-01-01T00:00', 1)", (str(n),))  # fmt: skip
    monkeypatch.undo()
    store = AuditStore(path)  # applies m005 to the three old rows
    assert store.verify().ok and store.verify().rows == 3
    store.done(store.sending("t-new", 1, "order_create", "k", {}), {"id": 1})
    assert store.verify().ok and store.verify().rows == 4


def test_verify_holds_after_a_prune_from_its_anchor(tmp_path: Path, clock: Clock) -> None:
    store = AuditStore(tmp_path / "audit.sqlite")
    ids = _fill(store, clock)
    assert store.prune("2026-03-12") == 2  # the rows of the 10th and 11th
    report = store.verify()
    assert report.ok and report.rows == 2 and report.anchor_id == ids[1]
    clock.frozen_at = FROZEN + timedelta(days=9)
    store.done(store.sending("t-3", 1, "order_create", "k10", {}), {"id": 5})  # new rows chain on the kept ones
    assert store.verify().ok
    assert store.prune("2026-03-12") == 0  # pruning twice removes nothing more
    _sql(store.path, "DELETE FROM audit WHERE id = ?", ids[2])  # a row cut past the anchor is still seen
    assert store.verify().broken_id == ids[3]


def test_after_a_prune_of_every_row_new_rows_chain_on_the_anchor(tmp_path: Path, clock: Clock) -> None:
    store = AuditStore(tmp_path / "audit.sqlite")
    ids = _fill(store, clock)
    assert store.prune("2027-01-01") == len(ids) and store.recent() == []
    assert store.verify().ok and store.verify().anchor_id == ids[-1]
    row = store.sending("t-4", 1, "order_create", "k11", {})
    assert row == ids[-1] + 1  # never an id the pruned log already used
    store.done(row, {"id": 6})
    assert store.verify().ok and store.verify().rows == 1


def test_a_prune_stops_at_a_write_still_open(tmp_path: Path, clock: Clock) -> None:
    store = AuditStore(tmp_path / "audit.sqlite")
    ids = _fill(store, clock, days=1)
    open_row = store.sending("t-open", 1, "order_create", "kx", {})  # still 'sending': its truth is not known yet
    clock.frozen_at = FROZEN + timedelta(days=1)
    _fill(store, clock, days=1)
    assert store.prune("2027-01-01") == 1 and store.get(ids[0]) is None and store.get(open_row) is not None
    assert store.verify().ok


def test_cli_verify_ok_then_broken_with_the_row(tmp_path: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ODOO_AGENT_HOME", str(tmp_path))
    ids = _fill(AuditStore(tmp_path / "audit.sqlite"), clock)
    done = runner.invoke(app, ["audit", "--verify"])
    assert done.exit_code == 0 and "OK: 4 row(s)" in done.output
    _sql(tmp_path / "audit.sqlite", "UPDATE audit SET approver = 'mallory' WHERE id = ?", ids[2])
    done = runner.invoke(app, ["audit", "--verify"])
    assert done.exit_code == 1 and f"row {ids[2]}" in done.output


def test_cli_prune_then_verify(tmp_path: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ODOO_AGENT_HOME", str(tmp_path))
    _fill(AuditStore(tmp_path / "audit.sqlite"), clock)
    done = runner.invoke(app, ["audit", "--prune-before", "2026-03-13", "--verify"])
    assert done.exit_code == 0, done.output
    assert "Pruned 3 row(s)" in done.output and "OK: 1 row(s) chained from anchor row 3" in done.output
    assert runner.invoke(app, ["audit", "--prune-before", "13/03/2026"]).exit_code == 1


@pytest.mark.parametrize("damage", ["garbage", "truncated"])
def test_a_corrupt_audit_file_is_a_clean_error_naming_it(tmp_path: Path, clock: Clock, damage: str,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    path = tmp_path / "audit.sqlite"
    if damage == "garbage":
        path.write_bytes(b"\x00not a database\xff" * 512)
    else:
        _fill(AuditStore(path), clock)
        path.write_bytes(path.read_bytes()[:1500])  # the header survives, the pages do not
    with pytest.raises(CorruptStoreError, match=r"audit\.sqlite is damaged"):
        AuditStore(path).verify()
    monkeypatch.setenv("ODOO_AGENT_HOME", str(tmp_path))
    done = runner.invoke(app, ["audit", "--verify"])
    assert done.exit_code == 1 and done.exception is not None and isinstance(done.exception, SystemExit)
    assert "is damaged" in done.output and "Traceback" not in done.output
