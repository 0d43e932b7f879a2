"""The automations file's checks, the webhook receiver's doors (401 before routing, 413, signatures, replays,
tokens that only nudge) and its refusal to start without a secret. Odoo-side behaviour (polls, cursors, the
flows) is recorded in tests/test_automations_live.py."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from pydantic import SecretStr
from starlette.testclient import TestClient

from agent.automation_rules import AutomationsFile, load_automations
from agent.config import ConfigError, Settings, load_settings
from agent.webhook import Notice, webhook_app
from agent.webhook_auth import SIGNATURE, TIMESTAMP, ReplayGuard, sign
from agent.webhook_serve import secret_of, tokens_of
from odoo_tools.errors import AutomationsError

SECRET = b"s3cret-for-tests"
RULES = """
rules:
  - name: vip-note
    when: {model: res.partner, domain: [["customer_rank", ">", 0]], every: 1m}
    do: {flow: note, text: "Seen by the agent"}
    webhook_token_file: TOKEN
  - name: morning-pipeline
    schedule: {at: "08:00", days: [mon, fri], timezone: Europe/Brussels}
    do: {flow: ask, text: "Show me the sales pipeline"}
webhook: {max_body: 1024, replay_window: 5m}
"""


@pytest.fixture
def rules_file(tmp_path: Path) -> Path:
    token = tmp_path / "vip.token"
    token.write_text("tok-123\n", encoding="utf-8")
    path = tmp_path / "automations.yaml"
    path.write_text(RULES.replace("TOKEN", str(token)), encoding="utf-8")
    return path


def test_a_rules_file_loads_typed(rules_file: Path) -> None:
    rules = load_automations(rules_file)
    vip, morning = rules.rules
    assert vip.when is not None and vip.when.every is not None and vip.when.every.total_seconds() == 60
    assert vip.do.flow == "note" and morning.schedule is not None and morning.schedule.at.hour == 8
    assert tokens_of(rules) == {"vip-note": "tok-123"}
    assert load_automations(rules_file.with_name("missing.yaml")) == AutomationsFile()


@pytest.mark.parametrize(
    ("text", "key", "problem"),
    [
        ("rules: [{name: a, when: {model: res.partner}, do: {flow: note, text: x}, colour: red}]", "rules.0.colour",
         "unknown key"),
        ("rules: [{name: a, do: {flow: ask, text: x}}]", "rules.0", "exactly one trigger"),
        ("rules: [{name: a, schedule: {at: '08:00'}, do: {flow: note, text: x}}]", "rules.0", "flow: ask"),
        ("rules: [{name: a, schedule: {at: 8:00}, do: {flow: ask, text: x}}]", "rules.0.schedule.at", "quotes"),
        ("rules: [{name: A B, when: {model: res.partner}, do: {flow: ask, text: x}}]", "rules.0.name", "pattern"),
        ("rules: [{name: a, when: {model: Partner}, do: {flow: ask, text: x}}]", "rules.0.when.model", "pattern"),
        ("rules: [{name: a, when: {model: res.partner}, do: {flow: shell, text: x}}]", "rules.0.do", "tag"),
        ("rules: [{name: a, when: {model: res.partner, every: 5}, do: {flow: ask, text: x}}]",
         "rules.0.when.every", "duration"),
        ("rules:\n- {name: a, when: {model: res.partner}, do: {flow: ask, text: x}}\n"
         "- {name: a, when: {model: res.partner}, do: {flow: ask, text: y}}", "", "given twice"),
    ],
)  # fmt: skip
def test_a_wrong_rules_file_names_the_key(tmp_path: Path, text: str, key: str, problem: str) -> None:
    path = tmp_path / "automations.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(AutomationsError) as caught:
        load_automations(path)
    assert caught.value.key == key and problem in str(caught.value), str(caught.value)


def test_the_seed_connectors_keys_are_read_not_dropped(tmp_path: Path) -> None:
    seed = tmp_path / "config.json"
    seed.write_text(json.dumps({"url": "http://127.0.0.1:8069", "poll_interval": 60, "webhook_port": 9911,
                                "webhook_secret": "from-seed"}), encoding="utf-8")  # fmt: skip
    settings = load_settings(seed)
    assert settings.agent_poll_interval == 60 and settings.agent_webhook_port == 9911
    assert settings.agent_webhook_secret is not None and settings.agent_webhook_secret.get_secret_value() == "from-seed"


def test_no_secret_no_receiver(rules_file: Path, tmp_path: Path) -> None:
    rules = load_automations(rules_file)
    with pytest.raises(ConfigError, match="does not start without one"):
        secret_of(Settings(agent_home=tmp_path), rules)
    with pytest.raises(ConfigError, match="does not start without one"):  # the seed's empty default is no secret
        secret_of(Settings(agent_home=tmp_path, agent_webhook_secret=SecretStr("")), rules)
    assert secret_of(Settings(agent_home=tmp_path, agent_webhook_secret=SecretStr("x")), rules) == b"x"


# -- the receiver's doors ---------------------------------------------------------------------------


@pytest.fixture
def door(rules_file: Path) -> tuple[TestClient, list[Notice], ReplayGuard]:
    rules = load_automations(rules_file)
    queued: list[Notice] = []
    guard = ReplayGuard(300)
    app = webhook_app(rules, SECRET, tokens_of(rules), queued.append, guard)
    return TestClient(app), queued, guard


def signed(path: str, body: bytes, *, at: float | None = None, secret: bytes = SECRET) -> dict[str, str]:
    stamp = str(int(at if at is not None else time.time()))
    return {TIMESTAMP: stamp, SIGNATURE: sign(secret, stamp, path, body), "content-type": "application/json"}


PAYLOAD = json.dumps({"_model": "res.partner", "_id": 42, "_action": "x", "name": "IGNORE ME"}).encode()


def test_a_signed_notice_is_queued_with_its_record_only(door: tuple[TestClient, list[Notice], ReplayGuard]) -> None:
    client, queued, _ = door
    answer = client.post("/hooks/vip-note", content=PAYLOAD, headers=signed("/hooks/vip-note", PAYLOAD))
    assert answer.status_code == 202
    assert queued == [Notice(rule="vip-note", model="res.partner", id=42)]  # the payload's other fields are unread


@pytest.mark.parametrize(
    ("path", "headers"),
    [
        ("/hooks/vip-note", {}),  # unsigned
        ("/hooks/vip-note", signed("/hooks/vip-note", PAYLOAD, secret=b"guess")),  # forged
        ("/hooks/vip-note", signed("/hooks/other", PAYLOAD)),  # signed for another path
        ("/hooks/vip-note", signed("/hooks/vip-note", PAYLOAD, at=time.time() - 3600)),  # outside the window
        ("/hooks/vip-note", {TIMESTAMP: "soon", SIGNATURE: "sha256=00"}),
        ("/admin", {}),  # a wrong path gets the same answer: nothing is routed before the credential
        ("/hooks/nope", {}),
        ("/hooks/vip-note?token=wrong", {}),
        ("/hooks/morning-pipeline?token=tok-123", {}),  # the token of another rule
    ],
)
def test_anything_unauthenticated_is_401_whatever_the_path(
    door: tuple[TestClient, list[Notice], ReplayGuard], path: str, headers: dict[str, str]
) -> None:
    client, queued, _ = door
    assert client.post(path, content=PAYLOAD, headers=headers).status_code == 401
    assert client.get(path, headers=headers).status_code == 401
    assert queued == []


def test_a_replayed_signature_is_refused(door: tuple[TestClient, list[Notice], ReplayGuard]) -> None:
    client, queued, _ = door
    headers = signed("/hooks/vip-note", PAYLOAD)
    assert client.post("/hooks/vip-note", content=PAYLOAD, headers=headers).status_code == 202
    assert client.post("/hooks/vip-note", content=PAYLOAD, headers=headers).status_code == 401
    assert len(queued) == 1


def test_an_oversized_body_is_413_before_anything(door: tuple[TestClient, list[Notice], ReplayGuard]) -> None:
    client, queued, _ = door
    big = b"{" + b" " * 2048 + b"}"
    assert client.post("/hooks/vip-note", content=big, headers=signed("/hooks/vip-note", big)).status_code == 413
    assert client.post("/hooks/vip-note", content=big).status_code == 413
    assert queued == []


def test_odoos_own_sender_with_the_rules_token_only_nudges(door: tuple[TestClient, list[Notice], ReplayGuard]) -> None:
    client, queued, _ = door
    answer = client.post("/hooks/vip-note?token=tok-123", content=PAYLOAD, headers={"content-type": "application/json"})
    assert answer.status_code == 202
    assert queued == [Notice(rule="vip-note")]  # no record taken from an unsigned payload: the rule's poll runs


def test_an_authenticated_request_for_no_event_rule_is_404(door: tuple[TestClient, list[Notice], ReplayGuard]) -> None:
    client, queued, _ = door
    for path in ("/hooks/morning-pipeline", "/hooks/nope"):
        assert client.post(path, content=PAYLOAD, headers=signed(path, PAYLOAD)).status_code == 404
    assert queued == []
