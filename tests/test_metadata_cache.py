"""Issue 22: what a connection learns before any work is cached in ``ODOO_AGENT_HOME/metadata`` for the next process.

The live test runs ``odoo-agent ask`` as separate processes on one home, as OpenClaw does, each on its own
cassette: the first pays the handshake and fills the cache, the next ones prove the key with one call.
The offline tests pin the cache file itself: keyed on the credential, bounded by a TTL on the process
clock (a future or too old timestamp is a miss), private, and a damaged file is a miss that is rebuilt.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml
from pydantic import SecretStr

from agent.contract import Reply
from odoo_tools.client import cassette
from odoo_tools.client.clock import Clock, set_clock
from odoo_tools.client.connection import ConnectionConfig
from odoo_tools.client.metacache import MetadataCache, Snapshot, UserInfo, credential_hash
from tests.conftest import CASSETTES, WRONG_KEY, OdooSession, agent_process
from tests.test_graph import checked

NOW = datetime(2026, 3, 14, 9, 30, tzinfo=UTC)
# What a process asks before its work when it knows nothing: the handshake, then the module list.
HANDSHAKE = ["GET /web/version", "POST /json/2/res.users/context_get", "POST /json/2/res.users/read",
             "POST /json/2/res.company/read", "POST /json/2/ir.module.module/search_read"]  # fmt: skip
QUESTION = "show unpaid invoices"  # needs the account module: 2 calls of work after the setup


def _requests(path: Path) -> list[str]:
    """The requests a process's cassette holds, in order (``VERB /path``)."""
    data = yaml.safe_load(path.read_text())
    return [f"{i['request']['method']} /{i['request']['uri'].split('/', 3)[3]}" for i in data["interactions"]]


