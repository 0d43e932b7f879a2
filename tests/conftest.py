"""Shared fixtures: every Odoo test replays its cassette offline, or runs live with ``-m live``.

Modes, chosen once per run:
- replay (default): ``tests/cassettes/<module>/<test>.yaml``; no network; the clock is frozen
  at the cassette's ``recorded_at``; a test that leaves recorded requests unplayed fails.
- live: ``pytest -m live`` with ``ODOO_URL`` (and ``ODOO_DB``, ``ODOO_USERNAME``,
  ``ODOO_API_KEY``) set; no cassette.
- record: live plus ``ODOO_AGENT_RECORD_MODE=all`` (rewrite) or ``new_episodes``.

Tests of the LLM parser (``llm`` fixture) follow the same modes, keyed on ``OPENAI_BASE_URL`` and
``ODOO_AGENT_MODEL`` instead; a test that needs both servers needs both set.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from pydantic import SecretStr

from agent.config import load_settings
from graphs.parsing.llm_client import LLMConfig, StructuredOutput
from odoo_tools import OdooClient
from odoo_tools.client import cassette
from odoo_tools.client.connection import ConnectionConfig, TransportChoice
from odoo_tools.registry import REGISTRY

# Fuzzing is part of CI, so it must be deterministic and bounded: the same examples on every run
# (derandomize), none remembered between runs (no .hypothesis/ database in the repo), no deadline
# flakiness on a loaded machine. Each property's max_examples is set where it is written.
settings.register_profile("ci", derandomize=True, database=None, deadline=None, print_blob=False,
                          suppress_health_check=[HealthCheck.too_slow])  # fmt: skip
settings.load_profile("ci")

CASSETTES = Path(__file__).parent / "cassettes"
ROOT = Path(__file__).parent.parent


def run_tool(client: OdooClient, tool: str, **args: Any) -> Any:
    """Run a registry tool with keyword arguments, as the executor does with a step's."""
    return REGISTRY[tool].run(client, args)


def agent_process(mode: str, cassette_path: Path, home: Path, secrets: tuple[str, ...] = ("ODOO_",),
                  **extra: str) -> tuple[dict[str, str], list[str]]:  # fmt: skip
    """Environment and cassette flags of an ``odoo-agent`` subprocess that replays (or records) its own cassette.

    A replay gets no connection settings (``secrets`` prefixes are dropped): it must work on a machine with none.
    """
    env = {k: v for k, v in os.environ.items() if mode != "replay" or not k.startswith(secrets)}
    env.update(PYTHONPATH=str(ROOT), ODOO_AGENT_HOME=str(home), ODOO_MAX_RETRIES="0", ODOO_COMPANY="1", **extra)
    flags = {"replay": ["--replay", str(cassette_path)], "record": ["--record", str(cassette_path)]}.get(mode, [])
    return env, flags


# Values that must differ from the real ones; constants so recordings are deterministic.
WRONG_KEY = "0000000000000000000000000000000000000000"
WRONG_DB = "odoo_agent_no_such_db"


_SERVERS = {"odoo": ("ODOO_URL",), "llm": ("OPENAI_BASE_URL", "ODOO_AGENT_MODEL")}


def _mode(config: pytest.Config, needs: tuple[str, ...] = ("odoo",)) -> str:
    # "-m live" selects the live run; "-m 'not live'" is an ordinary offline run.
    live_selected = re.search(r"(?<!not )\blive\b", config.getoption("markexpr") or "") is not None
    if live_selected and all(os.environ.get(v) for n in needs for v in _SERVERS[n]):
        return "record" if os.environ.get("ODOO_AGENT_RECORD_MODE", "none") != "none" else "live"
    return "skip-live" if live_selected else "replay"


def _needs(item: pytest.Item) -> tuple[str, ...]:
    fixtures = getattr(item, "fixturenames", ())
    if "both_servers_mode" in fixtures:
        return ("odoo", "llm")
    needs = tuple(n for n in _SERVERS if n in fixtures or (n == "odoo" and "client" in fixtures))
    return needs or ("odoo",)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        needs = _needs(item)
        if _mode(config, needs) == "skip-live":
            names = ", ".join(v for n in needs for v in _SERVERS[n])
            item.add_marker(pytest.mark.skip(reason=f"-m live needs {names} (and the credentials of tests/README.md)"))


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    """Tests never read the developer's .env/config.json (live tests keep ODOO_* from the shell)."""
    monkeypatch.chdir(tmp_path)
    if _mode(request.config) == "replay":
        for name in list(os.environ):
            if name.startswith(("ODOO_", "OPENAI_")):
                monkeypatch.delenv(name)


