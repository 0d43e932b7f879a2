"""``odoo-agent ask`` / ``resume`` as separate processes: an approval given after a restart.

Process 1 asks and stops at the approval; process 2 (a new process, same ODOO_AGENT_HOME) approves.
Each process replays (or records) its own cassette; the test's own checks use the test cassette.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from agent.contract import Reply
from odoo_tools import OdooClient
from odoo_tools.client.compat import product_kind_vals
from tests.conftest import CASSETTES, ROOT, OdooSession, _mode, agent_process
from tests.test_graph import checked, word

pytestmark = pytest.mark.live


def agent(args: list[str], odoo: OdooSession | str, cassette: Path, home: Path) -> Reply:
    env, switch = agent_process(odoo if isinstance(odoo, str) else odoo.mode, cassette, home)
    done = subprocess.run([sys.executable, "-m", "agent", *args, "--json", *switch], env=env, cwd=home.parent,
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.stdout.count("\n") == 1, done.stderr  # exactly one JSON object on stdout
    reply = checked(Reply.model_validate_json(done.stdout))
    assert done.returncode == {"done": 0, "needs_approval": 2, "needs_input": 2, "error": 1}[reply.status]
    return reply


def local(args: list[str], home: Path) -> subprocess.CompletedProcess[str]:
    """A command that reads only the agent's home (threads, audit): no Odoo, no cassette."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ODOO_")}
    env.update(PYTHONPATH=str(ROOT), ODOO_AGENT_HOME=str(home))
    return subprocess.run([sys.executable, "-m", "agent", *args], env=env, cwd=home.parent, capture_output=True,
                          text=True, timeout=120)  # fmt: skip


def test_a_second_process_approves_after_a_restart(odoo: OdooSession, tmp_path: Path) -> None:
    base = CASSETTES / "test_cli_graph" / "second_process"
    home = tmp_path / "home"
    with OdooClient(odoo.config("json2")) as client:
        name = word("test_a_second_process_approves_after_a_restart")
        partner = client.create("res.partner", {"name": f"{name} Trading", "is_company": True})
        kind = product_kind_vals(client.fields_get("product.product"), "goods")
        product = client.create("product.product", {"name": f"{name} Gadget", "list_price": 30, **kind})

        asked = agent(["ask", f"quote {name} Trading for 2 {name} Gadget and confirm it"], odoo,
                      base.with_suffix(".ask.yaml"), home)  # fmt: skip
        assert asked.status == "needs_approval" and asked.thread_id
        assert [(s.tool, s.status) for s in asked.plan] == [
            ("quotation_create", "done"),
            ("order_confirm", "needs_approval"),
        ]

        assert asked.approval and asked.approval.steps == ["s2"]
        approved = agent(["resume", "--thread", asked.thread_id, "--approve", "--token", asked.approval.token,
                          "--approver", "alice"], odoo, base.with_suffix(".resume.yaml"), home)  # fmt: skip
        assert approved.status == "done" and approved.plan[1].status == "done"
        order = next(r.id for r in approved.records if r.model == "sale.order")
        assert client.read("sale.order", [order], ["state"])[0]["state"] == "sale"
        with sqlite3.connect(home / "audit.sqlite") as db:
            rows = db.execute("SELECT tool, status, approver FROM audit ORDER BY id").fetchall()
        assert rows == [("quotation_create", "done", None), ("order_confirm", "done", "alice")]

        again = agent(["resume", "--thread", asked.thread_id, "--approve", "--token", asked.approval.token], odoo,
                      base.with_suffix(".again.yaml"), home)  # fmt: skip
        assert again.status == "error" and again.error and again.error.type == "nothing_pending"

        listed = local(["threads", "--json"], home)
        assert listed.returncode == 0, listed.stderr
        (info,) = json.loads(listed.stdout)
        assert (info["thread_id"], info["status"], info["turns"]) == (asked.thread_id, "done", 1)
        assert info["last_text"].startswith(f"quote {name} Trading")
        rows = json.loads(local(["audit", "--thread", asked.thread_id, "--model", "sale.order", "--json"], home).stdout)
        assert [(r["tool"], r["approver"]) for r in rows] == [("order_confirm", "alice"), ("quotation_create", None)]
        assert {(r["thread_id"], r["turn"]) for r in rows} == {(asked.thread_id, 1)}  # the thread and its turn apart
        assert local(["threads", "t-nope"], home).returncode == 1

        client.call("sale.order", "action_cancel", [order])
        client.write("product.product", [product], {"active": False})
        client.write("res.partner", [partner], {"active": False})


# The changed-plan attack, replayed from the recordings above (nothing new is recorded: nothing runs).
NEWCOMER = "create a contact named Lotazo Bakery"  # a gated write that needs no Odoo read to plan


def test_a_new_message_voids_the_approval_and_an_earlier_token_runs_nothing(
    request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    """Ask A, then B on the same thread, then approve with A's token: nothing runs, B is shown again.

    Process 1 replays the first ask above (same words, same clock, same requests); process 2 needs
    only the connection, taken from the resume cassette; the resumes replay the empty ``again``
    cassette, so any request to Odoo at all would fail them.
    """
    if _mode(request.config) != "replay":
        pytest.skip("replays the recordings of test_a_second_process_approves_after_a_restart")
    base, home = CASSETTES / "test_cli_graph" / "second_process", tmp_path / "home"
    name = word("test_a_second_process_approves_after_a_restart")
    first = agent(["ask", f"quote {name} Trading for 2 {name} Gadget and confirm it"], "replay",
                  base.with_suffix(".ask.yaml"), home)  # fmt: skip
    assert first.status == "needs_approval" and first.approval
    thread = ["--thread", first.thread_id]

    second = agent(["ask", NEWCOMER, *thread], "replay", base.with_suffix(".resume.yaml"), home)
    assert second.status == "needs_approval" and second.approval and second.approval.token != first.approval.token
    assert [(s.tool, s.status) for s in second.plan] == [("partner_create", "needs_approval")]
    order = next(r.name for r in first.records if r.model == "sale.order")  # the draft the first ask made
    assert second.message.startswith(f"The approval for Confirm the order ({order}) was dropped; here is the new plan.")

    empty = base.with_suffix(".again.yaml")
    stale = agent(["resume", *thread, "--approve", "--token", first.approval.token], "replay", empty, home)
    assert stale.status == "needs_approval" and stale.records == []
    assert [(s.tool, s.status) for s in stale.plan] == [("partner_create", "needs_approval")]
    assert "another plan than the one pending" in stale.message and "Create contact 'Lotazo Bakery'" in stale.message
    assert stale.approval and stale.approval.token not in (first.approval.token, second.approval.token)

    bare = agent(["resume", *thread, "--approve"], "replay", empty, home)
    assert bare.status == "needs_approval" and "named no token" in bare.message
    wrong = agent(["resume", *thread, "--answer", "yes"], "replay", empty, home)
    assert wrong.status == "error" and wrong.error and wrong.error.type == "invalid_decision"
    refused = agent(["resume", *thread, "--reject", "--reason", "not asked"], "replay", empty, home)
    assert refused.status == "done" and [s.status for s in refused.plan] == ["rejected"]

    with sqlite3.connect(home / "audit.sqlite") as db:  # only A's draft was ever written
        assert db.execute("SELECT tool, status FROM audit ORDER BY id").fetchall() == [("quotation_create", "done")]
