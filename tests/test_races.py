"""Issue 19 as real processes: five parallel approvals make one customer (row 5); a kill -9 mid-write (row 4).

Five ``ask`` processes each plan a gated creation of the same unknown customer; five ``resume --approve``
processes then run at the same time on one ODOO_AGENT_HOME. The lock beside the store serialises the
creations and the re-check of Odoo inside it finds the partner the first one made. Each process
replays (or records) its own cassette, so which process won the race is part of its recording.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from agent.config import load_settings
from agent.contract import Reply
from odoo_tools import OdooClient
from tests.conftest import CASSETTES, OdooSession, _mode, agent_process
from tests.fault_proxy import FaultProxy, Rule
from tests.test_graph import World, checked, thread

pytestmark = pytest.mark.live
RUNS = 5


def _start(args: list[str], odoo: OdooSession, cassette: Path, home: Path) -> subprocess.Popen[str]:
    # Processes racing on one home would each hit or miss the metadata cache by timing: off, so a recording replays.
    env, switch = agent_process(odoo.mode, cassette, home, ODOO_AGENT_METADATA_TTL="0")
    return subprocess.Popen([sys.executable, "-m", "agent", *args, "--json", *switch], env=env, cwd=home.parent,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip


def _all(processes: list[subprocess.Popen[str]]) -> list[Reply]:
    replies = []
    for process in processes:
        out, err = process.communicate(timeout=300)
        assert out.count("\n") == 1, err
        replies.append(checked(Reply.model_validate_json(out)))
    return replies


def test_row5_five_parallel_approvals_make_one_customer(
    odoo: OdooSession, client: OdooClient, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    world = World(client, request.node.name)
    try:
        product, customer = world.product(), f"{world.name} Newco"
        base, home = CASSETTES / "test_races" / request.node.name, tmp_path / "home"
        tids = [f"{thread('race')}-{i}" for i in range(RUNS)]
        asked = _all([_start(["ask", f"quote {customer} for 1 {product}", "--new-thread", "--thread", tid], odoo,
                             base / f"ask-{i}.yaml", home) for i, tid in enumerate(tids)])  # fmt: skip
        assert all(r.status == "needs_approval" and r.plan[0].tool == "partner_create" for r in asked)
        done = _all([_start(["resume", "--thread", r.thread_id, "--approve", "--token", r.approval.token], odoo,
                            base / f"approve-{i}.yaml", home) for i, r in enumerate(asked) if r.approval])  # fmt: skip
        partners = client.search("res.partner", [["name", "=", customer]])
        world.partners += partners
        orders = client.search("sale.order", [["partner_id", "in", partners]]) if partners else []
        world.orders += orders
        assert [r.status for r in done] == ["done"] * RUNS, [r.message for r in done]
        assert len(partners) == 1, f"{len(partners)} partners named {customer}"
        assert len(orders) == RUNS  # one quotation per request, all for the one customer
        made = [r for r in done if any(x.action == "created" and x.model == "res.partner" for x in r.records)]
        assert len(made) == 1  # the others found it, made meanwhile
    finally:
        world.cleanup()


def test_row4_kill_9_during_confirm_then_resume_retry(request: pytest.FixtureRequest, tmp_path: Path) -> None:
    """Row 4 with a real ``kill -9``: the approving process dies while action_confirm is held at the proxy
    (Odoo confirms the order anyway). ``threads`` says interrupted; ``resume --retry`` finds the order
    confirmed — our own change, no new approval — invoices it once, and reconciles the audit row.

    Live only: a killed process writes no cassette. ``test_row4_and_7_death_during_confirm`` replays the
    same case in one process.
    """
    if _mode(request.config) != "live":
        pytest.skip("a process killed with SIGKILL leaves no recording: live only (-m live, not recording)")
    with OdooClient(OdooSession("live", None).config("json2")) as client:
        _kill_during_confirm(client, request.node.name, tmp_path)


def _kill_during_confirm(client: OdooClient, name: str, tmp_path: Path) -> None:
    world = World(client, name)
    home = tmp_path / "home"
    try:
        customer, product = world.partner(), world.product()
        with FaultProxy(load_settings().url, [Rule("sale.order", "action_confirm", "hold", seconds=4)]) as proxy:
            env, _ = agent_process("live", tmp_path / "unused.yaml", home, ODOO_URL=proxy.url)
            asked = _run(["ask", f"quote {customer} for 2 {product}, confirm it and invoice it"], env, home)
            assert asked.status == "needs_approval" and asked.approval
            approve = ["resume", "--thread", asked.thread_id, "--approve", "--token", asked.approval.token]
            approving = subprocess.Popen([sys.executable, "-m", "agent", *approve], env=env, cwd=home.parent,
                                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
            deadline = time.monotonic() + 60
            while (("sale.order", "action_confirm"), "hold") not in proxy.log and time.monotonic() < deadline:
                time.sleep(0.05)
            os.kill(approving.pid, signal.SIGKILL)  # mid-request: the proxy still delivers it to Odoo
            approving.wait()
            order = next(r.id for r in asked.records if r.model == "sale.order")
            world.orders.append(order)
            while client.read("sale.order", [order], ["state"])[0]["state"] != "sale" and time.monotonic() < deadline:
                time.sleep(0.2)
            listed = json.loads(_local(["threads", "--json"], env, home))
            assert [t["status"] for t in listed] == ["interrupted"]
            done = _run(["resume", "--thread", asked.thread_id, "--retry"], env, home)
        assert done.status == "done" and [s.status for s in done.plan] == ["done", "done", "done"], done.message
        row = client.read("sale.order", [order], ["state", "invoice_ids"])[0]
        assert row["state"] == "sale" and len(row["invoice_ids"]) == 1
        with sqlite3.connect(home / "audit.sqlite") as db:
            rows = db.execute("SELECT step_id, status FROM audit ORDER BY id").fetchall()
        assert rows == [("s1", "done"), ("s2", "done"), ("s3", "done")]  # s2's "sending" reconciled
    finally:
        world.cleanup()


def _run(args: list[str], env: dict[str, str], home: Path) -> Reply:
    done = subprocess.run([sys.executable, "-m", "agent", *args, "--json"], env=env, cwd=home.parent,
                          capture_output=True, text=True, timeout=300)  # fmt: skip
    assert done.stdout.count("\n") == 1, done.stderr
    return checked(Reply.model_validate_json(done.stdout))


def _local(args: list[str], env: dict[str, str], home: Path) -> str:
    done = subprocess.run([sys.executable, "-m", "agent", *args], env=env, cwd=home.parent, capture_output=True,
                          text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout
