"""No write lost or doubled (issue 19): each row of the issue's table, through the fault proxy on a real Odoo 19.

Live (``-m live``) the agent's client talks to Odoo through ``tests/fault_proxy.py`` — a real loopback
proxy that drops answers, holds requests, resets connections and answers 502 — and the traffic is
recorded; replayed, ``ReplayFaults`` raises what the client saw live, at the same calls. Each test
ends with exactly one record per intended write, a truthful message and a thread that completes.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from agent.config import load_settings
from agent.session import AgentSession, list_threads
from graphs.decisions import Retry
from odoo_tools import OdooClient
from odoo_tools.audit import AuditStore
from odoo_tools.client.errors import OdooWriteOutcomeUnknownError
from odoo_tools.outcomes import settle
from tests.conftest import OdooSession, run_tool
from tests.fault_proxy import FaultProxy, ReplayFaults, Rule
from tests.faults import calls
from tests.test_graph import CrashAfter, World, checked, thread, yes

pytestmark = pytest.mark.live

Through = Callable[..., OdooClient]


@pytest.fixture
def through(odoo: OdooSession) -> Iterator[Through]:
    """``through(rules, timeout=…)``: a client whose traffic passes the fault proxy (live) or its replay seam."""
    with ExitStack() as stack:

        def make(*rules: Rule, timeout: float = 30.0) -> OdooClient:
            if odoo.replaying:
                cfg = odoo.config("json2", timeout=timeout)
                return stack.enter_context(OdooClient(cfg, seam=ReplayFaults(cfg.url, cfg.timeout, list(rules))))
            proxy = stack.enter_context(FaultProxy(load_settings().url, list(rules)))
            return stack.enter_context(OdooClient(odoo.config("json2", url=proxy.url, timeout=timeout)))

        yield make


@pytest.fixture
def tid(odoo: OdooSession, request: pytest.FixtureRequest) -> str:
    return thread(request.node.name.removeprefix("test_")[:24])


@pytest.fixture
def world(client: OdooClient, request: pytest.FixtureRequest) -> Iterator[World]:
    w = World(client, request.node.name)
    yield w
    w.cleanup()


def agent(c: OdooClient, tmp_path: Path) -> AgentSession:
    return AgentSession.local(c, home=tmp_path / "home", approver="tester")


def audit(tmp_path: Path, tid: str) -> list[tuple[str, str]]:
    """The thread's audit rows, oldest first: (step, status)."""
    return [(r.step_id, r.status) for r in reversed(AuditStore(tmp_path / "home" / "audit.sqlite").recent(
        thread_id=tid))]  # fmt: skip


def orders_of(client: OdooClient, partner: str) -> list[int]:
    return client.search("sale.order", [["partner_id.name", "=", partner], ["state", "!=", "cancel"]])


def test_row1_partner_created_and_answer_dropped(
    tid: str, world: World, client: OdooClient, through: Through, tmp_path: Path
) -> None:
    """Row 1: the answer to res.partner/create is lost after Odoo committed: found by its key, done, once."""
    product, customer = world.product(), f"{world.name} Newco"
    session = agent(through(Rule("res.partner", "web_save", "drop")), tmp_path)
    plan = checked(session.ask(f"quote {customer} for 2 {product}", tid))
    assert plan.status == "needs_approval" and plan.plan[0].tool == "partner_create"
    done = checked(session.resume(tid, yes(plan)))
    partners = client.search("res.partner", [["name", "=", customer]])
    world.partners += partners
    assert done.status == "done" and [s.status for s in done.plan] == ["done", "done"], done.message
    assert len(partners) == 1 and len(orders_of(client, customer)) == 1
    world.orders += orders_of(client, customer)
    assert audit(tmp_path, tid) == [("s1", "done"), ("s2", "done")]


