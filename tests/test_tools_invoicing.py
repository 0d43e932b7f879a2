"""Invoicing tools against a real Odoo 19: invoice an order, create/post, unpaid list, payments, reminder, PDF.

Each test creates its own customer and product named after the test; teardown cancels the payments
and invoices, cancels the orders, archives customers and products and removes idempotency keys.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

import odoo_tools.invoicing  # noqa: F401 - registers the tools
from agent.session import AgentSession
from odoo_tools import OdooClient
from odoo_tools.audit import AuditStore
from odoo_tools.client.clock import get_clock
from odoo_tools.client.compat import product_kind_vals
from odoo_tools.client.errors import OdooValidationError
from odoo_tools.client.idempotency import XMLID_MODULE, derive_key
from odoo_tools.i18n import use_language
from odoo_tools.outcomes import settle
from odoo_tools.resolve import NoMatchError
from tests.conftest import run_tool as run
from tests.test_graph import checked, thread, yes

pytestmark = pytest.mark.live


@pytest.fixture
def name(request: pytest.FixtureRequest) -> str:
    return f"odoo-agent test {request.node.name}"


class Made:
    """What a test creates, undone at teardown even when the test fails."""

    def __init__(self, client: OdooClient) -> None:
        self.client = client
        self.ids: dict[str, list[int]] = {"account.payment": [], "account.move": [], "sale.order": [],
                                          "res.partner": [], "product.product": []}  # fmt: skip
        self.keys: list[str] = []

    def partner(self, name: str, email: str | None = "billing@example.com") -> int:
        pid = self.client.create("res.partner", {"name": name, "is_company": True, "email": email or False})
        self.ids["res.partner"].append(pid)
        return pid

    def product(self, name: str, price: float = 100.0) -> int:
        kind = product_kind_vals(self.client.fields_get("product.product"), "service")
        vals = {"name": name, "list_price": price, "invoice_policy": "order", **kind}
        pid = self.client.create("product.product", vals)
        self.ids["product.product"].append(pid)
        return pid

    def order(self, partner: int, product: int, qty: float, *, confirm: bool) -> int:
        so = self.client.create("sale.order", {"partner_id": partner, "order_line": [
            [0, 0, {"product_id": product, "product_uom_qty": qty}]]})  # fmt: skip
        self.ids["sale.order"].append(so)
        if confirm:
            self.client.call("sale.order", "action_confirm", [so])
        return so

    def invoice(self, partner: int, price: float, *, days_ago: int = 0, due_in: int = 0, post: bool = True) -> int:
        """A tax-free one-line invoice dated relative to the agent clock's today."""
        today = get_clock().today()
        move = self.client.create("account.move", {
            "move_type": "out_invoice", "partner_id": partner, "invoice_payment_term_id": False,
            "invoice_date": (today - timedelta(days=days_ago)).isoformat(),
            "invoice_date_due": (today + timedelta(days=due_in)).isoformat(),
            "invoice_line_ids": [[0, 0, {"name": "Consulting", "quantity": 1, "price_unit": price}]],
        })  # fmt: skip
        self.ids["account.move"].append(move)
        if post:
            self.client.call("account.move", "action_post", [move])
        return move

    def cleanup(self) -> None:
        c = self.client
        for pay in c.read("account.payment", self.ids["account.payment"], ["state"]):
            if pay["state"] != "draft":
                c.call("account.payment", "action_draft", [pay["id"]])
            c.call("account.payment", "action_cancel", [pay["id"]])
        for move in c.read("account.move", self.ids["account.move"], ["state"]):
            if move["state"] == "posted":
                c.call("account.move", "button_draft", [move["id"]])
            if move["state"] != "cancel":
                c.call("account.move", "button_cancel", [move["id"]])
        for so in c.read("sale.order", self.ids["sale.order"], ["state"]):
            if so["state"] != "cancel":
                c.call("sale.order", "action_cancel", [so["id"]])
        for model in ("res.partner", "product.product"):
            if self.ids[model]:
                c.write(model, self.ids[model], {"active": False})
        if self.keys:
            xmlids = c.search("ir.model.data", [["module", "=", XMLID_MODULE], ["name", "in", self.keys]])
            c.unlink("ir.model.data", xmlids)