def agent(args: list[str], odoo: OdooSession, path: Path, home: Path, **extra: str) -> Reply:
    """One ``odoo-agent`` process on its own cassette and the shared home (as in test_cli_graph)."""
    env, switch = agent_process(odoo.mode, path, home, **extra)
    done = subprocess.run([sys.executable, "-m", "agent", *args, "--json", *switch], env=env, cwd=home.parent,
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.stdout.count("\n") == 1, done.stderr
    return checked(Reply.model_validate_json(done.stdout))


def _entry(home: Path) -> Path:
    (path,) = (home / "metadata").glob("*.json")
    return path


def _edit(path: Path, **values: object) -> None:
    data = json.loads(path.read_text())
    path.write_text(json.dumps({**data, **values}))


@pytest.mark.live
def test_a_second_process_pays_one_setup_call_and_every_change_is_a_miss(odoo: OdooSession, tmp_path: Path) -> None:
    base = CASSETTES / "test_metadata_cache" / "ask"
    home = tmp_path / "home"
    cfg = odoo.config("json2")  # the recording's server; the processes connect on their own

    def ask(step: str, **env: str) -> Reply:
        return agent(["ask", QUESTION], odoo, base.with_suffix(f".{step}.yaml"), home, **env)

    def recorded(step: str) -> list[str]:
        return [] if odoo.mode == "live" else _requests(base.with_suffix(f".{step}.yaml"))

    first = ask("first")
    assert first.status == "done", first.message
    entry = _entry(home)
    assert stat.S_IMODE(os.stat(entry).st_mode) == 0o600 and stat.S_IMODE(os.stat(entry.parent).st_mode) == 0o700
    snap = Snapshot.model_validate_json(entry.read_bytes())
    assert (snap.url, snap.db, snap.login) == (cfg.url, cfg.db, cfg.username)
    assert "account" in (snap.modules or []) and snap.user.uid and snap.server_version.startswith("19")
    if odoo.mode != "replay":  # the key itself is never written, only a slow hash of it
        assert cfg.api_key.get_secret_value() not in entry.read_text()

    second = ask("second")
    assert second.status == "done" and second.message == first.message
    # No setup call at all: the first process proved the key moments ago, everything else is in the cache.
    assert first.usage.odoo_calls == len(HANDSHAKE) + 2 and second.usage.odoo_calls == 2
    if recorded("first"):
        assert recorded("first")[: len(HANDSHAKE)] == HANDSHAKE
        assert not set(recorded("second")) & {*HANDSHAKE, "POST /json/2/res.users/context_get"}
    # Past the proof window (none here): one call proves the key, and only that.
    proved = ask("proved", ODOO_AGENT_PROOF_TTL="0")
    assert proved.status == "done" and proved.usage.odoo_calls == 1 + 2
    if recorded("proved"):
        assert recorded("proved")[:1] == ["POST /json/2/res.users/context_get"]
        assert not set(recorded("proved")[1:]) & set(HANDSHAKE)

    # An entry made with another key is a miss: the full handshake, and the entry rewritten for this key.
    _edit(entry, credential="0" * 64)
    other_key = ask("other_key")
    assert other_key.status == "done" and other_key.usage.odoo_calls == first.usage.odoo_calls
    assert Snapshot.model_validate_json(entry.read_bytes()).credential == snap.credential

    # A damaged entry is a miss, never a crash, and is rebuilt.
    entry.write_bytes(b'{"format": 1, "url": "http://trunc')
    corrupt = ask("corrupt")
    assert corrupt.status == "done" and corrupt.usage.odoo_calls == first.usage.odoo_calls
    assert Snapshot.model_validate_json(entry.read_bytes()).user == snap.user

    # A module change seen in an answer: the cache says Invoicing is absent, Odoo says it is installed.
    # The tool is not refused: the list is asked again, differs, and the entry is dropped.
    _edit(entry, modules=[m for m in snap.modules or [] if m != "account"])
    modules = ask("modules")
    assert modules.status == "done" and modules.usage.odoo_calls == 1 + 2  # the module list, then the work
    assert not (home / "metadata" / entry.name).exists()
    after = ask("after_modules")  # so the next process pays the handshake again
    assert after.status == "done" and after.usage.odoo_calls == first.usage.odoo_calls

    # A revoked key behind a cached entry: the proving call is refused, the entry dropped, the usual error.
    key = cassette.SCRUBBED if odoo.replaying else WRONG_KEY  # what the process will send
    wrong = cfg.model_copy(update={"api_key": SecretStr(key)})
    good = entry.read_bytes()
    _edit(entry, credential=credential_hash(wrong))
    revoked = ask("revoked", ODOO_API_KEY=WRONG_KEY, ODOO_AGENT_PROOF_TTL="0")
    assert revoked.status == "error" and revoked.error and revoked.error.type == "auth", revoked
    assert not entry.exists()
    # Revoked inside the proof window: the first call of work is refused instead, with the same outcome.
    entry.write_bytes(good)
    _edit(entry, credential=credential_hash(wrong))
    unproved = ask("revoked_in_window", ODOO_API_KEY=WRONG_KEY)
    assert unproved.status == "error" and unproved.error and unproved.error.type == "auth", unproved
    assert unproved.usage.odoo_calls == 1 and not entry.exists()
    print(f"\ncalls per `ask {QUESTION!r}`: {first.usage.odoo_calls} on a cold home, {second.usage.odoo_calls} warm")


# -- the cache file, offline ---------------------------------------------------------------------------------


def _config(key: str = "k1", **values: str) -> ConnectionConfig:
    return ConnectionConfig(**{"url": "https://erp.example.com", "db": "prod", "username": "bot",
                               "api_key": SecretStr(key), **values})  # type: ignore[arg-type]  # fmt: skip


def _snapshot(cache: MetadataCache, config: ConnectionConfig, at: datetime = NOW) -> Snapshot:
    user = UserInfo(uid=2, name="Bot", login="bot", lang="en_US", tz="UTC", company_id=1, company_ids=[1])
    return Snapshot(url=config.url, db=config.db, login=config.username, credential=cache.credential(config),
                    transport_choice=config.transport, fetched_at=at, transport="json2", server_version="19.0",
                    version_info=[19, 0, 0, "final", 0, ""], user=user, companies={1: "Acme"}, modules=["sale"],
                    fields_lang="en_US", fields={"res.partner": {"name": {"type": "char"}}})  # fmt: skip


@pytest.fixture
def frozen() -> Clock:
    clock = Clock("UTC", frozen_at=NOW)
    previous = set_clock(clock)
    yield clock  # type: ignore[misc]
    set_clock(previous)


def test_an_entry_is_read_back_for_the_same_key_only(tmp_path: Path, frozen: Clock) -> None:
    cache = MetadataCache(tmp_path / "metadata")
    config = _config()
    cache.save(_snapshot(cache, config))
    assert cache.load(config) == _snapshot(cache, config)
    assert "k1" not in cache.path_for(config).read_text() and cache.path_for(config).name.endswith(".json")
    assert stat.S_IMODE(os.stat(cache.path_for(config)).st_mode) == 0o600
    assert cache.load(_config("k2")) is None  # another key: a miss (same file, another hash)
    assert cache.path_for(_config("k2")) == cache.path_for(config)
    assert cache.load(config.model_copy(update={"transport": "xmlrpc"})) is None
    assert cache.load(_config(db="other")) is None
    assert cache.clear(config) and cache.load(config) is None and not cache.clear(config)


@pytest.mark.parametrize(("shift", "hit"), [(timedelta(0), True), (timedelta(minutes=59), True),
                                            (timedelta(hours=1), False), (timedelta(days=400), False),
                                            (timedelta(seconds=-1), False), (timedelta(days=-400), False)])  # fmt: skip
def test_the_ttl_is_read_on_the_process_clock_and_a_jump_either_way_is_a_miss(
    tmp_path: Path, frozen: Clock, shift: timedelta, hit: bool
) -> None:
    cache = MetadataCache(tmp_path / "metadata", ttl=3600)
    config = _config()
    cache.save(_snapshot(cache, config))
    frozen.frozen_at = NOW + shift  # e.g. faketime +400 days, or a clock set back
    assert (cache.load(config) is not None) is hit


@pytest.mark.parametrize("damage", [b"", b"\x00\xffgarbage", b'{"format": 1, "url": "htt', b"[]",
                                    b'{"format": 2}', b"null"])  # fmt: skip
def test_a_damaged_entry_is_a_miss_and_the_next_save_rebuilds_it(tmp_path: Path, frozen: Clock, damage: bytes) -> None:
    cache = MetadataCache(tmp_path / "metadata")
    config = _config()
    cache.save(_snapshot(cache, config))
    cache.path_for(config).write_bytes(damage)
    assert cache.load(config) is None
    cache.save(_snapshot(cache, config))
    assert cache.load(config) == _snapshot(cache, config)


def test_an_unreadable_or_unwritable_home_is_a_miss_never_an_error(tmp_path: Path, frozen: Clock) -> None:
    (tmp_path / "metadata").write_text("a file where the directory should be")
    cache = MetadataCache(tmp_path / "metadata")
    config = _config()
    cache.save(_snapshot(cache, config))  # logged, not raised
    assert cache.load(config) is None and not cache.clear(config)


def test_a_ttl_of_zero_turns_it_off(tmp_path: Path, frozen: Clock) -> None:
    cache = MetadataCache(tmp_path / "metadata", ttl=0)
    config = _config()
    cache.save(_snapshot(cache, config))
    assert not (tmp_path / "metadata").exists() and cache.load(config) is None


@pytest.mark.parametrize(("proven", "window", "skips"), [
    (NOW - timedelta(seconds=10), 300.0, True),  # a turn of the same conversation: no proof
    (NOW - timedelta(seconds=301), 300.0, False),  # past the window: prove again
    (NOW + timedelta(seconds=5), 300.0, False),  # a proof from the future (a clock jump): prove
    (None, 300.0, False),  # an entry never proven (written by an older version): prove
    (NOW - timedelta(seconds=1), 0.0, False),  # ODOO_AGENT_PROOF_TTL=0: every process proves
])  # fmt: skip
def test_the_proof_window_is_read_on_the_process_clock(
    tmp_path: Path, frozen: Clock, proven: datetime | None, window: float, skips: bool
) -> None:
    cache = MetadataCache(tmp_path / "metadata", proof_ttl=window)
    snap = _snapshot(cache, _config()).model_copy(update={"proven_at": proven})
    cache.save(snap)
    loaded = cache.load(_config())
    assert loaded is not None and cache.proven_recently(loaded) is skips
