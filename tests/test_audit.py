"""The audit store: migrations, the sending -> done/failed life of a write, lookups, privacy. No Odoo involved."""

from __future__ import annotations

import sqlite3
import stat
from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from odoo_tools import audit
from odoo_tools.audit import REDACTED, AuditError, AuditStore
from odoo_tools.client.clock import Clock, set_clock
from odoo_tools.results import RecordRef, ToolResult

FROZEN = datetime(2026, 3, 14, 9, 26, 53, tzinfo=UTC)


@pytest.fixture
def clock() -> Iterator[Clock]:
    frozen = Clock("Europe/Paris", frozen_at=FROZEN)
    previous = set_clock(frozen)
    try:
        yield frozen
    finally:
        set_clock(previous)


@pytest.fixture
def store(tmp_path: Path, clock: Clock) -> AuditStore:
    return AuditStore(tmp_path / "audit.db")


def _migrations(path: Path) -> list[str]:
    with closing(sqlite3.connect(path)) as db:
        return [r[0] for r in db.execute("SELECT name FROM _migrations ORDER BY name")]


# Every migration of the audit log, in order (written out: a migration added or renamed shows here).
APPLIED = [
    "m001_initial",
    "m002_turns",
    "m003_turn_apart",
    "m004_unknown",
    "m005_hash_chain",
    "m006_verified_approver",
    "m007_calls",
]


def test_migrations_apply_once(tmp_path: Path, clock: Clock) -> None:
    path = tmp_path / "audit.db"
    AuditStore(path)
    AuditStore(path)  # opening again applies nothing and breaks nothing
    assert _migrations(path) == APPLIED
    with closing(sqlite3.connect(path)) as db:
        assert db.execute("SELECT applied_at FROM _migrations").fetchone()[0] == clock.now().isoformat()