@pytest.fixture
def made(client: OdooClient) -> Iterator[Made]:
    m = Made(client)
    yield m
    m.cleanup()


def test_invoice_from_order_creates_the_draft_invoice(client: OdooClient, made: Made, name: str) -> None:
    so = made.order(made.partner(name), made.product(name, 100.0), 2, confirm=True)
    order = client.read("sale.order", [so], ["name", "amount_total", "partner_id"])[0]
    result = run(client, "invoice_from_order", order=order["name"])
    inv = result.invoice
    made.ids["account.move"].append(inv.id)
    assert inv.state == "draft" and inv.number is None and inv.move_type == "out_invoice"
    assert inv.origin == order["name"] and inv.customer_id == order["partner_id"][0]
    assert inv.amount_total == order["amount_total"] and inv.amount_total >= 200.0
    assert result.created == [inv.ref()] and result.found[0].id == so
    assert client.read("sale.order", [so], ["invoice_status", "invoice_ids"]) == [
        {"id": so, "invoice_status": "invoiced", "invoice_ids": [inv.id]}
    ]


def test_invoice_from_order_refuses_quotations_and_invoiced_orders(client: OdooClient, made: Made, name: str) -> None:
    partner, product = made.partner(name), made.product(name)
    quotation = made.order(partner, product, 1, confirm=False)
    with pytest.raises(OdooValidationError, match="quotation, not a confirmed order"):
        run(client, "invoice_from_order", order=quotation)
    so = made.order(partner, product, 1, confirm=True)
    made.ids["account.move"].append(run(client, "invoice_from_order", order=so).invoice.id)
    with pytest.raises(OdooValidationError, match="already fully invoiced"):
        run(client, "invoice_from_order", order=so)
    assert len(client.read("sale.order", [so], ["invoice_ids"])[0]["invoice_ids"]) == 1


def test_invoice_create_with_product_and_label_lines_is_idempotent(
    client: OdooClient, made: Made, name: str, request: pytest.FixtureRequest
) -> None:
    partner, product = made.partner(name), made.product(name, 100.0)
    key = derive_key(request.node.name, 1)
    made.keys.append(key)
    today = get_clock().today()
    args = {
        "customer": name, "invoice_date": (today - timedelta(days=5)).isoformat(),
        "due_date": (today + timedelta(days=25)).isoformat(), "idempotency_key": key,
        "lines": [{"product": name, "quantity": 3}, {"label": "Setup fee", "price_unit": 50.0}],
    }  # fmt: skip
    inv = run(client, "invoice_create", **args).invoice
    made.ids["account.move"].append(inv.id)
    assert inv.state == "draft" and inv.customer_id == partner and inv.move_type == "out_invoice"
    assert inv.invoice_date == today - timedelta(days=5) and inv.due_date == today + timedelta(days=25)
    lines = client.search_read("account.move.line", [["move_id", "=", inv.id], ["display_type", "=", "product"]],
                               ["name", "quantity", "price_unit", "product_id"], order="id")  # fmt: skip
    assert [(ln["product_id"] and ln["product_id"][0], ln["quantity"], ln["price_unit"]) for ln in lines] == [
        (product, 3.0, 100.0), (False, 1.0, 50.0)
    ]  # fmt: skip
    assert lines[1]["name"] == "Setup fee"
    untaxed = client.read("account.move", [inv.id], ["amount_untaxed", "amount_total"])[0]
    assert untaxed["amount_untaxed"] == 350.0 and untaxed["amount_total"] == inv.amount_total
    again = run(client, "invoice_create", **args).invoice
    assert again.id == inv.id
    assert client.search_count("account.move", [["partner_id", "=", partner]]) == 1


def test_invoice_create_unknown_product_raises_no_match(client: OdooClient, made: Made, name: str) -> None:
    partner = made.partner(name)
    with pytest.raises(NoMatchError, match="No product matches"):
        run(client, "invoice_create", customer=partner, lines=[{"product": "Qwxzv Nonexistent Gizmo", "quantity": 1}])
    assert client.search_count("account.move", [["partner_id", "=", partner]]) == 0


