"""The audit log: every Odoo write the agent performs, in SQLite, with who approved it and how it ended.

It also keeps every Odoo call (``calls``: no payload) and the turns' parses. One module over ~400 lines:
the schema's migrations, the hash chain and the store that keeps them in step belong together.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field
from pydantic_core import to_jsonable_python

from odoo_tools.calls import CallRow
from odoo_tools.client.clock import get_clock
from odoo_tools.errors import AuditError, CorruptStoreError
from odoo_tools.i18n import t

__all__ = [
    "MIGRATIONS",
    "AuditError",
    "AuditRow",
    "AuditStore",
    "ChainReport",
    "CorruptStoreError",
    "Status",
    "WriteSeen",
    "migrate",
    "migration",
    "redact",
]

Status = Literal["sending", "done", "failed", "unknown"]
Migration = Callable[[sqlite3.Connection], None]

REDACTED = "[redacted]"
# Keys that may hold a credential. Tool inputs carry none; this is a net for a future tool that might.
_SECRET_KEY = re.compile(r"pass(word|wd)?|secret|api[_-]?key|token|authori[sz]ation|cookie|credential", re.I)
_MIGRATION_NAME = re.compile(r"^m(\d{3})_\w+$")
_SCOPE = re.compile(r"^(.+):(\d+)$")

MIGRATIONS: list[Migration] = []


# The hash chain. Each row's ``hash`` covers its immutable columns (what was sent, by whom, when)
# and the previous row's hash, so an edited, inserted or deleted row breaks every later link.
# Status, result, error and finished_at legitimately change after the insert (sending → done /
# unknown → done): they are covered by the row's own ``seal``, recomputed on each of those updates
# from the row's hash, so a legitimate update never rewrites the chain while an edit that does not
# recompute the seal is seen. The chain has no secret key: it shows accidents and naive edits,
# not an attacker who recomputes every hash (that needs the log shipped elsewhere).
# Changing what a hash covers needs a new migration that re-chains the rows.
GENESIS = "0" * 64
_CHAINED = ("id", "thread_id", "turn", "step_id", "tool", "idempotency_key", "args", "approver", "approved_at", "at")
_SEALED = ("status", "result", "error", "finished_at")


def _digest(*parts: Any) -> str:
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False, separators=(",", ":")).encode()).hexdigest()


def _row_hash(prev: str, row: dict[str, Any]) -> str:
    # The approver's Odoo user id joins the chain only when Odoo verified one: rows written before keep their hash.
    verified = [row["approver_uid"]] if row.get("approver_uid") is not None else []
    return _digest(prev, *(row[c] for c in _CHAINED), *verified)


def _row_seal(row_hash: str, row: dict[str, Any]) -> str:
    return _digest(row_hash, *(row[c] for c in _SEALED))


def migration(fn: Migration) -> Migration:
    """Register ``fn`` (named ``mNNN_what``) as the next schema migration; applied once per database, in order."""
    if not _MIGRATION_NAME.match(fn.__name__):
        raise ValueError(f"migration {fn.__name__!r} must be named mNNN_something")
    MIGRATIONS.append(fn)
    return fn


@migration
def m001_initial(db: sqlite3.Connection) -> None:
    db.execute(
        """
        CREATE TABLE audit (
            id INTEGER PRIMARY KEY,
            thread_id TEXT NOT NULL,
            step_id TEXT NOT NULL,
            tool TEXT NOT NULL,
            idempotency_key TEXT,
            status TEXT NOT NULL CHECK (status IN ('sending', 'done', 'failed')),
            args TEXT NOT NULL,
            result TEXT,
            error TEXT,
            approver TEXT,
            approved_at TEXT,
            at TEXT NOT NULL,
            finished_at TEXT
        )
        """
    )
    db.execute("CREATE INDEX audit_key ON audit (idempotency_key)")
    db.execute("CREATE INDEX audit_thread ON audit (thread_id, id)")


@migration
def m002_turns(db: sqlite3.Connection) -> None:
    # One row per parsed message: which parser decided and what the LLM cost (tokens per turn).
    db.execute(
        """
        CREATE TABLE turns (
            id INTEGER PRIMARY KEY,
            thread_id TEXT NOT NULL,
            parser TEXT NOT NULL,
            model TEXT,
            confidence REAL NOT NULL,
            intents TEXT NOT NULL,
            prompt_tokens INTEGER NOT NULL,
            completion_tokens INTEGER NOT NULL,
            llm_calls INTEGER NOT NULL,
            at TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX turns_thread ON turns (thread_id, id)")


@migration
def m003_turn_apart(db: sqlite3.Connection) -> None:
    # Rows used to store the thread and its turn as one string ("t-1a2b3c:2"), so a thread's rows
    # were missed by an exact match. The turn gets its own column; old rows are split at their last ":N".
    db.execute("ALTER TABLE audit ADD COLUMN turn INTEGER")
    rows = db.execute("SELECT id, thread_id FROM audit WHERE thread_id LIKE '%:%'").fetchall()
    for row_id, scope in rows:
        m = _SCOPE.match(scope)
        if m:
            db.execute("UPDATE audit SET thread_id = ?, turn = ? WHERE id = ?", (m.group(1), int(m.group(2)), row_id))


@migration
def m004_unknown(db: sqlite3.Connection) -> None:
    # A write whose answer was lost is "unknown" until Odoo shows it. SQLite cannot alter a CHECK
    # constraint: the table is rebuilt with the wider one, rows and ids unchanged.
    db.execute("ALTER TABLE audit RENAME TO audit_old")
    db.execute(
        """
        CREATE TABLE audit (
            id INTEGER PRIMARY KEY,
            thread_id TEXT NOT NULL,
            step_id TEXT NOT NULL,
            tool TEXT NOT NULL,
            idempotency_key TEXT,
            status TEXT NOT NULL CHECK (status IN ('sending', 'done', 'failed', 'unknown')),
            args TEXT NOT NULL,
            result TEXT,
            error TEXT,
            approver TEXT,
            approved_at TEXT,
            at TEXT NOT NULL,
            finished_at TEXT,
            turn INTEGER
        )
        """
    )
    db.execute(
        "INSERT INTO audit (id, thread_id, step_id, tool, idempotency_key, status, args, result, error, approver,"
        " approved_at, at, finished_at, turn) SELECT id, thread_id, step_id, tool, idempotency_key, status, args,"
        " result, error, approver, approved_at, at, finished_at, turn FROM audit_old"
    )
    db.execute("DROP TABLE audit_old")
    db.execute("CREATE INDEX audit_key ON audit (idempotency_key)")
    db.execute("CREATE INDEX audit_thread ON audit (thread_id, id)")


@migration
def m005_hash_chain(db: sqlite3.Connection) -> None:
    # Rows written before the chain existed are chained now, in id order; ``audit_anchor`` holds the
    # hash of the last row a retention prune removed, so the first kept row still has its link.
    db.execute("ALTER TABLE audit ADD COLUMN hash TEXT")
    db.execute("ALTER TABLE audit ADD COLUMN seal TEXT")
    db.execute("CREATE TABLE audit_anchor (id INTEGER PRIMARY KEY CHECK (id = 1), last_id INTEGER NOT NULL,"
               " hash TEXT NOT NULL)")  # fmt: skip
    prev = GENESIS
    rows = db.cursor()
    rows.row_factory = sqlite3.Row
    for row in rows.execute("SELECT * FROM audit ORDER BY id").fetchall():
        data = dict(row)
        prev = _row_hash(prev, data)
        db.execute("UPDATE audit SET hash = ?, seal = ? WHERE id = ?", (prev, _row_seal(prev, data), data["id"]))


@migration
def m006_verified_approver(db: sqlite3.Connection) -> None:
    # The Odoo user id of an approver Odoo signed in (policy approvers rules); NULL: the local user, unverified.
    db.execute("ALTER TABLE audit ADD COLUMN approver_uid INTEGER")


@migration
def m007_calls(db: sqlite3.Connection) -> None:
    # Every Odoo call (one row per HTTP attempt, reads too), never its payload: model, method, how it ended
    # and how long it took. Not chained: retention prunes them by time. ``chores`` says when a daily task
    # (the retention prune at start) last ran, so a start-up pays it once a day.
    db.execute(
        """
        CREATE TABLE calls (
            id INTEGER PRIMARY KEY,
            thread_id TEXT,
            model TEXT NOT NULL,
            method TEXT NOT NULL,
            transport TEXT NOT NULL,
            ms REAL NOT NULL,
            outcome TEXT NOT NULL,
            at TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX calls_at ON calls (at)")
    db.execute("CREATE TABLE chores (name TEXT PRIMARY KEY, day TEXT NOT NULL)")


def _ensure_migrations_table(db: sqlite3.Connection) -> None:
    db.execute("CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")


def _migration_number(fn: Migration) -> int:
    """``NNN`` of a migration named ``mNNN_what`` (``migration`` refuses any other name, as does this)."""
    named = _MIGRATION_NAME.match(fn.__name__)
    if named is None:
        raise ValueError(f"migration {fn.__name__!r} must be named mNNN_something")
    return int(named.group(1))


def migrate(db: sqlite3.Connection, migrations: list[Migration] | None = None) -> list[str]:
    """Apply the migrations not yet recorded in ``_migrations``; returns their names.

    Each runs in its own transaction together with its ``_migrations`` row, so a crash
    leaves it either fully applied or not at all; ``BEGIN IMMEDIATE`` keeps two processes
    opening the same file from applying one twice.
    """
    todo = MIGRATIONS if migrations is None else migrations
    numbers = [_migration_number(fn) for fn in todo]
    if numbers != sorted(set(numbers)):
        raise ValueError(f"migrations out of order or numbered twice: {[fn.__name__ for fn in todo]}")
    _ensure_migrations_table(db)
    applied: list[str] = []
    for fn in todo:
        with _transaction(db):
            if db.execute("SELECT 1 FROM _migrations WHERE name = ?", (fn.__name__,)).fetchone():
                continue
            fn(db)
            db.execute("INSERT INTO _migrations (name, applied_at) VALUES (?, ?)", (fn.__name__, _now()))
            applied.append(fn.__name__)
    return applied


@contextmanager
def _transaction(db: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        # SQLite rolls back by itself on some errors (SQLITE_FULL): a second ROLLBACK would hide the first error.
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def _now() -> str:
    # The agent's clock, never datetime.now(): replays and tests freeze it.
    return get_clock().now().isoformat()


def redact(value: Any) -> Any:
    """``value`` with the value of every key that looks like a secret replaced, at any depth."""
    if isinstance(value, dict):
        return {k: REDACTED if isinstance(k, str) and _SECRET_KEY.search(k) else redact(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [redact(v) for v in value]
    return value


def _json(value: Any) -> str:
    # Pydantic results, dates and Decimals become JSON; anything else odd is kept as its text.
    plain = to_jsonable_python(value, fallback=str)
    return json.dumps(redact(plain), ensure_ascii=False, sort_keys=True)


class WriteSeen(BaseModel):
    """A write as the anomaly rule counts it."""

    at: datetime
    created: list[str] = Field(default_factory=list, description="Models of the records it created")


class AuditRow(BaseModel):
    """One write the agent sent to Odoo, and how it ended."""

    id: int
    thread_id: str
    turn: int | None = Field(default=None, description="The thread's turn (message) the write belongs to")
    step_id: str
    tool: str
    idempotency_key: str | None
    status: Status
    args: dict[str, Any] = Field(description="The tool's input, secrets redacted")
    result: Any = Field(default=None, description="The tool's result as JSON, once done")
    error: str | None = None
    approver: str | None = None
    approver_uid: int | None = Field(default=None, description="Set when Odoo verified the approver (their user id)")
    approved_at: datetime | None = None
    at: datetime = Field(description="When the write was sent (agent clock)")
    finished_at: datetime | None = Field(default=None, description="When it was marked done or failed")

    @property
    def approved_by(self) -> str:
        """Who approved, as a person reads it: "alice (Odoo uid 7)" when Odoo verified them, else unverified."""
        if not self.approver:
            return "–"
        if self.approver_uid is not None:
            return t("audit.approver_verified", name=self.approver, uid=self.approver_uid)
        return t("audit.approver_unverified", name=self.approver)

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> AuditRow:
        data = dict(row)
        data["args"] = json.loads(data["args"])
        data["result"] = json.loads(data["result"]) if data["result"] is not None else None
        return cls.model_validate(data)


class ChainReport(BaseModel):
    """What ``audit --verify`` found: every row linked, or the first row that is not."""

    ok: bool
    rows: int = Field(description="Rows checked")
    anchor_id: int | None = Field(default=None, description="The last row a prune removed, if any")
    broken_id: int | None = Field(default=None, description="The first row whose hash or seal does not hold")
    reason: str | None = None


def _create_private(path: Path) -> None:
    """Create ``path`` readable by its owner only: the log holds business data (customers, amounts)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return  # an existing file keeps the permissions its owner gave it
    os.close(fd)
    os.chmod(path, 0o600)  # in case a umask or ACL widened the mode given to os.open


class AuditStore:
    """The audit log in one SQLite file, migrated when opened.

    Each call opens its own short connection, so the store can be shared by threads and by
    several processes (SQLite's file locking serialises the writes).
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        _create_private(self.path)
        with self._connect() as db:
            migrate(db)

    def __repr__(self) -> str:
        return f"AuditStore({self.path})"

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        # isolation_level=None: transactions are explicit (migrations need DDL inside them).
        db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        db.row_factory = sqlite3.Row
        try:
            yield db
        except sqlite3.DatabaseError as exc:
            # SQLite's NOTADB and CORRUPT (garbage, truncated pages) are the bare DatabaseError: a sentence
            # naming the file. Its subclasses (locked, disk full, a dropped table) keep their own meaning.
            if type(exc) is not sqlite3.DatabaseError:
                raise
            raise CorruptStoreError(self.path, str(exc)) from None
        finally:
            db.close()

    def sending(
        self,
        thread_id: str,
        step_id: str | int,
        tool: str,
        key: str | None,
        args: dict[str, Any] | BaseModel,
        approver: str | None = None,
        approved_at: datetime | None = None,
        *,
        turn: int | None = None,
        approver_uid: int | None = None,
    ) -> int:
        """Record a write about to be sent to Odoo; returns the row id to finish with ``done`` or ``failed``.

        ``approver_uid``: the Odoo user who approved, when Odoo verified them (else the approver is unverified)."""
        values = (thread_id, turn, str(step_id), tool, key, _json(args), approver, approver_uid,
                  approved_at.isoformat() if approved_at else None, _now())  # fmt: skip
        # One transaction from reading the last hash to writing this row's: two processes cannot fork the chain.
        with self._connect() as db, _transaction(db):
            # Ids go on past a prune's anchor, even when the prune emptied the table (SQLite would restart at 1).
            anchor_id, anchor_hash = _anchor(db)
            top = db.execute("SELECT max(id) AS id FROM audit").fetchone()["id"]
            row_id = max(top or 0, anchor_id or 0) + 1
            db.execute(
                "INSERT INTO audit (id, thread_id, turn, step_id, tool, idempotency_key, status, args, approver,"
                " approver_uid, approved_at, at) VALUES (?, ?, ?, ?, ?, ?, 'sending', ?, ?, ?, ?, ?)",
                (row_id, *values),
            )
            last = db.execute("SELECT hash FROM audit WHERE id < ? ORDER BY id DESC LIMIT 1", (row_id,)).fetchone()
            prev = last["hash"] if last else anchor_hash
            data = dict(db.execute("SELECT * FROM audit WHERE id = ?", (row_id,)).fetchone())
            row_hash = _row_hash(prev, data)
            seal = _row_seal(row_hash, data)
            db.execute("UPDATE audit SET hash = ?, seal = ? WHERE id = ?", (row_hash, seal, row_id))
            return row_id

    def done(self, row_id: int, result: Any) -> None:
        """Mark the write as succeeded, with what Odoo answered (a ``ToolResult`` or any JSON-able value)."""
        self._finish(row_id, "done", result=_json(result))

    def failed(self, row_id: int, error: str | BaseException) -> None:
        """Mark the write as failed, with the error the person was shown."""
        text = error if isinstance(error, str) else f"{type(error).__name__}: {error}"
        self._finish(row_id, "failed", error=text)

    def unknown(self, row_id: int, error: str) -> None:
        """Mark the write as sent without an answer: Odoo may or may not have it (looked up again later)."""
        self._finish(row_id, "unknown", error=error)

    def settled(self, row_id: int, result: Any) -> None:
        """A write left ``sending`` (the process died) or ``unknown`` was found done in Odoo: reconcile its row."""
        self._finish(row_id, "done", result=_json(result), open_states=("sending", "unknown"))

    def _finish(self, row_id: int, status: Status, *, result: str | None = None, error: str | None = None,
                open_states: tuple[str, ...] = ("sending",)) -> None:  # fmt: skip
        with self._connect() as db, _transaction(db):
            # Only a row still open may finish: a second done/failed would rewrite history.
            marks = ", ".join("?" for _ in open_states)
            cursor = db.execute(
                "UPDATE audit SET status = ?, result = ?, error = ?, finished_at = ?"
                f" WHERE id = ? AND status IN ({marks})",
                (status, result, error, _now(), row_id, *open_states),
            )
            if cursor.rowcount == 1:
                data = dict(db.execute("SELECT * FROM audit WHERE id = ?", (row_id,)).fetchone())
                db.execute("UPDATE audit SET seal = ? WHERE id = ?", (_row_seal(data["hash"], data), row_id))
                return
            row = db.execute("SELECT status FROM audit WHERE id = ?", (row_id,)).fetchone()
        raise AuditError(f"audit row {row_id} is already {row['status']}" if row else f"no audit row {row_id}")

    def parsed(self, thread_id: str, parser: str, model: str | None, confidence: float, intents: list[str],
               prompt_tokens: int, completion_tokens: int, llm_calls: int) -> None:  # fmt: skip
        """Record one parsed message: the parser that decided, the intents' names and the LLM tokens spent."""
        with self._connect() as db, _transaction(db):
            db.execute(
                "INSERT INTO turns (thread_id, parser, model, confidence, intents, prompt_tokens, completion_tokens,"
                " llm_calls, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (thread_id, parser, model, confidence, _json(intents), prompt_tokens, completion_tokens, llm_calls,
                 _now()),
            )  # fmt: skip

    def turns(self, thread_id: str) -> list[dict[str, Any]]:
        """The thread's parsed messages, oldest first."""
        with self._connect() as db:
            rows = db.execute("SELECT * FROM turns WHERE thread_id = ? ORDER BY id", (thread_id,)).fetchall()
        return [{**dict(r), "intents": json.loads(r["intents"])} for r in rows]

    def get(self, row_id: int) -> AuditRow | None:
        """One row by id."""
        with self._connect() as db:
            row = db.execute("SELECT * FROM audit WHERE id = ?", (row_id,)).fetchone()
        return AuditRow.from_row(row) if row else None

    def last_for_key(self, key: str) -> AuditRow | None:
        """The row that says what became of the write with idempotency ``key``.

        A ``done`` row wins over any later attempt (the write happened); otherwise the latest
        attempt, whose ``sending`` status means the outcome is unknown (look in Odoo by the key).
        """
        with self._connect() as db:
            row = db.execute(
                "SELECT * FROM audit WHERE idempotency_key = ? ORDER BY status = 'done' DESC, id DESC LIMIT 1", (key,)
            ).fetchone()
        return AuditRow.from_row(row) if row else None

    def query(self, *, thread_id: str | None = None, model: str | None = None, since: str | None = None,
              until: str | None = None, limit: int = 50) -> list[AuditRow]:  # fmt: skip
        """Rows newest first, filtered by thread, by a model the write touched, and by day (ISO dates, inclusive)."""
        terms: list[str] = []
        params: list[str] = []
        if thread_id is not None:
            terms, params = [*terms, "thread_id = ?"], [*params, thread_id]
        if model is not None:  # the models a write touched are in its result's created/changed/found refs
            terms, params = [*terms, "result LIKE ?"], [*params, f'%"model": "{model}"%']
        if since is not None:
            terms, params = [*terms, "substr(at, 1, 10) >= ?"], [*params, since]
        if until is not None:
            terms, params = [*terms, "substr(at, 1, 10) <= ?"], [*params, until]
        where = f"WHERE {' AND '.join(terms)}" if terms else ""
        with self._connect() as db:
            rows = db.execute(f"SELECT * FROM audit {where} ORDER BY id DESC LIMIT ?", [*params, limit]).fetchall()
        return [AuditRow.from_row(r) for r in rows]

    def writes_since(self, since: datetime) -> list[WriteSeen]:
        """Writes sent from ``since`` (aware) on: when, and the models each created (the anomaly rule's input)."""
        # Times carry the clock's offset: a day's margin by text, then compared as times.
        day = (since - timedelta(days=1)).date().isoformat()
        with self._connect() as db:
            rows = db.execute("SELECT at, result FROM audit WHERE substr(at, 1, 10) >= ?", (day,)).fetchall()
        seen = []
        for row in rows:
            at = datetime.fromisoformat(row["at"])
            if at.tzinfo is not None and at >= since:
                made = json.loads(row["result"]).get("created", []) if row["result"] else []
                seen.append(WriteSeen(at=at, created=[str(r.get("model")) for r in made if isinstance(r, dict)]))
        return seen

    def recent(self, limit: int = 20, thread_id: str | None = None) -> list[AuditRow]:
        """The latest rows, newest first; only one thread's with ``thread_id``."""
        where, params = ("WHERE thread_id = ?", [thread_id]) if thread_id is not None else ("", [])
        with self._connect() as db:
            # Newest by id, not by time: a frozen or adjusted clock can give several rows the same "at".
            rows = db.execute(f"SELECT * FROM audit {where} ORDER BY id DESC LIMIT ?", [*params, limit]).fetchall()
        return [AuditRow.from_row(r) for r in rows]

    def verify(self) -> ChainReport:
        """Walk the chain from the prune anchor (or the start): OK, or the first row that does not hold."""
        with self._connect() as db:
            anchor_id, prev = _anchor(db)
            rows = db.execute("SELECT * FROM audit ORDER BY id").fetchall()
        for n, row in enumerate(rows):
            data = dict(row)
            if data["hash"] != _row_hash(prev, data):
                why = "its content or the row before it was changed, removed or inserted"
                return ChainReport(ok=False, rows=n, anchor_id=anchor_id, broken_id=data["id"], reason=why)
            if data["seal"] != _row_seal(data["hash"], data):
                why = "its status, result or error was changed"
                return ChainReport(ok=False, rows=n, anchor_id=anchor_id, broken_id=data["id"], reason=why)
            prev = data["hash"]
        return ChainReport(ok=True, rows=len(rows), anchor_id=anchor_id)

    def prune(self, before: str) -> int:
        """Remove rows sent before ``before`` (an ISO date); the last removed row's hash becomes the anchor.

        Rows still ``sending`` or ``unknown`` are kept, and so is everything after the first of them:
        a prune only cuts a prefix, so the kept rows stay one unbroken chain.
        """
        with self._connect() as db, _transaction(db):
            open_row = db.execute("SELECT min(id) AS id FROM audit WHERE status IN ('sending', 'unknown')").fetchone()
            limit = open_row["id"] if open_row["id"] is not None else None
            terms, params = ["substr(at, 1, 10) < ?"], [before]
            if limit is not None:
                terms, params = [*terms, "id < ?"], [*params, limit]
            where = " AND ".join(terms)
            # Only the prefix up to the first row that is kept: a prune never leaves a hole in the chain.
            first_kept = db.execute(f"SELECT min(id) AS id FROM audit WHERE NOT ({where})", params).fetchone()["id"]
            cut = f"id < {int(first_kept)}" if first_kept is not None else "1"
            last = db.execute(f"SELECT id, hash FROM audit WHERE {cut} ORDER BY id DESC LIMIT 1").fetchone()
            if last is None:
                return 0
            removed = db.execute(f"DELETE FROM audit WHERE {cut}").rowcount
            db.execute("INSERT OR REPLACE INTO audit_anchor (id, last_id, hash) VALUES (1, ?, ?)",
                       (last["id"], last["hash"]))  # fmt: skip
            return removed

    # -- Odoo calls (odoo_tools/calls.py buffers them) --------------------------------------------------

    def record_calls(self, rows: Sequence[CallRow]) -> None:
        """Keep these Odoo calls, in one transaction."""
        values = [(r.thread_id, r.model, r.method, r.transport, r.ms, r.outcome, r.at.isoformat()) for r in rows]
        with self._connect() as db, _transaction(db):
            db.executemany("INSERT INTO calls (thread_id, model, method, transport, ms, outcome, at)"
                           " VALUES (?, ?, ?, ?, ?, ?, ?)", values)  # fmt: skip

    def calls(self, *, since: str | None = None, model: str | None = None) -> list[CallRow]:
        """The calls kept, oldest first; from the day ``since`` (ISO) and of one ``model`` when given."""
        # "at >= day" is "its day >= day" for ISO times, and it uses the index on at.
        terms, params = ["at >= ?"], [since or ""]
        if model is not None:
            terms, params = [*terms, "model = ?"], [*params, model]
        with self._connect() as db:
            found = db.execute(f"SELECT * FROM calls WHERE {' AND '.join(terms)} ORDER BY id", params).fetchall()
        return [CallRow.model_validate(dict(r)) for r in found]  # the row id is not a field: ignored

    def prune_calls(self, before: str) -> int:
        """Remove the calls made before the day ``before`` (ISO); returns how many."""
        with self._connect() as db, _transaction(db):
            return int(db.execute("DELETE FROM calls WHERE at < ?", (before,)).rowcount)

    def chore_day(self, name: str) -> str | None:
        """The day (ISO) the daily task ``name`` last ran in this store, if ever."""
        with self._connect() as db:
            row = db.execute("SELECT day FROM chores WHERE name = ?", (name,)).fetchone()
        return str(row["day"]) if row else None

    def chore_done(self, name: str, day: str) -> None:
        """Note that the daily task ``name`` ran on ``day``."""
        with self._connect() as db, _transaction(db):
            db.execute("INSERT OR REPLACE INTO chores (name, day) VALUES (?, ?)", (name, day))


def _anchor(db: sqlite3.Connection) -> tuple[int | None, str]:
    """The last pruned row's id and hash, or (None, the genesis hash) when nothing was pruned."""
    row = db.execute("SELECT last_id, hash FROM audit_anchor WHERE id = 1").fetchone()
    return (row[0], row[1]) if row else (None, GENESIS)
