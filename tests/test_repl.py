"""``odoo-agent chat`` driven as a person would: the real program in a pseudo-terminal (pexpect).

One REPL process replays (or records) its own cassette; the test's own fixture records and final
checks go through the test cassette, like ``test_cli_graph.py``.
"""

from __future__ import annotations

import json
import re
import sqlite3
import sys
from pathlib import Path

import pexpect
import pytest

from agent.repl import parse_edit
from odoo_tools import OdooClient
from odoo_tools.client.compat import product_kind_vals
from tests.conftest import CASSETTES, OdooSession, _mode, agent_process
from tests.test_cli_graph import NEWCOMER, agent, local
from tests.test_graph import word

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


class Terminal:
    """The REPL in a pty, xterm-like (prompt-toolkit draws its real input line, paste and keys)."""

    def __init__(self, mode: str, cassette: Path, home: Path, **extra: str) -> None:
        env, switch = agent_process(mode, cassette, home, TERM="xterm", PROMPT_TOOLKIT_NO_CPR="1",
                                    ODOO_AGENT_PARSER="offline", **extra)  # fmt: skip
        self.child = pexpect.spawn(sys.executable, ["-m", "agent", "chat", "--approver", "alice", *switch], env=env,
                                   cwd=str(home.parent), encoding="utf-8", timeout=90,
                                   dimensions=(50, 160))  # fmt: skip
        self.seen = ""

    def until(self, text: str) -> str:
        """Wait for ``text`` on screen (escape codes removed); return what came before it."""
        self.child.expect(re.escape(text))
        chunk = ANSI.sub("", self.child.before or "")
        self.seen += chunk + text
        return chunk

    def prompt(self) -> None:
        self.until("odoo>")

    def line(self, text: str) -> None:
        self.child.sendline(text)


def test_parse_edit_reads_step_field_value_pairs_or_json() -> None:
    assert parse_edit("s2 qty=9 price=45.5 name=Desk") == {"s2": {"qty": 9, "price": 45.5, "name": "Desk"}}
    assert parse_edit('{"s1": {"qty": 3}}') == {"s1": {"qty": 3}}
    assert parse_edit('s2 name="Office Desk" qty=2') == {"s2": {"name": "Office Desk", "qty": 2}}
    for bad in ("", "s2", "s2 qty", "[1, 2]", '{"s1": 3}', "s2 price=NaN", '{"s2": {"qty": NaN}}', 's2 name="x'):
        with pytest.raises(ValueError):
            parse_edit(bad)


@pytest.mark.live
def test_a_person_quotes_confirms_and_invoices_in_the_chat(odoo: OdooSession, tmp_path: Path) -> None:
    name = word("test_a_person_quotes_confirms_and_invoices_in_the_chat")
    with OdooClient(odoo.config("json2")) as client:
        partner = client.create("res.partner", {"name": f"{name} Trading", "is_company": True})
        kind = product_kind_vals(client.fields_get("product.product"), "goods")
        blue = client.create("product.product", {"name": f"{name} Gadget Blue", "list_price": 30, **kind})
        red = client.create("product.product", {"name": f"{name} Gadget Red", "list_price": 45, **kind})
        try:
            _chat(odoo, client, name, partner, blue, tmp_path / "home")
        finally:  # a later recording starts from the same names: archive what this one made
            client.write("product.product", [blue, red], {"active": False})
            client.write("res.partner", [partner], {"active": False})


def _chat(odoo: OdooSession, client: OdooClient, name: str, partner: int, blue: int, home: Path) -> None:
    term = Terminal(odoo.mode, CASSETTES / "test_repl" / "chat.yaml", home)
    term.prompt()
    term.line("/help")
    assert "/undo" in term.until("Paste several lines")
    term.prompt()

    # A two-line paste is one message (bracketed paste), and two close products make a pick-list.
    term.child.send(f"\x1b[200~quote {name} Trading for 2 {name} Gadget\nconfirm it and invoice it\x1b[201~\r")
    options = term.until("or type an answer>")  # "pick 1-N": a live database may hold other close names
    number = next(n for n, label in re.findall(r"(\d+)\) (.+)", options) if f"{name} Gadget Blue" in label)
    term.line(number)
    plan = term.until("approve? [y]es / [n]o / [e]dit >")
    assert "order_confirm" in plan and "invoice_from_order" in plan and "needs_approval" in plan

    term.child.sendcontrol("c")  # Ctrl-C puts the question aside, not the session
    term.until("Put aside")
    term.prompt()
    term.line("/resume")
    term.until("approve? [y]es / [n]o / [e]dit >")
    term.line("maybe")
    term.until("Answer y, n or e.")
    term.line("y")  # one approval covers the confirmation and the invoice
    done = term.until("account.move #")
    assert "created" in done and "sale.order #" in done and "needs_approval" not in done, done
    term.prompt()

    # Each command is followed by a wait for its own output: prompt-toolkit redraws the prompt on Enter.
    term.line("/plan")
    assert "done" in term.until("invoice_from_order")
    term.line("/audit 5")
    audit = term.until("quotation_create")  # newest first: the invoice, the confirmation (approved), the quote
    assert "invoice_from_order" in audit and "order_confirm" in audit and "alice" in audit, audit
    term.line("/debug")
    term.until("debug on")
    term.line("/undo")  # the order just made: cancelling it goes through the same approval
    undo = term.until("approve? [y]es / [n]o / [e]dit >")
    assert "order_cancel" in undo and "destructive" in undo and "odoo sale.order" in undo, undo
    term.line("n")
    term.until("why (optional)>")
    term.line("keep it")
    assert "Not done" in term.until("keep it.")
    term.line("asdf qwerty zxcv")  # nonsense: an answer, never a traceback
    term.until("I found nothing I can do in that message")
    term.line("/thread list")
    term.until("* t-")
    term.line("/frobnicate")
    term.until("Unknown command /frobnicate")
    term.prompt()  # a key sent before prompt-toolkit holds the terminal would be read by the line discipline
    term.child.sendcontrol("d")
    term.until("bye")
    term.child.expect(pexpect.EOF)
    term.seen += ANSI.sub("", term.child.before or "")  # an exit-time traceback would come after "bye"
    term.child.close()
    assert term.child.exitstatus == 0
    assert "Traceback" not in term.seen

    orders = client.search_read("sale.order", [("partner_id", "=", partner)], ["state", "invoice_ids"])
    assert [o["state"] for o in orders] == ["sale"] and len(orders[0]["invoice_ids"]) == 1
    lines = client.search_read("sale.order.line", [("order_id", "=", orders[0]["id"])], ["product_id"])
    assert [ln["product_id"][0] for ln in lines] == [blue]
    history = (home / "chat_history").read_text()
    assert "confirm it and invoice it" in history and "/undo" in history


