"""The guardrails over recorded traffic of a real Odoo 19: each financial step kind rated by the amount Odoo
computes, working hours read in another time zone, an anomaly burst pausing writes, a turn's record cap.

The clock is set by each test (``set_clock``), in replay and when recording alike, so the hours and
the burst do not depend on when the cassette was made.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from agent.session import AgentSession
from graphs.context import make_context
from graphs.guards import request_for
from graphs.state import PlanStep
from odoo_tools import OdooClient
from odoo_tools.client.clock import Clock, get_clock, set_clock
from odoo_tools.tools import get_tool
from tests.conftest import run_tool
from tests.test_graph import World, checked, thread, yes

pytestmark = pytest.mark.live

LOOSE = "always_approve: [payment_reminder, invoice_pdf_generate]\n"
TOKYO_HOURS = "working_hours: {from: '08:00', to: '18:00', timezone: Asia/Tokyo}\n"
MONDAY_1900_TOKYO = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)
TUESDAY_0930_TOKYO = datetime(2026, 1, 6, 0, 30, tzinfo=UTC)


@pytest.fixture
def world(client: OdooClient, request: pytest.FixtureRequest) -> Iterator[World]:
    w = World(client, request.node.name)
    yield w
    w.cleanup()


@pytest.fixture
def tid(odoo: object, request: pytest.FixtureRequest) -> str:
    return thread(request.node.name.removeprefix("test_")[:24])


@pytest.fixture
def at() -> Iterator[Callable[[datetime], None]]:
    """Freeze the agent's clock at a moment (restored after the test)."""
    previous = get_clock()

    def freeze(moment: datetime) -> None:
        set_clock(Clock("UTC", frozen_at=moment))

    yield freeze
    set_clock(previous)


def policy_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "policy.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def plan_step(tool: str, **args: object) -> PlanStep:
    return PlanStep(id="s1", tool=tool, args=dict(args), risk=get_tool(tool).risk, description=tool)


def test_each_financial_step_is_rated_by_the_amount_odoo_computes(
    world: World, client: OdooClient, tmp_path: Path
) -> None:
    thresholds = {t: "{approve_from: 1000, refuse_from: 10000}" for t in (
        "order_confirm", "purchase_confirm", "invoice_from_order", "invoice_create", "invoice_post",
        "payment_register", "expense_create")}  # fmt: skip
    text = LOOSE + "amount_thresholds:\n" + "".join(f"  {t}: {v}\n" for t, v in thresholds.items())
    ctx = make_context(client, home=tmp_path / "home", approver="tester", policy_file=policy_file(tmp_path, text))
    customer, product = world.partner(), world.product(price=10)

    def rated(tool: str, **args: object) -> tuple[float | None, str]:
        request = request_for(ctx, plan_step(tool, **args), {}, 1)
        return request.amount, ctx.policy.decide(request).action

    small = run_tool(client, "quotation_create", customer=customer, lines=[{"product": product, "qty": 3}]).order
    big = run_tool(client, "quotation_create", customer=customer, lines=[{"product": product, "qty": 300}]).order
    world.orders += [small.id, big.id]
    assert rated("order_confirm", order=small.id) == (small.amount_total, "allow")
    assert rated("order_confirm", order=big.id) == (big.amount_total, "approve") and big.amount_total >= 1000
    # Still a quotation: all of it will be invoiced once an earlier step confirms it.
    assert rated("invoice_from_order", order=small.id) == (small.amount_total, "allow")
    client.call("sale.order", "action_confirm", [small.id])
    due = client.read("sale.order", [small.id], ["amount_to_invoice"])[0]["amount_to_invoice"]
    assert rated("invoice_from_order", order=small.id) == (due, "allow") and due > 0

    invoice = run_tool(client, "invoice_from_order", order=small.id).invoice
    signed = client.read("account.move", [invoice.id], ["amount_total_signed"])[0]["amount_total_signed"]
    assert rated("invoice_post", invoice=invoice.id) == (abs(signed), "allow")
    assert rated("payment_register", invoice=invoice.id) == (abs(signed), "allow")  # what is due
    assert rated("payment_register", invoice=invoice.id, amount=20000) == (20000, "refuse")

    rfq = run_tool(client, "rfq_create", vendor=customer, lines=[{"product": product, "qty": 500, "unit_price": 10}])
    world.purchases.append(rfq.order.id)
    total = client.read("purchase.order", [rfq.order.id], ["amount_total"])[0]["amount_total"]
    assert rated("purchase_confirm", order=rfq.order.id) == (total, "approve") and 1000 <= total < 10000

    lines = [{"product": world.products[0], "quantity": 2, "price_unit": 10}]
    assert rated("invoice_create", customer=world.partners[0], lines=lines) == (20, "allow")
    unpriced = [{"product": world.products[0], "quantity": 2}]
    assert rated("invoice_create", customer=world.partners[0], lines=unpriced) == (None, "approve")
    assert rated("expense_create", amount=45, description="taxi") == (45, "allow")
    assert rated("expense_create", amount=12000, description="car") == (12000, "refuse")


def test_a_purchase_under_its_threshold_is_confirmed_unasked(
    tid: str, world: World, client: OdooClient, tmp_path: Path
) -> None:
    vendor, product = world.partner(" Supplies"), world.product(price=10)
    policy = policy_file(tmp_path, "amount_thresholds:\n  purchase_confirm: 1000\n")
    agent = AgentSession.local(client, home=tmp_path / "home", approver="tester", policy_file=policy)
    small = checked(agent.ask(f"Create a PO for 5 {product} from {vendor} at $10", tid))
    assert small.status == "done", small.message
    world.purchases += [r.id for r in small.records if r.model == "purchase.order"]
    confirmed = checked(agent.ask("confirm it", tid))
    assert confirmed.status == "done" and confirmed.plan[0].tool == "purchase_confirm", confirmed.message
    big = checked(agent.ask(f"Create a PO for 500 {product} from {vendor} at $10", tid + "-big"))
    world.purchases += [r.id for r in big.records if r.model == "purchase.order"]
    asked = checked(agent.ask("confirm it", tid + "-big"))
    assert asked.status == "needs_approval" and "threshold 1,000.00" in asked.message


