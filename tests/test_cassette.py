"""The cassette switch: secrets scrubbed, the clock frozen at ``recorded_at``, misses loud.

Not cassette tests of Odoo behaviour: they check the recording machinery on the committed files.
"""

from __future__ import annotations

import json
import re
import xmlrpc.client
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml
from vcr.request import Request

from odoo_tools.client import cassette
from odoo_tools.client.clock import get_clock

CASSETTES = Path(__file__).parent / "cassettes"
ALL = sorted(CASSETTES.rglob("*.yaml"))
KEY = "4f1c0d3b9a7e6f5d4c3b2a1908f7e6d5c4b3a291"


def test_xmlrpc_and_jsonrpc_bodies_lose_the_secret_but_keep_the_rest() -> None:
    body = xmlrpc.client.dumps(("odoo", 2, KEY, "res.partner", "read", [[1]], {}), "execute_kw").encode()
    req = cassette.scrub_request(Request("POST", "http://h/xmlrpc/2/object", body, {"Content-Type": "text/xml"}))
    params, method = xmlrpc.client.loads(req.body)
    assert method == "execute_kw" and params[2] == cassette.SCRUBBED and params[3:5] == ("res.partner", "read")
    rpc = {"jsonrpc": "2.0", "method": "call", "id": 1,
           "params": {"service": "common", "method": "authenticate", "args": ["odoo", "admin", KEY, {}]}}  # fmt: skip
    req = cassette.scrub_request(
        Request("POST", "http://h/jsonrpc", json.dumps(rpc), {"Content-Type": "application/json"})
    )
    assert json.loads(req.body)["params"]["args"] == ["odoo", "admin", cassette.SCRUBBED, {}]


def test_authorization_and_cookie_headers_are_dropped() -> None:
    headers = {"Authorization": f"bearer {KEY}", "Cookie": "session_id=abc", "Content-Type": "application/json"}
    req = cassette.scrub_request(Request("POST", "http://h/json/2/res.partner/read", b"{}", headers))
    assert set(req.headers) == {"Content-Type"}


@pytest.mark.parametrize("path", ALL, ids=[p.relative_to(CASSETTES).as_posix() for p in ALL])
def test_committed_cassettes_hold_no_secret(path: Path) -> None:
    text = path.read_text()
    data = yaml.safe_load(text)
    for item in data["interactions"]:
        assert not {h.lower() for h in item["request"]["headers"]} & {"authorization", "cookie"}
        assert not {h.lower() for h in item["response"]["headers"]} & {"set-cookie"}
    assert not re.search(r"\b[0-9a-f]{40}\b", text), "an API-key-shaped string is stored"
    meta = data["metadata"]
    assert datetime.fromisoformat(meta["recorded_at"]).year == 2026
    assert meta.get("odoo_server_version", "19.0") == "19.0"  # absent where connecting failed


def test_replay_freezes_the_clock_at_recorded_at() -> None:
    before = get_clock()
    active = cassette.activate(CASSETTES / "doctor" / "json2.yaml")
    try:
        assert active.replaying
        assert get_clock().now() == active.meta.recorded_at.astimezone(get_clock().tz)
        assert active.meta.recorded_at.year == 2026 and active.meta.odoo_transport == "json2"
    finally:
        cassette.deactivate()
    assert get_clock() is before and get_clock().frozen_at is None


def test_recording_annotates_and_runs_on_the_replay_clock(tmp_path: Path) -> None:
    active = cassette.activate(tmp_path / "new.yaml", "all")
    try:
        assert not active.replaying and get_clock().frozen_at == active.meta.recorded_at
        cassette.annotate(odoo_server_version="19.0")
        assert cassette.active().meta.odoo_server_version == "19.0"  # type: ignore[union-attr]
        assert abs((active.meta.recorded_at - datetime.now(UTC)).total_seconds()) < 60
    finally:
        cassette.deactivate()
