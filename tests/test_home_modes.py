"""Issue 20 row 8: ODOO_AGENT_HOME is 0700 and every file the agent writes in it 0600, checked with os.stat."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pexpect
import pytest

from agent.home import check_store, private_home
from graphs.locks import file_locks
from odoo_tools.audit import AuditStore, CorruptStoreError
from tests.conftest import ROOT


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def loose_umask() -> Iterator[None]:
    """A umask that would leave files world-readable; private_home must win over it. Restored after."""
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


def test_a_new_home_and_every_store_file_are_private(tmp_path: Path, loose_umask: None) -> None:
    home = tmp_path / "agent"
    assert private_home(home) == []
    assert mode(home) == 0o700
    AuditStore(home / "audit.sqlite")
    # The threads store as the checkpointer opens it: WAL, so SQLite itself creates -wal and -shm.
    with closing(sqlite3.connect(home / "threads.sqlite")) as db:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("CREATE TABLE t (x)")
        db.execute("INSERT INTO t VALUES (1)")
        db.commit()
        made = {p.name for p in home.iterdir()}
        assert {"threads.sqlite-wal", "threads.sqlite-shm"} <= made
        for path in home.iterdir():
            assert mode(path) == 0o600, path.name
    with file_locks(home / "locks")(["partner:name:acme"]):
        locks = list((home / "locks").iterdir())
        assert locks and all(mode(p) == 0o600 for p in locks)
    assert mode(home / "locks") == 0o700


def test_a_loose_home_is_tightened_with_a_note(tmp_path: Path, loose_umask: None,
                                               caplog: pytest.LogCaptureFixture) -> None:  # fmt: skip
    home = tmp_path / "agent"
    (home / "cache").mkdir(parents=True)
    for name in ("threads.sqlite", "threads.sqlite-wal", "audit.sqlite", "cache/x.json", "agent.log"):
        (home / name).write_text("x")
        os.chmod(home / name, 0o644)
    os.chmod(home, 0o755)
    os.chmod(home / "cache", 0o775)
    notes = private_home(home)
    assert mode(home) == 0o700 and mode(home / "cache") == 0o700
    assert all(mode(p) == 0o600 for p in home.rglob("*") if p.is_file())
    assert len(notes) == 7 and "was 755, now 700" in caplog.text


def test_the_cli_makes_the_home_private(tmp_path: Path) -> None:
    home = tmp_path / "agent"
    home.mkdir(mode=0o755)
    os.chmod(home, 0o755)
    env = {k: v for k, v in os.environ.items() if not k.startswith("ODOO_")}
    env.update(PYTHONPATH=str(ROOT), ODOO_AGENT_HOME=str(home))
    done = subprocess.run([sys.executable, "-m", "agent", "threads", "--json"], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert mode(home) == 0o700
    files = [p for p in home.rglob("*") if p.is_file()]
    assert any(p.name == "threads.sqlite" for p in files) and all(mode(p) == 0o600 for p in files)


@pytest.mark.parametrize("damage", ["garbage", "truncated"])
def test_a_corrupt_threads_store_is_refused_naming_it(tmp_path: Path, damage: str) -> None:
    path = tmp_path / "threads.sqlite"
    if damage == "garbage":
        path.write_bytes(b"\xde\xad\xbe\xef" * 2048)
    else:
        with closing(sqlite3.connect(path)) as db:
            db.execute("CREATE TABLE t (x)")
            db.executemany("INSERT INTO t VALUES (?)", [("y" * 500,)] * 200)
            db.commit()
        path.write_bytes(path.read_bytes()[: 4096 * 3])
    with pytest.raises(CorruptStoreError, match=r"threads\.sqlite is damaged .*Nothing was sent to Odoo"):
        check_store(path)


def test_ask_on_a_corrupt_threads_store_is_one_json_error(tmp_path: Path) -> None:
    home = tmp_path / "agent"
    home.mkdir()
    (home / "threads.sqlite").write_bytes(b"\xde\xad\xbe\xef" * 2048)
    env = {k: v for k, v in os.environ.items() if not k.startswith("ODOO_")}
    # A closed port: had anything gone to Odoo, the error would be a connection error instead.
    env.update(PYTHONPATH=str(ROOT), ODOO_AGENT_HOME=str(home), ODOO_URL="http://127.0.0.1:9", ODOO_DB="odoo",
               ODOO_USERNAME="admin", ODOO_API_KEY="not-used", ODOO_COMPANY="1")  # fmt: skip
    done = subprocess.run([sys.executable, "-m", "agent", "ask", "quote Acme Corp for 2 Widget", "--json"], env=env,
                          cwd=tmp_path, capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 1 and done.stdout.count("\n") == 1 and "Traceback" not in done.stderr
    assert "threads.sqlite is damaged" in done.stdout and '"odoo_calls":0' in done.stdout
    assert '"type":"store_corrupt"' in done.stdout


def test_chat_on_a_corrupt_audit_file_says_which_file_and_stops(tmp_path: Path) -> None:
    """The REPL in a real pty: a damaged audit log is one sentence naming it, before any prompt or Odoo call."""
    home = tmp_path / "agent"
    home.mkdir()
    (home / "audit.sqlite").write_bytes(b"\xde\xad\xbe\xef" * 2048)
    env = {k: v for k, v in os.environ.items() if not k.startswith("ODOO_")}
    env.update(PYTHONPATH=str(ROOT), ODOO_AGENT_HOME=str(home), ODOO_URL="http://127.0.0.1:9", ODOO_DB="odoo",
               ODOO_USERNAME="admin", ODOO_API_KEY="not-used", ODOO_COMPANY="1", TERM="xterm",
               PROMPT_TOOLKIT_NO_CPR="1", ODOO_AGENT_PARSER="offline")  # fmt: skip
    child = pexpect.spawn(sys.executable, ["-m", "agent", "chat"], env=env, cwd=str(tmp_path), encoding="utf-8",
                          timeout=90, dimensions=(50, 160))  # fmt: skip
    child.expect(pexpect.EOF)
    child.close()
    seen = " ".join((child.before or "").split())
    assert f"{home / 'audit.sqlite'} is damaged" in seen and "Traceback" not in seen and "odoo>" not in seen
    assert child.exitstatus not in (0, None)