def test_a_plan_replaced_from_another_process_is_not_approved_by_the_chat_s_yes(
    request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    """The chat shows plan A and waits for y/n; meanwhile another process asks B on the thread; "y" runs nothing.

    The chat replays the first turn of the recorded chat above; the other process needs only the
    connection (from the same cassette). The audit log, written before any write is sent, shows
    that only A's draft was ever sent: no confirmation, no invoice, no contact.
    """
    if _mode(request.config) != "replay":
        pytest.skip("replays the recording of test_a_person_quotes_confirms_and_invoices_in_the_chat")
    chat, home = CASSETTES / "test_repl" / "chat.yaml", tmp_path / "home"
    name = word("test_a_person_quotes_confirms_and_invoices_in_the_chat")
    term = Terminal("replay", chat, home)
    term.prompt()
    term.child.send(f"\x1b[200~quote {name} Trading for 2 {name} Gadget\nconfirm it and invoice it\x1b[201~\r")
    options = term.until("or type an answer>")
    term.line(next(n for n, label in re.findall(r"(\d+)\) (.+)", options) if f"{name} Gadget Blue" in label))
    assert "order_confirm" in term.until("approve? [y]es / [n]o / [e]dit >")

    (thread,) = json.loads(local(["threads", "--json"], home).stdout)
    other = agent(["ask", NEWCOMER, "--thread", thread["thread_id"]], "replay", chat, home)
    assert other.status == "needs_approval" and "was dropped; here is the new plan" in other.message

    shown = len(term.seen)
    term.line("y")  # the yes the person gave to plan A, with A's token
    term.until("another plan")  # prompt-toolkit redraws the prompt on Enter: wait for the reply's own words
    term.until("approve? [y]es / [n]o / [e]dit >")
    again = " ".join(term.seen[shown:].split())
    assert "partner_create" in again and "Needs your approval: Create contact 'Lotazo Bakery'" in again, again
    term.line("n")
    term.until("why (optional)>")
    term.line("not asked")
    assert "Not done" in term.until("not asked.")
    term.prompt()
    term.child.sendcontrol("d")
    term.until("bye")
    term.child.expect(pexpect.EOF)
    term.child.close()
    assert term.child.exitstatus == 0 and "Traceback" not in term.seen
    with sqlite3.connect(home / "audit.sqlite") as db:  # the draft of A only: no confirmation, no contact
        assert db.execute("SELECT tool, status FROM audit ORDER BY id").fetchall() == [("quotation_create", "done")]


def test_record_names_with_brackets_are_shown_not_read_as_markup() -> None:
    from rich.console import Console

    from agent.contract import Reply
    from agent.render import print_reply

    step = {
        "id": "s1",
        "tool": "quotation_create",
        "args": {},
        "risk": "write",
        "status": "done",
        "description": "Create a draft quotation for Widget [/promo] and [e-com01] Desk",
    }
    reply = Reply.model_validate({"thread_id": "t", "status": "done", "message": "Made [b]S1[/b].", "intents": [],
                                  "plan": [step], "question": None, "error": None,
                                  "records": [{"model": "sale.order", "id": 1, "name": "[S1] x", "action": "created"}],
                                  "usage": {"parser": None, "model": None, "llm_tokens": 0, "odoo_calls": 0,
                                            "seconds": 0}})  # fmt: skip
    console = Console(record=True, width=200)
    print_reply(console, reply)
    shown = console.export_text()
    assert "Widget [/promo] and [e-com01] Desk" in shown and "Made [b]S1[/b]." in shown and "[S1] x" in shown