def test_writes_outside_the_hours_of_another_time_zone_wait_for_a_person(
    tid: str, world: World, client: OdooClient, tmp_path: Path, at: Callable[[datetime], None]
) -> None:
    agent = AgentSession.local(client, home=tmp_path / "home", approver="tester",
                               policy_file=policy_file(tmp_path, TOKYO_HOURS))  # fmt: skip
    before = set(client.search("crm.lead", [["name", "ilike", world.name]]))  # an earlier run's, if any
    at(MONDAY_1900_TOKYO)  # 10:00 in UTC and 11:00 in Brussels (the Odoo user's zone), 19:00 in Tokyo
    late = checked(agent.ask(f"Create a lead for {world.name} Robotics", tid))
    assert late.status == "needs_approval", late.message
    assert "Mon 19:00" in late.message and "JST" in late.message
    reads = checked(agent.ask("Show me the sales pipeline with all open opportunities", tid + "-read"))
    assert reads.status == "done"  # reads are never held
    at(TUESDAY_0930_TOKYO)
    morning = checked(agent.ask(f"Create a lead for {world.name} Dynamics", tid + "-morning"))
    assert morning.status == "done", morning.message
    done = checked(agent.resume(tid, yes(late)))  # the person approves the evening's lead
    assert done.status == "done"
    leads = sorted(set(client.search("crm.lead", [["name", "ilike", world.name]])) - before)
    assert len(leads) == 2
    client.write("crm.lead", leads, {"active": False})


def test_a_burst_of_writes_pauses_the_next_one(
    tid: str, world: World, client: OdooClient, tmp_path: Path, at: Callable[[datetime], None]
) -> None:
    policy = policy_file(tmp_path, "anomaly: {window: 1m, baseline: 1d, factor: 5, min_writes: 3}\n")
    agent = AgentSession.local(client, home=tmp_path / "home", approver="tester", policy_file=policy)
    before = set(client.search("crm.lead", [["name", "ilike", world.name]]))  # an earlier run's, if any
    at(TUESDAY_0930_TOKYO)  # every write of the burst inside one window
    for n in ("Alpha", "Beta", "Gamma"):
        reply = checked(agent.ask(f"Create a lead for {world.name} {n}", f"{tid}-{n}"))
        assert reply.status == "done", reply.message
    paused = checked(agent.ask(f"Create a lead for {world.name} Delta", f"{tid}-delta"))
    assert paused.status == "needs_approval"
    assert "Writes paused: 3 in the last 1 min" in paused.message
    done = checked(agent.resume(f"{tid}-delta", yes(paused)))
    assert done.status == "done"
    leads = sorted(set(client.search("crm.lead", [["name", "ilike", world.name]])) - before)
    assert len(leads) == 4
    client.write("crm.lead", leads, {"active": False})


def test_a_turn_over_the_record_cap_is_refused_before_anything_runs(
    tid: str, world: World, client: OdooClient, tmp_path: Path
) -> None:
    customer = world.partner()
    product = world.product()
    agent = AgentSession.local(client, home=tmp_path / "home", approver="tester",
                               policy_file=policy_file(tmp_path, "turn_max_records: 3\n"))  # fmt: skip
    reply = checked(agent.ask(f"quote {customer} for 2 {product}, 3 {product} and 4 {product}", tid))
    assert reply.plan and all(s.status == "rejected" for s in reply.plan)
    assert "touch 4 records in all; more than 3 in one turn" in reply.message
    assert client.search("sale.order", [["partner_id", "in", world.partners]]) == []


def test_rows_past_the_retention_are_pruned_at_start_and_the_chain_still_verifies(
    tid: str, world: World, client: OdooClient, tmp_path: Path, at: Callable[[datetime], None]
) -> None:
    home = tmp_path / "home"
    before = set(client.search("crm.lead", [["name", "ilike", world.name]]))  # an earlier run's, if any
    at(datetime(2025, 6, 2, 9, 0, tzinfo=UTC))  # a write of last June
    old = AgentSession.local(client, home=home, approver="tester")
    assert checked(old.ask(f"Create a lead for {world.name} Archive", f"{tid}-old")).status == "done"
    old.close()
    store = old.context.audit
    assert [r.status for r in store.recent()] == ["done"] and store.calls()
    at(TUESDAY_0930_TOKYO)  # seven months later: the next start prunes what is past 90 days
    new = AgentSession.local(client, home=home, approver="tester")
    assert checked(new.ask(f"Create a lead for {world.name} Fresh", f"{tid}-new")).status == "done"
    new.close()
    rows = store.recent()
    assert [(r.thread_id, r.status) for r in rows] == [(f"{tid}-new", "done")]  # last June's write is gone
    assert all(c.at >= datetime(2025, 10, 1, tzinfo=UTC) for c in store.calls())  # and its calls
    report = store.verify()
    assert report.ok and report.anchor_id is not None  # the first kept row links to the pruned one's hash
    leads = sorted(set(client.search("crm.lead", [["name", "ilike", world.name]])) - before)
    assert len(leads) == 2
    client.write("crm.lead", leads, {"active": False})