class OdooSession:
    """Connection configs for one test, in replay or live mode."""

    def __init__(self, mode: str, active: cassette.ActiveCassette | None) -> None:
        self.mode, self.active = mode, active

    @property
    def replaying(self) -> bool:
        return self.mode == "replay"

    def config(
        self,
        transport: TransportChoice = "json2",
        *,
        username: str | None = None,
        api_key: str | None = None,
        db: str | None = None,
        url: str | None = None,
        timeout: float = 30.0,
        max_retries: int = 2,
        company: str | None = "1",
    ) -> ConnectionConfig:
        """A config for this test; ``username``/``api_key`` select another user (see tests/README)."""
        if self.replaying:
            assert self.active is not None
            meta = self.active.meta
            base = {"url": meta.odoo_url, "db": meta.odoo_db, "username": meta.odoo_username}
            secret = SecretStr(cassette.SCRUBBED)
        else:
            settings = load_settings()
            base = {"url": settings.url, "db": settings.db, "username": settings.username}
            secret = settings.api_key or settings.password
            if username == "reader":
                username = os.environ.get("ODOO_TEST_READER_LOGIN", "reader")
                api_key = api_key or os.environ.get("ODOO_TEST_READER_KEY")
        values = {**base, **{k: v for k, v in {"username": username, "db": db, "url": url}.items() if v}}
        if self.mode == "record":
            cassette.annotate(odoo_url=values["url"], odoo_db=values["db"], odoo_username=values["username"])
        return ConnectionConfig(
            **values,
            # Scrubbing happens before matching, so a replay accepts any key: keep the one given.
            api_key=SecretStr(api_key) if api_key else secret,
            transport=transport,
            timeout=timeout,
            max_retries=max_retries,
            company=company,  # the main company: tests never stop to ask which one
        )


def _cassette(request: pytest.FixtureRequest, mode: str) -> Iterator[cassette.ActiveCassette | None]:
    """This test's cassette, active for the test's duration (None when live); all of it must be replayed."""
    path = CASSETTES / Path(request.node.path).stem / f"{request.node.name}.yaml"
    active = cassette.active()
    if active is not None and active.path == path:  # the odoo and llm fixtures share one cassette
        yield active
        return
    if mode in ("replay", "record"):
        record_mode = "none" if mode == "replay" else os.environ["ODOO_AGENT_RECORD_MODE"]
        active = cassette.activate(path, record_mode)  # type: ignore[arg-type]
    try:
        yield active
        left = cassette.unplayed()
        assert left == 0, f"{left} recorded interaction(s) of {path.name} were not replayed"
    finally:
        cassette.deactivate()


@pytest.fixture
def odoo(request: pytest.FixtureRequest) -> Iterator[OdooSession]:
    """Per-test cassette (replay/record) or plain live session."""
    mode = _mode(request.config, _needs(request.node))
    for active in _cassette(request, mode):
        yield OdooSession(mode, active)


class LLMSession:
    """LLM endpoint configs for one test: the recording's endpoint and model in replay, the environment's live."""

    def __init__(self, mode: str, active: cassette.ActiveCassette | None) -> None:
        self.mode, self.active = mode, active

    def config(self, output: StructuredOutput = "json_object", max_tokens: int = 300) -> LLMConfig:
        if self.mode == "replay":
            assert self.active is not None and self.active.meta.llm_model, "cassette holds no LLM traffic"
            meta = self.active.meta
            return LLMConfig(base_url=meta.llm_base_url, model=meta.llm_model, output=output, max_tokens=max_tokens)
        config = load_settings(agent_llm_output=output, agent_llm_max_tokens=max_tokens).llm()
        if self.mode == "record":
            cassette.annotate(llm_base_url=config.base_url, llm_model=config.model)
        return config


@pytest.fixture
def llm(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[LLMSession]:
    """Like ``odoo``, for LLM traffic (the same cassette when a test uses both).

    Live, the traffic still goes through a throwaway cassette in the test's temp folder, so the
    tests that inspect the requests they sent (the repair request's body) run live too.
    """
    mode = _mode(request.config, _needs(request.node))
    if mode == "live" and cassette.active() is None:
        cassette.activate(tmp_path / "live-llm.yaml", "all")
        try:
            yield LLMSession(mode, None)
        finally:
            cassette.deactivate()
        return
    for active in _cassette(request, mode):
        yield LLMSession(mode, active)


@pytest.fixture
def client(odoo: OdooSession) -> Iterator[OdooClient]:
    """A JSON-2 client on this test's cassette (or the live server)."""
    with OdooClient(odoo.config("json2")) as c:
        yield c


@pytest.fixture
def both_servers_mode(request: pytest.FixtureRequest) -> str:
    """replay | live | record, for tests whose subprocesses talk to Odoo and an LLM through their own cassettes."""
    return _mode(request.config, ("odoo", "llm"))
