"""``ODOO_AGENT_HOME`` kept private and readable: 0700, every file in it 0600, its stores checked before a run.

The threads and the audit log hold the same business data (customers, amounts, what was approved),
so nobody but their owner may read them, and a damaged file is a sentence naming it, never a traceback
and never a half-run that already wrote to Odoo.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import stat
from pathlib import Path

from odoo_tools.audit import CorruptStoreError

__all__ = ["check_store", "private_home"]

log = logging.getLogger(__name__)

DIR_MODE = 0o700
FILE_MODE = 0o600


def private_home(home: Path) -> list[str]:
    """Create ``home`` 0700 (tighten it if looser) and make every file under it 0600; returns notes on what changed.

    The process umask becomes 077 as well: SQLite creates ``-wal``/``-shm`` and ``-journal`` files
    itself, later, and the lock and log files come and go; under that umask each is born private.
    A CLI process does nothing else that should be world-readable, so the process-wide change is safe.
    """
    os.umask(0o077)
    home.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
    notes: list[str] = []
    for path in [home, *home.rglob("*")]:
        try:
            st = path.lstat()
        except FileNotFoundError:  # a -wal or lock file removed while we walked
            continue
        if stat.S_ISLNK(st.st_mode):
            continue  # never follow a link out of the home
        want = DIR_MODE if stat.S_ISDIR(st.st_mode) else FILE_MODE
        if stat.S_IMODE(st.st_mode) & ~want:
            os.chmod(path, stat.S_IMODE(st.st_mode) & want)
            notes.append(f"{path} was {stat.S_IMODE(st.st_mode):o}, now {stat.S_IMODE(st.st_mode) & want:o}")
    for note in notes:
        log.warning("tightened: %s (the agent's files are its owner's only)", note)
    return notes


def check_store(path: Path) -> None:
    """Raise ``CorruptStoreError`` if ``path`` exists and is not a sound SQLite database (read-only check).

    ``quick_check`` reads every page, so a truncated file is caught and not only a garbage header; on
    a store of tens of MB that is a few tens of milliseconds, once per run.
    """
    if not path.exists():
        return
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
        try:
            row = db.execute("PRAGMA quick_check").fetchone()
        finally:
            db.close()
    except sqlite3.DatabaseError as exc:
        # NOTADB and CORRUPT are the bare DatabaseError. Its subclasses (locked, cannot open, disk full)
        # are not damage: the store's own error path names them when it is used.
        if type(exc) is not sqlite3.DatabaseError:
            return
        raise CorruptStoreError(path, str(exc)) from None
    if row is None or row[0] != "ok":
        raise CorruptStoreError(path, f"integrity check: {row[0] if row else 'no answer'}")
