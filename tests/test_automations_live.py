"""The watcher and the webhook worker over recorded traffic of a real Odoo 19: a change made by another Odoo
user starts its rule's flow once — across a restart, when a row is committed with an older write_date
than one already seen, and when the webhook and the poller both see it — and the agent's own writes and a
payload that lies about the record start nothing."""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from pydantic import SecretStr
from starlette.testclient import TestClient

from agent.automation_rules import AutomationsFile, Rule
from agent.automation_runs import dry_run
from agent.automation_store import AutomationStore
from agent.dry_run import DryRunPolicy
from agent.session import AgentSession
from agent.watch import Watcher
from agent.webhook import Notice, WebhookWorker, webhook_app
from agent.webhook_auth import ReplayGuard
from agent.webhook_install import install_webhook
from agent.webhook_serve import tokens_of
from odoo_tools import OdooClient
from odoo_tools.approvers import ApproverCredential
from odoo_tools.client.clock import Clock, get_clock, set_clock
from tests.conftest import OdooSession
from tests.test_graph import word

pytestmark = pytest.mark.live


@pytest.fixture
def manager(odoo: OdooSession) -> Iterator[OdooClient]:
    """Another Odoo user, whose changes are events (the agent's own are not)."""
    key = "scrubbed" if odoo.replaying else os.environ.get("ODOO_TEST_MANAGER_KEY", "")
    if not key:
        pytest.skip("needs ODOO_TEST_MANAGER_KEY (see tests/README.md)")
    with OdooClient(ApproverCredential(login="manager", api_key=SecretStr(key)).connection(odoo.config())) as c:
        yield c


def rules_for(name: str) -> AutomationsFile:
    return AutomationsFile.model_validate({"rules": [{
        "name": "partner-note", "when": {"model": "res.partner", "domain": [["name", "ilike", name]]},
        "do": {"flow": "note", "text": "Seen by the agent"},
    }]})  # fmt: skip


def watcher(client: OdooClient, home: Path, rules: AutomationsFile) -> Watcher:
    from datetime import timedelta

    session = AgentSession.local(client, home=home, approver="automation")
    return Watcher(session, AutomationStore(home / "automations.sqlite"), rules, poll_interval=timedelta(minutes=5))


def notes_on(client: OdooClient, partner: int) -> int:
    return client.search_count("mail.message", [["model", "=", "res.partner"], ["res_id", "=", partner],
                                                ["body", "ilike", "Seen by the agent"]])  # fmt: skip