def test_row2_order_create_answer_dropped(tid: str, world: World, client: OdooClient, through: Through,
                                          tmp_path: Path) -> None:  # fmt: skip
    """Row 2: the answer to sale.order/web_save is lost: the draft is found by its key; "try again" adds nothing."""
    customer, product = world.partner(), world.product()
    session = agent(through(Rule("sale.order", "web_save", "drop")), tmp_path)
    done = checked(session.ask(f"quote {customer} for 3 {product}", tid))
    assert done.status == "done" and done.plan[0].status == "done", done.message
    world.orders += orders_of(client, customer)
    assert len(orders_of(client, customer)) == 1


def test_row2_order_create_refused_stays_unknown_until_resent(
    tid: str, world: World, client: OdooClient, through: Through, tmp_path: Path
) -> None:
    """Row 2: the connection is reset before Odoo saw sale.order/web_save. Unknown — never re-sent on its
    own, "try again" only looks again — until the person asks for it with --resend."""
    customer, product = world.partner(), world.product()
    session = agent(through(Rule("sale.order", "web_save", "refuse")), tmp_path)
    first = checked(session.ask(f"quote {customer} for 4 {product}", tid))
    assert first.status == "unknown" and first.plan[0].status == "unknown" and first.error is None
    assert "no answer came back" in first.message and "--resend s1" in first.message
    assert orders_of(client, customer) == []
    again = checked(session.ask("try again", tid))
    assert again.status == "unknown" and orders_of(client, customer) == []  # looked again, sent nothing
    assert audit(tmp_path, tid) == [("s1", "unknown")]
    resent = checked(session.resume(tid, Retry(resend=["s1"])))
    assert resent.status == "done" and resent.plan[0].status == "done", resent.message
    world.orders += orders_of(client, customer)
    assert len(orders_of(client, customer)) == 1
    assert audit(tmp_path, tid) == [("s1", "unknown"), ("s1", "done")]


def test_row3_create_held_past_the_timeout_is_found_not_resent(
    tid: str, world: World, client: OdooClient, through: Through, tmp_path: Path
) -> None:
    """Row 3: sale.order/web_save held 5 s on its way, client timeout 2 s: the key is looked for until the
    late request lands, never re-sent: one order."""
    customer, product = world.partner(), world.product()
    session = agent(through(Rule("sale.order", "web_save", "hold", seconds=5), timeout=2), tmp_path)
    done = checked(session.ask(f"quote {customer} for 5 {product}", tid))
    assert done.status == "done" and done.plan[0].status == "done", done.message
    world.orders += orders_of(client, customer)
    assert len(orders_of(client, customer)) == 1


def test_row2_order_create_answered_502(tid: str, world: World, client: OdooClient, through: Through,
                                        tmp_path: Path) -> None:  # fmt: skip
    """A proxy's 502 after forwarding sale.order/web_save: may have landed, so it is looked for, and found."""
    customer, product = world.partner(), world.product()
    session = agent(through(Rule("sale.order", "web_save", "status", status=502)), tmp_path)
    done = checked(session.ask(f"quote {customer} for 6 {product}", tid))
    assert done.status == "done" and done.plan[0].status == "done", done.message
    world.orders += orders_of(client, customer)
    assert len(orders_of(client, customer)) == 1


def test_row4_and_7_death_during_confirm(
    odoo: OdooSession, tid: str, world: World, client: OdooClient, tmp_path: Path
) -> None:
    """Rows 4 and 7: the process dies while action_confirm is in flight (Odoo committed it). ``threads``
    says interrupted; resume finds the order confirmed — our own change, so no new approval — and
    goes on to invoice it; the audit row left "sending" is reconciled."""
    customer, product = world.partner(), world.product()
    cfg = odoo.config("json2")
    dying = OdooClient(cfg, seam=CrashAfter(cfg.url, cfg.timeout, match=calls("sale.order", "action_confirm"),
                                            when="after"))  # fmt: skip
    first = agent(dying, tmp_path)
    plan = checked(first.ask(f"quote {customer} for 2 {product}, confirm it and invoice it", tid))
    assert plan.status == "needs_approval"
    with pytest.raises(RuntimeError, match="crash"):
        first.resume(tid, yes(plan))
    first.close()
    assert [t.status for t in list_threads(tmp_path / "home") if t.thread_id == tid] == ["interrupted"]
    assert audit(tmp_path, tid) == [("s1", "done"), ("s2", "sending")]
    done = checked(agent(client, tmp_path).resume(tid, Retry()))
    assert done.status == "done" and [s.status for s in done.plan] == ["done", "done", "done"], done.message
    order = world.order(done)
    assert order["state"] == "sale" and len(order["invoice_ids"]) == 1
    assert audit(tmp_path, tid) == [("s1", "done"), ("s2", "done"), ("s3", "done")]
    assert [t.status for t in list_threads(tmp_path / "home") if t.thread_id == tid] == ["done"]