def test_invoice_post_posts_a_draft_and_refuses_a_posted_one(client: OdooClient, made: Made, name: str) -> None:
    draft = made.invoice(made.partner(name), 80.0, due_in=30, post=False)
    result = run(client, "invoice_post", invoice=draft)
    inv = result.invoice
    row = client.read("account.move", [draft], ["name", "state", "amount_residual"])[0]
    assert inv.state == row["state"] == "posted" and inv.number == row["name"] and row["name"].startswith("INV/")
    assert inv.amount_residual == row["amount_residual"] == 80.0 and inv.payment_state == "not_paid"
    assert result.changed == [inv.ref()]
    with pytest.raises(OdooValidationError, match="already posted: only a draft can be posted"):
        run(client, "invoice_post", invoice=inv.number)


def test_invoices_unpaid_lists_overdue_first_with_totals(client: OdooClient, made: Made, name: str) -> None:
    partner = made.partner(name)
    late = made.invoice(partner, 100.0, days_ago=40, due_in=-10)
    current = made.invoice(partner, 40.0, due_in=20)
    made.invoice(partner, 7.0, post=False)  # drafts are not due
    result = run(client, "invoices_unpaid", customer=partner)
    assert [i.id for i in result.invoices] == [late, current] and result.count == 2
    assert [(i.amount_residual, i.days_overdue) for i in result.invoices] == [(100.0, 10), (40.0, 0)]
    currency = result.invoices[0].currency
    assert [t.model_dump() for t in result.totals] == [
        {"currency": currency, "count": 2, "amount_total": 140.0, "amount_due": 140.0}
    ]
    overdue = run(client, "invoices_unpaid", customer=name, overdue_only=True)
    assert [i.id for i in overdue.invoices] == [late] and overdue.message.startswith("1 overdue invoice(s)")
    with pytest.raises(NoMatchError):
        run(client, "invoices_unpaid", customer="Qwxzv Nonexistent Customer")


def test_payment_register_partial_then_full(client: OdooClient, made: Made, name: str) -> None:
    inv = made.invoice(made.partner(name), 100.0, due_in=10)
    partial = run(client, "payment_register", invoice=inv, amount=30.0)
    made.ids["account.payment"] += [p.id for p in partial.created]
    assert (partial.invoice.payment_state, partial.invoice.amount_residual, partial.amount) == ("partial", 70.0, 30.0)
    assert [p["amount"] for p in client.read("account.payment", [p.id for p in partial.created], ["amount"])] == [30.0]
    with pytest.raises(OdooValidationError, match="is more than the"):
        run(client, "payment_register", invoice=inv, amount=500.0)
    full = run(client, "payment_register", invoice=partial.invoice.number)
    made.ids["account.payment"] += [p.id for p in full.created]
    assert full.amount == 70.0 and full.invoice.amount_residual == 0.0
    assert client.read("account.move", [inv], ["payment_state"])[0]["payment_state"] == full.invoice.payment_state
    assert full.invoice.payment_state in ("paid", "in_payment")
    with pytest.raises(OdooValidationError, match="nothing is due"):
        run(client, "payment_register", invoice=inv)


def test_payment_register_refuses_a_draft(client: OdooClient, made: Made, name: str) -> None:
    draft = made.invoice(made.partner(name), 100.0, post=False)
    with pytest.raises(OdooValidationError, match="is a draft: only a posted invoice can be paid"):
        run(client, "payment_register", invoice=draft)


def test_payment_reminder_messages_the_customer(client: OdooClient, made: Made, name: str) -> None:
    partner = made.partner(name, email="ap@example.com")
    inv = made.invoice(partner, 100.0, days_ago=40, due_in=-10)
    result = run(client, "payment_reminder", invoice=inv, note="Pay <b>now</b> & thanks")
    msg = client.read("mail.message", [result.message_id], ["body", "subtype_id", "message_type", "partner_ids",
                                                            "model", "res_id"])[0]  # fmt: skip
    assert (msg["model"], msg["res_id"], msg["message_type"]) == ("account.move", inv, "comment")
    assert msg["subtype_id"][0] == client.search("mail.message.subtype", [["name", "=", "Discussions"]], limit=1)[0]
    assert msg["partner_ids"] == [partner] and result.recipient == "ap@example.com"
    currency = result.invoice.currency
    assert f"100.00 {currency}" in msg["body"] and "(10 days ago)" in msg["body"]
    assert "Pay &lt;b&gt;now&lt;/b&gt; &amp; thanks" in msg["body"]
    assert result.email_status in ("ready", "sent", "exception")


