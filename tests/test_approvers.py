"""Issue 24: who may approve what, checked with Odoo itself (recorded against a real Odoo 19).

Users of the recording: the agent's key is ``admin`` (in every group); ``reader`` is an internal user outside
Sales / Administrator; ``manager`` is in ``sales_team.group_sale_manager``. Live, their keys come from
``ODOO_TEST_READER_KEY`` and ``ODOO_TEST_MANAGER_KEY`` (tests/README.md); a replay accepts any key (scrubbed).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from dataclasses import replace
from pathlib import Path

import pytest
from pydantic import SecretStr

from agent.contract import Reply
from agent.session import AgentSession
from graphs.decisions import Approve
from odoo_tools import OdooClient
from odoo_tools.approvers import ApproverCredential, ApproverRule
from odoo_tools.audit import AuditRow, AuditStore
from odoo_tools.errors import PolicyError
from odoo_tools.policy import Policy
from odoo_tools.registry import Risk
from tests.conftest import OdooSession
from tests.test_graph import World, checked, thread

RULE = """approvers:
  - risks: [financial]
    groups: [sales_team.group_sale_manager]
    four_eyes: true
"""


def _key(odoo: OdooSession, login: str) -> ApproverCredential:
    """``login``'s own credential: live from the environment, any key in a replay (keys are scrubbed)."""
    names = {"reader": "ODOO_TEST_READER_KEY", "manager": "ODOO_TEST_MANAGER_KEY", "admin": "ODOO_API_KEY"}
    key = "scrubbed" if odoo.replaying else os.environ.get(names[login], "")
    if not odoo.replaying and not key:
        pytest.skip(f"needs {names[login]} (see tests/README.md)")
    return ApproverCredential(login=login, api_key=SecretStr(key))


def _session(client: OdooClient, tmp_path: Path, policy_text: str) -> AgentSession:
    policy = tmp_path / "policy.yaml"
    policy.write_text(policy_text)
    return AgentSession.local(client, home=tmp_path / "home", approver="tester", policy_file=policy)


@pytest.fixture
def world(client: OdooClient, request: pytest.FixtureRequest) -> Iterator[World]:
    w = World(client, request.node.name)
    yield w
    w.cleanup()


@pytest.mark.live
def test_only_someone_odoo_places_in_the_group_approves(
    odoo: OdooSession, client: OdooClient, world: World, tmp_path: Path
) -> None:
    agent = _session(client, tmp_path, RULE)
    tid = thread("approvers-group")
    asked = checked(agent.ask(f"quote {world.partner()} for 2 {world.product()} and confirm it", tid))
    assert asked.status == "needs_approval" and asked.approval
    oid = next(r.id for r in asked.records if r.model == "sale.order")
    world.orders.append(oid)

    def state() -> str:
        return str(client.read("sale.order", [oid], ["state"])[0]["state"])

    def approve(reply: Reply, credential: ApproverCredential | None) -> Reply:
        agent.context = replace(agent.context, approver_credential=credential)
        assert reply.approval is not None
        return checked(agent.resume(tid, Approve(token=reply.approval.token, approver="whoever the door says")))

    reply = asked
    for who, says in [
        (None, "signed in with their own Odoo key"),  # no credential: nobody Odoo knows
        ("reader", "reader may not approve these steps: they need a member of sales_team.group_sale_manager"),
        ("admin", "admin is the Odoo user the agent runs as"),  # four eyes
    ]:
        reply = approve(reply, _key(odoo, who) if who else None)
        assert reply.status == "needs_approval" and says in reply.message, reply.message
        assert state() == "draft"  # nothing ran
    wrong = ApproverCredential(login="manager", api_key=SecretStr("not-the-key"))
    reply = approve(reply, wrong)
    assert reply.status == "needs_approval" and "did not accept the API key given for manager" in reply.message

    done = approve(reply, _key(odoo, "manager"))
    assert done.status == "done", done.message
    assert state() == "sale"
    manager = client.search("res.users", [["login", "=", "manager"]])[0]
    (row,) = [r for r in AuditStore(tmp_path / "home" / "audit.sqlite").recent() if r.tool == "order_confirm"]
    assert (row.approver, row.approver_uid) == ("manager", manager)  # Odoo's word, not the door's free text
    assert row.approved_by == f"manager (Odoo uid {manager})"
    assert AuditStore(tmp_path / "home" / "audit.sqlite").verify().ok
    agent.close()


def test_without_a_rule_the_approver_is_the_local_user_unverified() -> None:
    row = AuditRow.model_validate({"id": 1, "thread_id": "t", "step_id": "s1", "tool": "order_confirm",
                                   "idempotency_key": None, "status": "done", "args": {}, "approver": "alice",
                                   "at": "2026-03-14T09:30:00+00:00"})  # fmt: skip
    assert row.approver_uid is None and row.approved_by == "alice (unverified)"


