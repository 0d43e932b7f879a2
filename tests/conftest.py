"""Shared fixtures: every Odoo test replays its cassette offline, or runs live with ``-m live``.

Modes, chosen once per run:
- replay (default): ``tests/cassettes/<module>/<test>.yaml``; no network; the clock is frozen
  at the cassette's ``recorded_at``; a test that leaves recorded requests unplayed fails.
- live: ``pytest -m live`` with ``ODOO_URL`` (and ``ODOO_DB``, ``ODOO_USERNAME``,
  ``ODOO_API_KEY``) set; no cassette.
- record: live plus ``ODOO_AGENT_RECORD_MODE=all`` (rewrite) or ``new_episodes``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import SecretStr

from agent.config import load_settings
from odoo_tools import OdooClient, cassette
from odoo_tools.connection import ConnectionConfig, TransportChoice

CASSETTES = Path(__file__).parent / "cassettes"
# Values that must differ from the real ones; constants so recordings are deterministic.
WRONG_KEY = "0000000000000000000000000000000000000000"
WRONG_DB = "odoo_agent_no_such_db"


def _mode(config: pytest.Config) -> str:
    live_selected = "live" in (config.getoption("markexpr") or "")
    if live_selected and os.environ.get("ODOO_URL"):
        return "record" if os.environ.get("ODOO_AGENT_RECORD_MODE", "none") != "none" else "live"
    return "skip-live" if live_selected else "replay"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if _mode(config) == "skip-live":
        skip = pytest.mark.skip(reason="-m live needs ODOO_URL, ODOO_DB, ODOO_USERNAME, ODOO_API_KEY")
        for item in items:
            item.add_marker(skip)


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


@pytest.fixture
def odoo(request: pytest.FixtureRequest) -> Iterator[OdooSession]:
    """Per-test cassette (replay/record) or plain live session."""
    mode = _mode(request.config)
    path = CASSETTES / Path(request.node.path).stem / f"{request.node.name}.yaml"
    active = None
    if mode in ("replay", "record"):
        record_mode = "none" if mode == "replay" else os.environ["ODOO_AGENT_RECORD_MODE"]
        active = cassette.activate(path, record_mode)  # type: ignore[arg-type]
    try:
        yield OdooSession(mode, active)
        left = cassette.unplayed()
        assert left == 0, f"{left} recorded interaction(s) of {path.name} were not replayed"
    finally:
        cassette.deactivate()


@pytest.fixture
def client(odoo: OdooSession) -> Iterator[OdooClient]:
    """A JSON-2 client on this test's cassette (or the live server)."""
    with OdooClient(odoo.config("json2")) as c:
        yield c