def test_payment_reminder_refuses_paid_invoices_and_customers_without_email(
    client: OdooClient, made: Made, name: str
) -> None:
    inv = made.invoice(made.partner(name), 100.0)
    made.ids["account.payment"] += [p.id for p in run(client, "payment_register", invoice=inv).created]
    with pytest.raises(OdooValidationError, match="nothing is due"):
        run(client, "payment_reminder", invoice=inv)
    silent = made.invoice(made.partner(f"{name} no email", email=None), 50.0)
    with pytest.raises(OdooValidationError, match="has no email address"):
        run(client, "payment_reminder", invoice=silent)
    assert client.search_count("mail.message", [["model", "=", "account.move"], ["res_id", "in", [inv, silent]],
                                                ["subtype_id.name", "=", "Discussions"]]) == 0  # fmt: skip


def test_invoice_pdf_reads_the_stored_pdf_and_writes_nothing(
    client: OdooClient, made: Made, name: str, tmp_path: Path
) -> None:
    inv = made.invoice(made.partner(name), 100.0)
    before = client.read("account.move", [inv], ["access_token", "write_date"])[0]
    # No PDF stored yet: generating one is a write, so the read refuses in one sentence and sends nothing.
    no_pdf = r"has no PDF in Odoo yet: generating one is a write: invoice_pdf_generate \(approved by a person\)\."
    with pytest.raises(OdooValidationError, match=no_pdf):
        run(client, "invoice_pdf", invoice=inv)
    # What Send & Print stores (done here by the test, as a person would in Odoo).
    client.write("account.move", [inv], {"invoice_pdf_report_file": base64.b64encode(b"%PDF-1.4 test").decode()})
    stored = client.read("account.move", [inv], ["access_token", "write_date", "invoice_pdf_report_id"])[0]
    result = run(client, "invoice_pdf", invoice=inv, save_to=str(tmp_path / "invoice.pdf"))
    assert result.attachment and result.attachment.id == stored["invoice_pdf_report_id"][0]
    assert result.pdf_url.endswith(f"/web/content/{result.attachment.id}?download=true")
    assert "access_token" not in result.pdf_url + result.html_url and result.pdf_available is True
    assert (tmp_path / "invoice.pdf").read_bytes() == b"%PDF-1.4 test" and result.size_bytes == 13
    # Nothing written by the reads: the token is still what it was (none), the record untouched.
    after = client.read("account.move", [inv], ["access_token", "write_date"])[0]
    assert after == {"id": inv, "access_token": before["access_token"], "write_date": stored["write_date"]}
    assert not after["access_token"]
    with pytest.raises(NoMatchError, match="No invoice matches"):
        run(client, "invoice_pdf", invoice="INV/1999/99999")


def _sent_to(client: OdooClient, partner: int) -> int:
    """Messages, notifications and outgoing mails addressed to the partner (an e-mail to the customer leaves all)."""
    return (client.search_count("mail.message", [["partner_ids", "in", [partner]]])
            + client.search_count("mail.notification", [["res_partner_id", "=", partner]])
            + client.search_count("mail.mail", [["recipient_ids", "in", [partner]]]))  # fmt: skip


