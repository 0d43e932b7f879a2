"""The client-side rate limit (issue 25): one budget per Odoo server for every process of a home, waits said.

The cross-process tests run two real processes on one home, each replaying (or recording) its own cassette of
real Odoo 19 traffic; their waits are driven by a clock the processes share (``tests/rate_limit_worker.py``), so
nothing sleeps. The Postgres bucket runs live only, against a throwaway database (``AGENT_TEST_PG_URL``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest
import yaml

from agent.config import load_settings
from agent.connect import rate_limiter
from odoo_tools.client import ConnectionConfig, cassette
from odoo_tools.client.ratebuckets import PostgresBucket, SqliteBucket
from odoo_tools.client.ratelimit import RateLimiter
from odoo_tools.errors import PolicyError
from odoo_tools.i18n import use_language
from odoo_tools.policy import DEFAULT_POLICY_FILE, Policy
from odoo_tools.rate_limit import RateLimit, _default_text, rate_limit_of
from tests.conftest import CASSETTES, _mode, agent_process
from tests.rate_limit_worker import START

BUDGET = 6  # a worker makes 5 requests (4 of handshake, 1 count): two of them overdraw it
WAITING = f"Odoo rate limit ({BUDGET}/min): waiting"


class StepClock:
    """An in-process clock whose sleep moves it on."""

    def __init__(self) -> None:
        self.t = START

    def now(self) -> float:
        return self.t

    def sleep_until(self, deadline: float) -> None:
        self.t = max(self.t, deadline)


def policy_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "policy.yaml"
    path.write_text(text, encoding="utf-8")
    return path


# -- the policy key -----------------------------------------------------------------------------------------------


def test_the_default_is_60_a_minute() -> None:
    assert Policy.load().config.rate_limit == RateLimit(per_minute=60) == rate_limit_of(None)


def test_the_early_reading_reads_the_packaged_block_as_the_whole_file_reads() -> None:
    whole = yaml.safe_load(DEFAULT_POLICY_FILE.read_text(encoding="utf-8"))["rate_limit"]
    assert yaml.safe_load(_default_text()) == {"rate_limit": whole}


@pytest.mark.parametrize("text, per_minute", [("rate_limit: {per_minute: 10}", 10), ("rate_limit: {per_minute: 0}", 0),
                                              ("rate_limit: null", 60), ("bulk_max: 50", 60)])  # fmt: skip
def test_a_user_file_sets_the_budget(tmp_path: Path, text: str, per_minute: int) -> None:
    path = policy_file(tmp_path, text)
    assert Policy.load(path).config.rate_limit.per_minute == per_minute
    assert rate_limit_of(path).per_minute == per_minute  # the early reading agrees


@pytest.mark.parametrize("text, key", [
    ("rate_limit: {per_minute: -1}", "rate_limit.per_minute"),
    ("rate_limit: {per_minute: '60'}", "rate_limit.per_minute"),
    ("rate_limit: {per_minute: 1.5}", "rate_limit.per_minute"),
    ("rate_limit: {per_minute: true}", "rate_limit.per_minute"),
    ("rate_limit: {per_second: 5}", "rate_limit.per_second"),
    ("rate_limit: 60", "rate_limit"),
])  # fmt: skip
def test_a_bad_rate_limit_is_an_error_naming_the_key(tmp_path: Path, text: str, key: str) -> None:
    path = policy_file(tmp_path, text)
    with pytest.raises(PolicyError) as err:
        Policy.load(path)
    assert err.value.key == key
    assert rate_limit_of(path) == RateLimit()  # the early reading takes the default; Policy.load says what is wrong


# -- the limiter, in one process ----------------------------------------------------------------------------------


def test_a_spent_budget_waits_and_says_so(tmp_path: Path) -> None:
    said: list[str] = []
    clock = StepClock()
    limiter = RateLimiter("http://odoo", 3, SqliteBucket(tmp_path / "ratelimit.sqlite"), clock=clock,
                          notify=said.append)  # fmt: skip
    assert [limiter.acquire() for _ in range(3)] == [START] * 3 and said == []
    clock.t += 20
    with use_language("fr"):
        assert limiter.acquire() == START + 60  # the oldest request leaves the minute
    assert said == ["Limite de requêtes Odoo (3/min) : attente de 40 s"]
    other = RateLimiter("http://other-odoo", 3, SqliteBucket(tmp_path / "ratelimit.sqlite"), clock=clock)
    assert other.acquire() == START + 60  # another server has its own budget


def test_no_limiter_for_a_budget_of_zero_nor_in_a_replay(tmp_path: Path) -> None:
    cfg = ConnectionConfig(url="http://odoo.example/", db="db", username="u", api_key="k")
    home = {"agent_home": tmp_path / "home"}
    limiter = rate_limiter(load_settings(**home), cfg)
    assert limiter is not None and (limiter.key, limiter.per_minute) == ("http://odoo.example", 60)
    assert isinstance(limiter.bucket, SqliteBucket) and limiter.bucket.path == tmp_path / "home" / "ratelimit.sqlite"
    shared = rate_limiter(load_settings(**home, agent_checkpoint_url="postgresql://agents@db/threads"), cfg)
    assert shared is not None and isinstance(shared.bucket, PostgresBucket)  # no connection before the first take
    off = policy_file(tmp_path, "rate_limit: {per_minute: 0}")
    assert rate_limiter(load_settings(**home, agent_policy=off), cfg, StepClock()) is None
    any_recording = next(CASSETTES.glob("test_client_odoo/*.yaml"))
    cassette.activate(any_recording, "none")
    try:
        assert rate_limiter(load_settings(**home), cfg) is None  # a replay never waits...
        assert rate_limiter(load_settings(**home), cfg, StepClock()) is not None  # ...unless a test drives time
    finally:
        cassette.deactivate()


# -- two processes, one home, recorded traffic --------------------------------------------------------------------


def _start(request: pytest.FixtureRequest, name: str, home: Path, clock: Path) -> subprocess.Popen[str]:
    path = CASSETTES / "test_rate_limit" / f"{request.node.name}.{name}.yaml"
    policy = policy_file(home.parent, f"rate_limit: {{per_minute: {BUDGET}}}")
    env, flags = agent_process(_mode(request.config), path, home, ODOO_AGENT_POLICY=str(policy),
                               ODOO_AGENT_METADATA_TTL="0")  # fmt: skip
    return subprocess.Popen([sys.executable, "-m", "tests.rate_limit_worker", str(clock), *flags], env=env,
                            cwd=home.parent, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip


def _done(process: subprocess.Popen[str]) -> tuple[list[float], str]:
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    result: dict[str, Any] = json.loads(out.splitlines()[-1])
    assert len(result["taken"]) == result["requests"] == 5, result  # every request, the handshake's too
    return result["taken"], err


def _never_over_budget(taken: list[float]) -> None:
    times = sorted(taken)
    for i, at in enumerate(times):
        in_minute = [t for t in times[: i + 1] if t > at - 60]
        assert len(in_minute) <= BUDGET, (at, times)


@pytest.mark.live
def test_the_second_process_waits_and_says_so(request: pytest.FixtureRequest, tmp_path: Path) -> None:
    home, clock = tmp_path / "home", tmp_path / "clock.sqlite"
    first, said_first = _done(_start(request, "first", home, clock))
    assert first == [START] * 5 and WAITING not in said_first
    second, said_second = _done(_start(request, "second", home, clock))
    assert second == [START] + [START + 60] * 4  # one slot left; the rest after the minute
    assert said_second.count(WAITING) == 1 and f"{WAITING} 60 s" in said_second
    _never_over_budget(first + second)


@pytest.mark.live
def test_two_processes_at_once_stay_within_one_budget(request: pytest.FixtureRequest, tmp_path: Path) -> None:
    home, clock = tmp_path / "home", tmp_path / "clock.sqlite"
    both = [_start(request, name, home, clock) for name in ("a", "b")]
    (a, said_a), (b, said_b) = (_done(p) for p in both)
    _never_over_budget(a + b)
    assert max(a + b) >= START + 60  # ten requests for a budget of six: someone waited a minute...
    assert WAITING in said_a + said_b  # ...and said so


# -- the Postgres bucket ------------------------------------------------------------------------------------------


@pytest.mark.live
def test_workers_of_one_postgres_share_its_bucket() -> None:
    url = os.environ.get("AGENT_TEST_PG_URL")
    if not url:
        pytest.skip("AGENT_TEST_PG_URL (a throwaway database) is not set")
    pytest.importorskip("psycopg")
    key, clock = f"http://odoo-{uuid.uuid4().hex[:8]}", StepClock()
    said: list[str] = []
    workers = [RateLimiter(key, 2, PostgresBucket(url), clock=clock, notify=said.append) for _ in range(2)]
    try:
        assert [workers[0].acquire(), workers[1].acquire()] == [START, START] and said == []
        assert workers[1].acquire() == START + 60  # the first worker's request counted against the second
        assert said == ["Odoo rate limit (2/min): waiting 60 s"]
    finally:
        for worker in workers:
            assert isinstance(worker.bucket, PostgresBucket)
            worker.bucket.close()