def test_a_new_migration_applies_once_to_an_existing_database(
    tmp_path: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "audit.db"
    row_id = AuditStore(path).sending("t1", 1, "partner_update", None, {"partner": 7})
    calls: list[int] = []

    def m099_reviewer(db: sqlite3.Connection) -> None:
        calls.append(1)
        db.execute("ALTER TABLE audit ADD COLUMN reviewer TEXT")

    monkeypatch.setattr(audit, "MIGRATIONS", [*audit.MIGRATIONS, m099_reviewer])
    AuditStore(path)
    store = AuditStore(path)
    assert calls == [1]
    assert _migrations(path) == [*APPLIED, "m099_reviewer"]
    assert store.get(row_id) is not None  # old rows survive, and AuditRow ignores the new column


def test_a_failing_migration_leaves_nothing_half_done(
    tmp_path: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "audit.db"
    AuditStore(path)

    def m099_broken(db: sqlite3.Connection) -> None:
        db.execute("CREATE TABLE half (x)")
        raise RuntimeError("boom")

    monkeypatch.setattr(audit, "MIGRATIONS", [*audit.MIGRATIONS, m099_broken])
    with pytest.raises(RuntimeError, match="boom"):
        AuditStore(path)
    assert _migrations(path) == APPLIED
    with closing(sqlite3.connect(path)) as db:
        assert not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'half'").fetchone()


def test_migrations_must_be_numbered_in_order() -> None:
    def m001_again(db: sqlite3.Connection) -> None: ...

    def badly_named(db: sqlite3.Connection) -> None: ...

    with closing(sqlite3.connect(":memory:")) as db, pytest.raises(ValueError, match="out of order"):
        audit.migrate(db, [*audit.MIGRATIONS, m001_again])
    with pytest.raises(ValueError, match="mNNN_"):
        audit.migration(badly_named)


def test_sending_then_done(store: AuditStore, clock: Clock) -> None:
    approved = FROZEN - timedelta(minutes=5)
    row_id = store.sending("t1", "step-2", "quotation_create", "k123", {"customer": "Deco Addict"}, "alice", approved)
    row = store.get(row_id)
    assert row is not None and row.status == "sending" and row.result is None and row.finished_at is None
    assert (row.thread_id, row.step_id, row.tool, row.idempotency_key) == ("t1", "step-2", "quotation_create", "k123")
    assert row.approver == "alice" and row.approved_at == approved
    result = ToolResult(message="Created S00042.", created=[RecordRef(model="sale.order", id=42, display_name="S42")])
    store.done(row_id, result)
    row = store.get(row_id)
    assert row is not None and row.status == "done" and row.error is None
    assert row.result["created"][0]["id"] == 42 and row.result["message"] == "Created S00042."


def test_sending_then_failed(store: AuditStore) -> None:
    row_id = store.sending("t1", 3, "invoice_post", None, {"invoice": 9})
    store.failed(row_id, ValueError("INV/2026/00009 is already posted"))
    row = store.get(row_id)
    assert row is not None and row.status == "failed" and row.result is None
    assert row.error == "ValueError: INV/2026/00009 is already posted" and row.step_id == "3"


def test_a_finished_row_cannot_be_finished_again(store: AuditStore) -> None:
    row_id = store.sending("t1", 1, "note_post", None, {})
    store.done(row_id, {"ok": True})
    with pytest.raises(AuditError, match="already done"):
        store.failed(row_id, "late error")
    with pytest.raises(AuditError, match="no audit row 999"):
        store.done(999, {})


def test_timestamps_come_from_the_agent_clock(tmp_path: Path, clock: Clock) -> None:
    store = AuditStore(tmp_path / "audit.db")
    first = store.sending("t1", 1, "note_post", None, {})
    later = FROZEN + timedelta(hours=2)
    previous = set_clock(Clock("UTC", frozen_at=later))
    try:
        store.done(first, {})
    finally:
        set_clock(previous)
    row = store.get(first)
    assert row is not None and row.at == FROZEN and row.finished_at == later
    assert row.at.utcoffset() == timedelta(hours=1)  # kept in the clock's timezone (Paris, winter)


def test_last_for_key(store: AuditStore) -> None:
    assert store.last_for_key("k1") is None
    crashed = store.sending("t1", 1, "partner_create", "k1", {"name": "Acme"})  # never finished: outcome unknown
    assert store.last_for_key("k1").id == crashed  # type: ignore[union-attr]
    retried = store.sending("t1", 1, "partner_create", "k1", {"name": "Acme"})
    store.done(retried, {"created": [{"id": 5}]})
    store.failed(store.sending("t1", 1, "partner_create", "k1", {"name": "Acme"}), "duplicate")
    store.sending("t2", 1, "partner_create", "k2", {"name": "Other"})
    found = store.last_for_key("k1")
    assert found is not None and found.id == retried and found.status == "done"  # a success is never hidden


def test_recent_is_newest_first_and_per_thread(store: AuditStore) -> None:
    ids = [store.sending(f"t{i % 2}", i, "note_post", None, {"i": i}) for i in range(5)]  # all at the same instant
    assert [r.id for r in store.recent()] == ids[::-1]
    assert [r.id for r in store.recent(limit=2)] == ids[:-3:-1]
    assert [r.args["i"] for r in store.recent(thread_id="t1")] == [3, 1]
    assert store.recent(thread_id="nobody") == []


def test_a_new_file_is_private(tmp_path: Path, clock: Clock) -> None:
    path = tmp_path / "new" / "dir" / "audit.db"
    AuditStore(path).sending("t1", 1, "note_post", None, {})
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_an_existing_file_keeps_its_mode(tmp_path: Path, clock: Clock) -> None:
    path = tmp_path / "audit.db"
    sqlite3.connect(path).close()
    path.chmod(0o640)
    AuditStore(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_secrets_are_redacted(store: AuditStore) -> None:
    args = {"name": "Acme", "password": "hunter2", "nested": [{"api_key": "abc", "Access_Token": "t"}],
            "idempotency_key": "k9", "auth": {"Authorization": "Bearer x", "client_secret": "s"}}  # fmt: skip
    row_id = store.sending("t1", 1, "partner_create", "k9", args)
    store.done(row_id, {"token": "t", "message": "ok"})
    with closing(sqlite3.connect(store.path)) as db:
        raw = " ".join(db.execute("SELECT args || result FROM audit").fetchone())
    for secret in ("hunter2", "abc", "Bearer", '"s"', '"t"'):
        assert secret not in raw
    row = store.get(row_id)
    assert row is not None and row.args["password"] == REDACTED and row.args["nested"][0]["api_key"] == REDACTED
    assert row.args["name"] == "Acme" and row.args["idempotency_key"] == "k9"  # not a secret
    assert row.result == {"token": REDACTED, "message": "ok"}


def test_query_by_thread_model_and_day(store: AuditStore, clock: Clock) -> None:
    order = ToolResult(message="ok", created=[RecordRef(model="sale.order", id=1, display_name="S1")])
    lead = ToolResult(message="ok", changed=[RecordRef(model="crm.lead", id=2, display_name="Rocky")])
    first = store.sending("t-a", "s1", "quotation_create", None, {}, None, None, turn=1)
    store.done(first, order)
    second = store.sending("t-a", "s1", "lead_set_stage", None, {}, None, None, turn=2)
    store.done(second, lead)
    store.done(store.sending("t-b", "s1", "quotation_create", None, {}, None, None, turn=1), order)
    assert [r.id for r in store.query(thread_id="t-a")] == [second, first]  # every turn of the thread
    assert [(r.thread_id, r.turn) for r in store.recent(thread_id="t-a")] == [("t-a", 2), ("t-a", 1)]
    assert [r.tool for r in store.query(thread_id="t-a", model="crm.lead")] == ["lead_set_stage"]
    day = FROZEN.astimezone(clock.tz).date().isoformat()
    assert len(store.query(since=day, until=day)) == 3 and store.query(since="2099-01-01") == []


def test_rows_of_the_old_shape_are_split_into_thread_and_turn(tmp_path: Path, clock: Clock) -> None:
    """Before m003 a row's thread_id was "thread:turn"; the migration splits it at the last ":N"."""
    path = tmp_path / "audit.db"
    with closing(sqlite3.connect(path, isolation_level=None)) as db:
        audit.migrate(db, audit.MIGRATIONS[:2])
        for scope in ("t-1a2b:2", "team:chat:7", "plain"):
            db.execute("INSERT INTO audit (thread_id, step_id, tool, status, args, at) VALUES (?, 's1', 'x', 'done', "
                       "'{}', '2026-03-14')", (scope,))  # fmt: skip
    store = AuditStore(path)
    rows = [(r.thread_id, r.turn) for r in reversed(store.recent())]
    assert rows == [("t-1a2b", 2), ("team:chat", 7), ("plain", None)]
    assert [r.turn for r in store.recent(thread_id="t-1a2b")] == [2]