def test_invoice_pdf_generate_stores_the_pdf_without_token_or_mail(client: OdooClient, made: Made, name: str) -> None:
    partner = made.partner(name)
    inv = made.invoice(partner, 100.0)
    with pytest.raises(OdooValidationError, match=r"generating one is a write: invoice_pdf_generate"):
        run(client, "invoice_pdf", invoice=inv)
    assert settle(client, "invoice_pdf_generate", {"invoice": inv}) is None  # a lost answer: not done yet
    result = run(client, "invoice_pdf_generate", invoice=inv)
    move = client.read("account.move", [inv], ["access_token", "invoice_pdf_report_id", "is_move_sent"])[0]
    # Odoo stored the PDF, as its Send & Print does, and made no portal token and sent the customer nothing.
    assert move["invoice_pdf_report_id"] and not move["access_token"] and move["is_move_sent"] is True
    assert _sent_to(client, partner) == 0
    pdf = client.read("ir.attachment", [move["invoice_pdf_report_id"][0]], ["mimetype", "file_size", "res_id"])[0]
    assert pdf["mimetype"] == "application/pdf" and pdf["file_size"] > 1000 and pdf["res_id"] == inv
    assert result.attachment and result.attachment.id == pdf["id"] and result.created == [result.attachment]
    assert result.changed == [result.invoice.ref()] and result.invoice.id == inv
    assert result.message.startswith(f"Stored the PDF of {result.invoice.display_name} in Odoo (nothing sent")
    assert result.pdf_url.endswith(f"/web/content/{pdf['id']}?download=true") and "access_token" not in result.pdf_url
    # The read now finds it; the write again finds it and writes nothing.
    assert run(client, "invoice_pdf", invoice=inv).attachment == result.attachment
    again = run(client, "invoice_pdf_generate", invoice=inv)
    assert again.found == [result.invoice.ref(), result.attachment] and not again.created and not again.changed
    assert "already has a PDF in Odoo: nothing generated" in again.message
    settled = settle(client, "invoice_pdf_generate", {"invoice": inv})  # a lost answer is found done
    assert settled is not None and settled.attachment == result.attachment and settled.changed == result.changed
    assert client.read("account.move", [inv], ["access_token"])[0]["access_token"] is False


def test_invoice_pdf_generate_refuses_a_draft_in_one_sentence(client: OdooClient, made: Made, name: str) -> None:
    draft = made.invoice(made.partner(name), 50.0, post=False)
    with pytest.raises(OdooValidationError, match=r"^.+ is a draft: Odoo makes the PDF of a posted invoice only\.$"):
        run(client, "invoice_pdf_generate", invoice=draft)
    with use_language("fr"), pytest.raises(OdooValidationError, match=r"est un brouillon : Odoo ne fait le PDF"):
        run(client, "invoice_pdf_generate", invoice=draft)
    assert client.read("account.move", [draft], ["invoice_pdf_report_id"])[0]["invoice_pdf_report_id"] is False


def test_asking_for_a_pdf_odoo_has_not_made_yet_is_a_write_approved_first(
    client: OdooClient, made: Made, name: str, tmp_path: Path
) -> None:
    """Issue 20-3 through the graph: "send me the PDF" of an invoice without one plans Send & Print (approved,
    audited) before the read; asked again, the stored PDF is read with nothing to approve."""
    invoice = made.invoice(made.partner(name), 120.0)
    number = client.read("account.move", [invoice], ["name"])[0]["name"]
    agent = AgentSession.local(client, home=tmp_path / "home", approver="tester")
    tid = thread("pdf-first")
    plan = checked(agent.ask(f"send me the PDF of {number}", tid))
    assert [(s.tool, s.status) for s in plan.plan] == [("invoice_pdf_generate", "needs_approval"),
                                                         ("invoice_pdf", "pending")]  # fmt: skip
    assert client.read("account.move", [invoice], ["invoice_pdf_report_id"])[0]["invoice_pdf_report_id"] is False
    done = checked(agent.resume(tid, yes(plan)))
    assert done.status == "done" and "/web/content/" in done.message, done.message
    assert not client.read("account.move", [invoice], ["access_token"])[0]["access_token"]
    rows = AuditStore(tmp_path / "home" / "audit.sqlite").recent(thread_id=tid)
    assert [(r.tool, r.status, r.approver) for r in rows] == [("invoice_pdf_generate", "done", "tester")]
    again = checked(agent.ask(f"envoie-moi le PDF de la facture {number}", tid))
    assert again.status == "done" and [s.tool for s in again.plan] == ["invoice_pdf"], again.message
