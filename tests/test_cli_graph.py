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
from tests.conftest import CASSETTES, ROOT, OdooSession, agent_process
from tests.test_graph import checked, word

pytestmark = pytest.mark.live


def agent(args: list[str], odoo: OdooSession, cassette: Path, home: Path) -> Reply:
    env, switch = agent_process(odoo.mode, cassette, home)
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

        approved = agent(["resume", "--thread", asked.thread_id, "--approve", "--approver", "alice"], odoo,
                         base.with_suffix(".resume.yaml"), home)  # fmt: skip
        assert approved.status == "done" and approved.plan[1].status == "done"
        order = next(r.id for r in approved.records if r.model == "sale.order")
        assert client.read("sale.order", [order], ["state"])[0]["state"] == "sale"
        with sqlite3.connect(home / "audit.sqlite") as db:
            rows = db.execute("SELECT tool, status, approver FROM audit ORDER BY id").fetchall()
        assert rows == [("quotation_create", "done", None), ("order_confirm", "done", "alice")]

        again = agent(["resume", "--thread", asked.thread_id, "--approve"], odoo, base.with_suffix(".again.yaml"), home)
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
