"""The store's named locks serialise holders of one name and let other names through. No Odoo involved.

File locks always; Postgres advisory locks with ``AGENT_TEST_PG_URL`` (skipped without it).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from graphs.locks import Locks, file_locks, postgres_locks


@pytest.fixture(params=["file", "postgres"])
def make_locks(request: pytest.FixtureRequest, tmp_path: Path) -> Callable[[], Locks]:
    """Each call is what another process would build: its own lock objects (and, in Postgres, connections)."""
    if request.param == "file":
        return lambda: file_locks(tmp_path / "locks")
    url = os.environ.get("AGENT_TEST_PG_URL")
    if not url:
        pytest.skip("needs AGENT_TEST_PG_URL (a Postgres)")
    return lambda: postgres_locks(url)


def test_one_name_is_held_by_one_holder_at_a_time(make_locks: Callable[[], Locks]) -> None:
    events: list[tuple[str, int]] = []

    def worker(i: int) -> None:
        with make_locks()(["res.partner:name:newco ltd", "res.partner:email:info@newco.example"]):
            events.append(("in", i))
            time.sleep(0.2)
            events.append(("out", i))

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(3)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert [kind for kind, _ in events] == ["in", "out"] * 3  # never two inside at once
    assert all(events[k][1] == events[k + 1][1] for k in range(0, 6, 2))


def test_other_names_do_not_wait(make_locks: Callable[[], Locks]) -> None:
    locks = make_locks()
    done = threading.Event()

    def other() -> None:
        with locks(["res.partner:name:b"]):
            done.set()

    with locks(["res.partner:name:a"]):
        thread = threading.Thread(target=other)
        thread.start()
        assert done.wait(5)  # taken while "a" is held
    thread.join()