def test_the_verified_approver_is_in_the_hash_chain(tmp_path: Path) -> None:
    store = AuditStore(tmp_path / "audit.sqlite")
    store.sending("t", "s1", "order_confirm", "k", {"order": 1}, approver="manager", approver_uid=9)
    assert store.verify().ok
    with closing(sqlite3.connect(tmp_path / "audit.sqlite")) as db, db:
        db.execute("UPDATE audit SET approver_uid = 2")  # claims another Odoo user approved
    assert not store.verify().ok


@pytest.mark.parametrize(("rules", "says"), [
    ("approvers: [{groups: [sales_team.group_sale_manager]}]", "names the steps it covers"),
    ("approvers: [{risks: [financial]}]", "names who may approve"),
    ("approvers: [{risks: [financial], groups: [group_sale_manager]}]", "external ids"),
    ("approvers: [{tools: [no_such_tool], logins: [cfo]}]", "approvers.0.tools.no_such_tool"),
    ("approvers: [{risks: [financial], logins: [cfo], whom: x}]", "approvers.0.whom"),
])  # fmt: skip
def test_a_malformed_approvers_rule_is_refused(tmp_path: Path, rules: str, says: str) -> None:
    path = tmp_path / "policy.yaml"
    path.write_text(rules + "\n")
    with pytest.raises(PolicyError, match=says.replace(".", r"\.")):
        Policy.load(path)


def test_rules_cover_steps_by_risk_or_tool(tmp_path: Path) -> None:
    path = tmp_path / "policy.yaml"
    path.write_text("approvers:\n  - {risks: [financial], groups: [sales_team.group_sale_manager]}\n"
                    "  - {tools: [payment_register], logins: [cfo@example.com]}\n")  # fmt: skip
    policy = Policy.load(path)
    assert policy.approver_rules("order_confirm", Risk.FINANCIAL) == [policy.config.approvers[0]]
    assert policy.approver_rules("payment_register", Risk.FINANCIAL) == policy.config.approvers
    assert policy.approver_rules("quotation_create", Risk.WRITE) == []
    # a graph that under-declares a step's risk does not escape the rule: the registry's risk counts
    assert policy.approver_rules("order_confirm", Risk.READ) == [policy.config.approvers[0]]
    assert isinstance(policy.config.approvers[1], ApproverRule) and Policy.load().config.approvers == []


def test_the_approver_signs_in_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from agent.config import load_settings

    monkeypatch.setenv("ODOO_APPROVER_LOGIN", "manager")
    assert load_settings().approver_credential() is None  # half a credential is none
    monkeypatch.setenv("ODOO_APPROVER_API_KEY", "k-manager")
    credential = load_settings().approver_credential()
    assert credential is not None and credential.login == "manager"
    assert credential.api_key.get_secret_value() == "k-manager" and "k-manager" not in repr(credential)


@pytest.mark.live
def test_the_chat_asks_the_approver_to_sign_in(odoo: OdooSession, client: OdooClient, world: World,
                                               tmp_path: Path) -> None:  # fmt: skip
    """In a terminal: a yes to steps a rule covers asks for the person's Odoo login and key (not echoed)."""
    from tests.test_repl import CASSETTES, Terminal

    policy = tmp_path / "policy.yaml"
    policy.write_text(RULE)
    customer, product = world.partner(), world.product()
    term = Terminal(odoo.mode, CASSETTES / "test_approvers" / "chat.yaml", tmp_path / "home",
                    ODOO_AGENT_POLICY=str(policy))  # fmt: skip
    term.prompt()
    term.line(f"quote {customer} for 2 {product} and confirm it")
    term.until("approve? [y]es / [n]o / [e]dit >")
    term.line("y")
    term.until("sign in with your own Odoo login and API key")
    term.until("Odoo login>")
    term.line("manager")
    term.until("API key>")
    key = _key(odoo, "manager").api_key.get_secret_value()
    term.line(key)
    done = term.until("odoo>")
    assert "Confirmed" in done and key not in done, done  # the key is never echoed
    term.child.sendcontrol("d")
    term.until("bye")
    rows = AuditStore(tmp_path / "home" / "audit.sqlite").recent()
    assert [(r.tool, r.approver) for r in rows if r.tool == "order_confirm"] == [("order_confirm", "manager")]
    world.orders += client.search("sale.order", [["partner_id.name", "=", customer]])


REVIEWED = (
    RULE
    + """    reviewer: {login: manager}
"""
)