def test_the_poller_runs_a_rule_once_per_change_across_restarts(
    odoo: OdooSession, client: OdooClient, manager: OdooClient, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    name = f"{word(request.node.name)} Polled"
    rules = rules_for(name)
    rule: Rule = rules.rules[0]
    home = tmp_path / "home"
    first = watcher(client, home, rules)
    assert first.poll(rule) == []  # a new rule starts from Odoo's newest change
    partner = manager.create("res.partner", {"name": name})
    try:
        done = first.poll(rule)
        assert [o.status for o in done] == ["done"] and notes_on(client, partner) == 1
        restarted = watcher(client, home, rules)  # a new process: the cursor and what was handled are kept
        assert restarted.poll(rule) == []
        if not odoo.replaying:  # Odoo's write_date counts seconds: a change in the same second is the same change
            time.sleep(1.1)
        manager.write("res.partner", [partner], {"comment": "changed by a person"})
        written = manager.read("res.partner", [partner], ["write_date"])[0]["write_date"]
        # A row seen later than one with a newer write_date (a long transaction): still looked at, once.
        restarted.store.move_cursor(rule.name, written[:-2] + "59")
        again = restarted.poll(rule)
        assert [o.status for o in again] == ["done"] and notes_on(client, partner) == 2
        assert restarted.poll(rule) == []
        client.write("res.partner", [partner], {"comment": "changed by the agent"})  # its own write
        assert restarted.poll(rule) == []
        handled = restarted.store.handled(rule.name)
        assert len(handled) == 2 and {h["source"] for h in handled} == {"poll"}
    finally:
        client.write("res.partner", [partner], {"active": False})


def test_the_webhook_and_the_poller_run_one_change_once_and_a_lying_notice_runs_nothing(
    client: OdooClient, manager: OdooClient, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    name = f"{word(request.node.name)} Hooked"
    rules = rules_for(name)
    rule = rules.rules[0]
    poller = watcher(client, tmp_path / "home", rules)
    poller.poll(rule)
    partner = manager.create("res.partner", {"name": name})
    other = manager.create("res.partner", {"name": "Someone Else Entirely"})
    try:
        worker = WebhookWorker(poller)
        ran = worker.handle(Notice(rule=rule.name, model="res.partner", id=partner))
        assert [o.status for o in ran] == ["done"] and notes_on(client, partner) == 1
        assert poller.poll(rule) == []  # the poller finds it handled
        assert worker.handle(Notice(rule=rule.name, model="res.partner", id=partner)) == []  # a second notice
        # The payload names a record the rule does not match, or another model: Odoo's data decides.
        assert [o.status for o in worker.handle(Notice(rule=rule.name, model="res.partner", id=other))] == ["gone"]
        assert worker.handle(Notice(rule=rule.name, model="sale.order", id=partner)) == []
        assert notes_on(client, other) == 0
        [handled] = poller.store.handled(rule.name)[:1]
        assert handled["source"] == "webhook"
    finally:
        client.write("res.partner", [partner, other], {"active": False})


def test_a_schedule_runs_once_a_day_at_its_time_in_its_time_zone(client: OdooClient, tmp_path: Path) -> None:
    rules = AutomationsFile.model_validate({"rules": [{
        "name": "morning-pipeline", "schedule": {"at": "08:00", "days": ["mon", "tue"], "timezone": "Asia/Tokyo"},
        "do": {"flow": "ask", "text": "Show me the sales pipeline with all open opportunities"},
    }]})  # fmt: skip
    tick = watcher(client, tmp_path / "home", rules)
    previous = get_clock()
    try:
        ran = []
        # Monday 07:59, 08:01 and 17:00 in Tokyo; Tuesday 08:30; Wednesday 09:00 (not a listed day).
        for moment in ("2026-01-04T22:59", "2026-01-04T23:01", "2026-01-05T08:00", "2026-01-05T23:30",
                       "2026-01-07T00:00"):  # fmt: skip
            set_clock(Clock("UTC", frozen_at=datetime.fromisoformat(moment).replace(tzinfo=UTC)))
            ran.append([(o.thread_id, o.status) for o in tick.tick().outcomes])
    finally:
        set_clock(previous)
    assert ran == [[], [("auto-morning-pipeline-2026-01-05", "done")], [],
                   [("auto-morning-pipeline-2026-01-06", "done")], []]  # fmt: skip


HOOK_PORT = 8779  # fixed: the URL Odoo calls is in the recorded create of its automation rule


class _Inbound:
    """An ASGI wrapper keeping each request the receiver got (path, query, headers, body), as Odoo sent it."""

    def __init__(self, app: Any) -> None:
        self.app, self.seen = app, []  # type: list[dict[str, Any]]

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        body = b""
        more = True
        while more:
            message = await receive()
            body += message.get("body", b"")
            more = message.get("more_body", False)
        self.seen.append({"path": scope["path"], "query": scope["query_string"].decode(), "body": body.decode(),
                          "headers": {k.decode(): v.decode() for k, v in scope["headers"]}})  # fmt: skip

        async def replayed() -> dict[str, Any]:
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replayed, send)


def test_an_odoo_automation_rule_calls_the_webhook_and_the_change_runs_once(
    odoo: OdooSession, client: OdooClient, manager: OdooClient, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """Live, a real Odoo automation rule posts to a real receiver; the replay posts what it recorded Odoo sending."""
    name = f"{word(request.node.name)} Webhooked"
    token = tmp_path / "partner-note.token"
    token.write_text("tok-" + word(request.node.name).lower(), encoding="utf-8")
    rules = AutomationsFile.model_validate({"rules": [{
        "name": "partner-note", "when": {"model": "res.partner", "domain": [["name", "ilike", name]]},
        "do": {"flow": "note", "text": "Seen by the agent"}, "webhook_token_file": str(token),
    }]})  # fmt: skip
    rule = rules.rules[0]
    tick = watcher(client, tmp_path / "home", rules)
    tick.poll(rule)
    step = install_webhook(tick.session, rules, rule, f"http://127.0.0.1:{HOOK_PORT}", approver="tester")
    assert step.status == "done", step.error
    automation = step.result["created"][0]["id"] if step.result else 0
    notices: list[Notice] = []
    app = _Inbound(webhook_app(rules, b"unused-secret", tokens_of(rules), notices.append, ReplayGuard(300)))
    inbound = Path(__file__).parent / "cassettes" / "test_automations_live" / "odoo_webhook_inbound.json"
    try:
        if odoo.replaying:
            partner = manager.create("res.partner", {"name": name})
            door = TestClient(app)
            for sent in json.loads(inbound.read_text(encoding="utf-8")):  # every call Odoo made after it, in order
                answer = door.post(f"{sent['path']}?{sent['query']}", content=sent["body"].encode(),
                                   headers=sent["headers"])  # fmt: skip
                assert answer.status_code == 202 and json.loads(sent["body"])["_id"] == partner
        else:
            server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=HOOK_PORT, log_level="warning"))
            thread = threading.Thread(target=server.run, daemon=True)
            thread.start()
            try:
                partner = manager.create("res.partner", {"name": name})  # Odoo posts after its commit
                for _ in range(100):
                    if notices:
                        break
                    time.sleep(0.05)
            finally:
                server.should_exit = True
                thread.join(timeout=10)
            assert app.seen, "Odoo's automation rule did not call the receiver"
            inbound.write_text(json.dumps(app.seen, indent=1), encoding="utf-8")
        assert notices and all(n == Notice(rule="partner-note") for n in notices)  # a token: a nudge only
        ran = WebhookWorker(tick).handle_batch(notices)  # Odoo called many times for one create: one poll
        assert [o.status for o in ran] == ["done"] and notes_on(client, partner) == 1
        assert tick.poll(rule) == []  # the poller, the backstop, finds the change handled
        assert len(tick.store.handled(rule.name)) == 1
    finally:
        client.unlink("base.automation", [automation])  # no rule left calling a receiver that is gone
        if "partner" in locals():
            client.write("res.partner", [partner], {"active": False})


def test_a_dry_run_shows_the_plan_and_writes_nothing(
    client: OdooClient, manager: OdooClient, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    name = f"{word(request.node.name)} Dry"
    rules = rules_for(name)
    rule = rules.rules[0]
    partner = manager.create("res.partner", {"name": name})
    try:
        tick = watcher(client, tmp_path / "home", rules)
        tick.session.context = replace(tick.session.context, policy=DryRunPolicy.over(tick.session.context.policy))
        reply = dry_run(tick.session, rule, partner)
        assert reply.status == "needs_approval" and "A dry run: nothing is written." in reply.message
        assert [s.tool for s in reply.plan] == ["note_post"] and reply.plan[0].args["record"] == partner
        assert notes_on(client, partner) == 0 and tick.store.handled() == []
        with pytest.raises(LookupError, match="does not match"):
            dry_run(tick.session, rule, 1)  # a record outside the rule's domain
    finally:
        client.write("res.partner", [partner], {"active": False})