def test_row6_locked_store_is_a_clean_error_before_anything_is_sent(
    tid: str, world: World, client: OdooClient, tmp_path: Path
) -> None:
    """Row 6: threads.sqlite locked by another process: an error naming the thread, and no draft in Odoo
    (the store is written before Odoo); once the store is free, the same message on the same thread works."""
    customer, product = world.partner(), world.product()
    session = agent(client, tmp_path)
    locker = sqlite3.connect(tmp_path / "home" / "threads.sqlite", isolation_level=None)
    locker.execute("BEGIN EXCLUSIVE")
    try:
        refused = checked(session.ask(f"quote {customer} for 7 {product}", tid))
    finally:
        locker.execute("ROLLBACK")
        locker.close()
    assert refused.status == "error" and refused.thread_id == tid
    assert refused.error is not None and refused.error.type == "store_unavailable"
    assert "database is locked" in refused.message and f"--thread {tid}" in refused.message
    assert orders_of(client, customer) == [] and audit(tmp_path, tid) == []
    done = checked(session.ask(f"quote {customer} for 7 {product}", tid))
    assert done.status == "done", done.message
    world.orders += orders_of(client, customer)
    assert len(orders_of(client, customer)) == 1


def test_row8_tools_take_the_uid_from_the_handshake_and_keep_the_threads_company(client: OdooClient) -> None:
    """Row 8: project, calendar and HR tools used to call connect() again for the uid — a second handshake
    that put allowed_company_ids back to the default. Now the uid comes from the cached handshake."""
    client.connect()
    client.use_company(2)  # a thread acting in another of the user's companies
    before = client.stats.count
    run_tool(client, "my_tasks")
    run_tool(client, "events_list", period="this_week")
    handshakes = [c.method for c in client.stats.calls[before:] if c.method in ("version", "authenticate",
                                                                               "context_get")]  # fmt: skip
    assert handshakes == [] and client.context["allowed_company_ids"] == [2]


def test_resend_then_the_first_lands_late_the_duplicate_is_said_and_cancelled_on_approval(
    odoo: OdooSession, tid: str, world: World, client: OdooClient, through: Through, tmp_path: Path
) -> None:
    """The person resends a create whose outcome stayed unknown, and the first request lands after all
    (held 20 s). A retry says two records exist for one write and asks to cancel the extra draft."""
    customer, product = world.partner(), world.product()
    session = agent(through(Rule("sale.order", "web_save", "hold", seconds=20), timeout=2), tmp_path)
    first = checked(session.ask(f"quote {customer} for 8 {product}", tid))
    assert first.status == "unknown", first.message
    resent = checked(session.resume(tid, Retry(resend=["s1"])))
    assert resent.status == "done" and resent.plan[0].status == "done", resent.message
    kept = next(r.id for r in resent.records if r.model == "sale.order")
    for _ in range(60):  # the held request lands about 20 s after it was sent
        if len(orders_of(client, customer)) == 2:
            break
        if not odoo.replaying:
            time.sleep(1)
    world.orders += orders_of(client, customer)
    asked = checked(session.resume(tid, Retry()))
    assert asked.status == "needs_approval" and [s.tool for s in asked.plan] == ["quotation_create", "order_cancel"]
    assert "duplicate" in asked.message and asked.plan[1].status == "needs_approval"
    done = checked(session.resume(tid, yes(asked)))
    assert done.status == "done" and done.plan[1].status == "done", done.message
    assert orders_of(client, customer) == [kept]  # one active order for one intended write


