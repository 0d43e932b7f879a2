"""The watcher and the webhook worker over recorded traffic of a real Odoo 19: a change made by another Odoo
user starts its rule's flow once — across a restart, when a row is committed with an older write_date
than one already seen, and when the webhook and the poller both see it — and the agent's own writes and a
payload that lies about the record start nothing."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pydantic import SecretStr

from agent.automation_rules import AutomationsFile, Rule
from agent.automation_store import AutomationStore
from agent.session import AgentSession
from agent.watch import Watcher
from agent.webhook import Notice, WebhookWorker
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