@pytest.mark.live
def test_a_reviewer_approves_rejects_or_voids_inside_odoo(
    odoo: OdooSession, client: OdooClient, world: World, tmp_path: Path
) -> None:
    """The approval waits as an activity for ``manager`` on the order; what they do in Odoo decides."""
    from agent.reviews import pending_reviews, sync_reviews

    home = tmp_path / "home"
    agent = _session(client, tmp_path, REVIEWED)
    customer, product = world.partner(), world.product()
    manager_uid = client.search("res.users", [["login", "=", "manager"]])[0]
    manager = OdooClient(odoo.config("json2", username="manager",
                                     api_key=_key(odoo, "manager").api_key.get_secret_value()))  # fmt: skip

    def quote(n: int) -> tuple[str, int, int]:
        tid = thread(f"reviewed-{n}")
        asked = checked(agent.ask(f"quote {customer} for {n} {product} and confirm it", tid))
        assert asked.status == "needs_approval"
        oid = next(r.id for r in asked.records if r.model == "sale.order")
        world.orders.append(oid)
        (review,) = [r for r in pending_reviews(home) if r.thread_id == tid]
        (activity,) = review.activities
        row = client.read("mail.activity", [activity], ["res_model", "res_id", "user_id", "summary"])[0]
        assert (row["res_model"], row["res_id"], row["user_id"][0]) == ("sale.order", oid, manager_uid)
        assert row["summary"] == "To approve: Confirm the order" and review.reviewer == "manager"
        return tid, oid, activity

    def state(oid: int) -> str:
        return str(client.read("sale.order", [oid], ["state"])[0]["state"])

    yes, yes_order, yes_activity = quote(2)
    no, no_order, no_activity = quote(3)
    void, void_order, void_activity = quote(4)
    own, own_order, own_activity = quote(5)
    assert [r.thread_id for r in sync_reviews(agent, home) if r[1] != "waiting"] == []  # nothing decided yet
    manager.call("mail.activity", "action_feedback", [yes_activity], feedback="fine by me")  # as Odoo's UI does
    manager.call("mail.activity", "action_feedback", [no_activity], feedback="Reject: the price is too low")
    client.unlink("mail.activity", [void_activity])  # cancelled
    client.call("mail.activity", "action_feedback", [own_activity])  # by the agent's own user: four eyes

    results = {r.thread_id: (outcome, reply) for r, outcome, reply in sync_reviews(agent, home)}
    assert results[yes][0] == "approved" and results[yes][1] and results[yes][1].status == "done"
    assert state(yes_order) == "sale"
    rows = [r for r in AuditStore(home / "audit.sqlite").recent() if r.tool == "order_confirm"]
    assert [(r.approver, r.approver_uid) for r in rows] == [("manager", manager_uid)]
    assert results[no][0] == "rejected" and state(no_order) == "draft"
    assert results[no][1] and "the price is too low" in results[no][1].message
    assert results[void][0] == "void" and state(void_order) == "draft"
    assert results[own][0] == "approved" and results[own][1] and results[own][1].status == "needs_approval"
    assert "four eyes" in results[own][1].message and state(own_order) == "draft"
    # the plan is shown again with a new token: a new activity waits for the reviewer, the others are settled
    assert [r.thread_id for r in pending_reviews(home)] == [own]
    (again,) = pending_reviews(home)
    assert again.activities != [own_activity]
    client.unlink("mail.activity", again.activities)
    manager.close()
    agent.close()


def test_approvals_list_reads_what_waits_without_odoo(tmp_path: Path) -> None:
    import json as _json
    import subprocess
    import sys

    home = tmp_path / "home"
    home.mkdir()
    (home / "reviews.json").write_text(_json.dumps([{"thread_id": "t-1", "token": "abc", "steps": "Confirm the order",
                                                     "reviewer": "manager", "since": "2026-03-14T09:30:00+00:00",
                                                     "activities": [12]}]))  # fmt: skip
    env = {k: v for k, v in os.environ.items() if not k.startswith("ODOO_")}
    env.update(ODOO_AGENT_HOME=str(home), COLUMNS="160")
    listed = subprocess.run([sys.executable, "-m", "agent", "approvals", "list", "--json"], env=env, text=True,
                            capture_output=True, check=False, timeout=60)  # fmt: skip
    assert listed.returncode == 0 and _json.loads(listed.stdout)[0]["reviewer"] == "manager"
    shown = subprocess.run([sys.executable, "-m", "agent", "approvals", "list"], env=env, text=True,
                           capture_output=True, check=False, timeout=60)  # fmt: skip
    assert "t-1" in shown.stdout and "Confirm the order" in shown.stdout and "manager" in shown.stdout
