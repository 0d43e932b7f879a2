"""Locks shared by every process of one agent store, so two runs never create the same customer at once.

Beside the SQLite checkpointer, a file lock per name (``filelock``); with threads in Postgres, the
checkpointer's database holds them (advisory locks, see agent/session.py). Names are hashed: a file name
never carries a customer's name or e-mail.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager
from pathlib import Path

from filelock import FileLock

__all__ = ["Locks", "file_locks", "lock_id", "no_locks", "postgres_locks"]

# ``with locks(["partner:name:acme"]): …`` holds every named lock (taken in sorted order: no deadlock).
Locks = Callable[[list[str]], AbstractContextManager[None]]

WAIT = 120  # seconds a process waits for another's create (a create takes well under a second)


def lock_id(name: str) -> str:
    return hashlib.sha256(name.encode()).hexdigest()[:32]


def file_locks(folder: Path) -> Locks:
    """Locks as files in ``folder`` (created 0700: the store is private)."""

    @contextmanager
    def hold(names: list[str]) -> Iterator[None]:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        with ExitStack() as stack:
            for name in sorted(set(names)):
                stack.enter_context(FileLock(folder / f"{lock_id(name)}.lock", timeout=WAIT, mode=0o600))
            yield

    return hold


def postgres_locks(url: str) -> Locks:
    """Advisory locks in the Postgres database that holds the threads (every process of the team sees them).

    Each hold has its own connection: advisory locks belong to a session, and closing it releases them
    even when the process dies.
    """

    @contextmanager
    def hold(names: list[str]) -> Iterator[None]:
        import psycopg  # the optional postgres extra, installed whenever threads live in Postgres

        with psycopg.connect(url, autocommit=True) as conn:
            for name in sorted(set(names)):
                conn.execute("SELECT pg_advisory_lock(hashtextextended(%s, 0))", (lock_id(name),))
            yield

    return hold


@contextmanager
def _nothing(names: list[str]) -> Iterator[None]:
    yield


no_locks: Locks = _nothing
