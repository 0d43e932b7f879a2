"""Row 5 of issue 19 as real processes: five approvals of "quote <NewCo> for 1 <product>" at once make one NewCo.

Five ``ask`` processes each plan a gated creation of the same unknown customer; five ``resume --approve``
processes then run at the same time on one ODOO_AGENT_HOME. The lock beside the store serialises the
creations and the re-check of Odoo inside it finds the partner the first one made. Each process
replays (or records) its own cassette, so which process won the race is part of its recording.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from agent.contract import Reply
from odoo_tools import OdooClient
from tests.conftest import CASSETTES, OdooSession, agent_process
from tests.test_graph import World, checked, thread

pytestmark = pytest.mark.live
RUNS = 5


def _start(args: list[str], odoo: OdooSession, cassette: Path, home: Path) -> subprocess.Popen[str]:
    env, switch = agent_process(odoo.mode, cassette, home)
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
        asked = _all([_start(["ask", f"quote {customer} for 1 {product}", "--thread", tid], odoo,
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