def test_an_unknown_write_is_still_looked_for_after_a_new_message(
    tid: str, world: World, client: OdooClient, through: Through, tmp_path: Path
) -> None:
    """A new message does not drop a write of unknown outcome: the reply says it is still unknown, and a
    later retry looks for it again (and --resend, under its turn-qualified id, sends it)."""
    customer, product = world.partner(), world.product()
    session = agent(through(Rule("sale.order", "web_save", "refuse")), tmp_path)
    assert checked(session.ask(f"quote {customer} for 4 {product}", tid)).status == "unknown"
    other = checked(session.ask(f"quote {customer} for 9 {product}", tid))
    assert other.status == "done" and "Still unknown from an earlier message" in other.message
    assert "resume --resend t1.s1" in other.message
    looked = checked(session.resume(tid, Retry()))
    assert looked.status == "unknown" and [(s.id, s.status) for s in looked.plan] == [("t1.s1", "unknown"),
                                                                                     ("s1", "done")]  # fmt: skip
    assert len(orders_of(client, customer)) == 1  # the second message's draft only: nothing re-sent
    resent = checked(session.resume(tid, Retry(resend=["t1.s1"])))
    assert resent.status == "done", resent.message
    world.orders += orders_of(client, customer)
    assert len(orders_of(client, customer)) == 2  # one per message, each once


def test_invoice_from_order_answer_dropped_is_settled_by_the_order(
    tid: str, world: World, client: OdooClient, through: Through, tmp_path: Path
) -> None:
    """A write with no key field (the invoicing wizard) whose answer is lost: unknown, then settled by its
    natural key — the order reads invoiced — on retry, nothing re-sent; the invoice is the step's record."""
    customer, product = world.partner(), world.product()
    session = agent(through(Rule("sale.advance.payment.inv", "create_invoices", "drop")), tmp_path)
    plan = checked(session.ask(f"quote {customer} for 2 {product}, confirm it and invoice it", tid))
    assert plan.status == "needs_approval"
    first = checked(session.resume(tid, yes(plan)))
    world.orders += orders_of(client, customer)
    assert [s.status for s in first.plan] == ["done", "done", "unknown"], first.message
    done = checked(session.resume(tid, Retry()))
    assert done.status == "done" and [s.status for s in done.plan] == ["done", "done", "done"], done.message
    order = world.order(done)
    assert len(order["invoice_ids"]) == 1 and "invoiced in Odoo" in done.message
    assert [r.id for r in done.records if r.model == "account.move"] == order["invoice_ids"]  # the step's record
    assert audit(tmp_path, tid)[-1] == ("s3", "done")


def test_order_cancel_and_lead_won_answers_dropped_are_settled_by_state(
    world: World, client: OdooClient, through: Through
) -> None:
    """Actions with no key: the answer to action_cancel / action_set_won is lost after Odoo did it; the
    record's state (cancel, won) settles them. Before the action, the same look finds nothing."""
    customer, _ = world.partner(), world.product()
    order = client.create("sale.order", {"partner_id": world.partners[-1],
                                         "order_line": [[0, 0, {"product_id": world.products[-1]}]]})  # fmt: skip
    world.orders.append(order)
    assert settle(client, "order_cancel", {"order": order}) is None  # still a draft: not done
    with pytest.raises(OdooWriteOutcomeUnknownError):
        run_tool(through(Rule("sale.order", "action_cancel", "drop")), "order_cancel", order=order)
    found = settle(client, "order_cancel", {"order": order})
    assert found is not None and found.changed[0].id == order and "cancel" in found.message
    lead = client.create("crm.lead", {"name": f"{customer} deal", "type": "opportunity"})
    try:
        assert settle(client, "lead_mark_won", {"lead": lead}) is None
        with pytest.raises(OdooWriteOutcomeUnknownError):
            run_tool(through(Rule("crm.lead", "action_set_won", "drop")), "lead_mark_won", lead=lead)
        won = settle(client, "lead_mark_won", {"lead": lead})
        assert won is not None and won.changed[0].id == lead and "won" in won.message
    finally:
        client.write("crm.lead", [lead], {"active": False})
