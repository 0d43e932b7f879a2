"""The seed's other smart actions (odoo_tools/smart_create.py) against a real Odoo 19: look up by name, ask when
two records are close, create only what does not exist."""

from __future__ import annotations

from typing import Any

import pytest

import odoo_tools.tools  # noqa: F401 - registers every tool
from odoo_tools import OdooClient
from tests.conftest import run_tool as run
from tests.test_graph import word

pytestmark = pytest.mark.live


def _archive(client: OdooClient, model: str, domain: list[Any]) -> None:
    ids = client.search(model, domain)
    if ids:
        client.write(model, ids, {"active": False})


def test_purchase_creates_the_missing_vendor_and_product(client: OdooClient) -> None:
    w = word("test_smart_purchase")
    try:
        out = run(client, "smart_create_purchase", vendor_name=f"{w} Supplies",
                  product_lines=[{"name": f"{w} Bolt", "quantity": 20, "price_unit": 1.5}])  # fmt: skip
        assert out.status == "created" and [o.status for o in out.looked_up] == ["created", "created"]
        order = client.read("purchase.order", [out.record.id], ["partner_id", "amount_untaxed", "state"])[0]
        assert (order["partner_id"][1], order["amount_untaxed"], order["state"]) == (f"{w} Supplies", 30, "draft")
        again = run(client, "smart_create_purchase", vendor_name=f"{w} Supplies",
                    product_lines=[{"name": f"{w} Bolt", "quantity": 1}])  # fmt: skip
        assert [o.status for o in again.looked_up] == ["found", "found"]  # nothing created twice
        client.call("purchase.order", "button_cancel", [out.record.id, again.record.id])
    finally:
        _archive(client, "product.product", [["name", "=", f"{w} Bolt"]])
        _archive(client, "res.partner", [["name", "=", f"{w} Supplies"]])


def test_a_lead_for_an_ambiguous_contact_is_a_question(client: OdooClient) -> None:
    w = word("test_smart_lead")
    a = client.create("res.partner", {"name": f"{w} Trading Oslo"})
    b = client.create("res.partner", {"name": f"{w} Trading Bergen"})
    try:
        out = run(client, "smart_create_lead", contact_name=f"{w} Trading", expected_revenue=5000)
        assert out.status == "needs_input" and out.record is None and "Which one" in out.message
        made = run(client, "smart_create_lead", contact_name=f"{w} Trading Oslo", expected_revenue=5000)
        assert made.status == "created" and made.looked_up[0].status == "found"
        lead = client.read("crm.lead", [made.record.id], ["partner_id", "expected_revenue"])[0]
        assert lead["partner_id"][0] == a and lead["expected_revenue"] == 5000
        client.unlink("crm.lead", [made.record.id])
    finally:
        client.write("res.partner", [a, b], {"active": False})


def test_task_employee_and_event_by_names(client: OdooClient) -> None:
    w = word("test_smart_task")
    try:
        task = run(client, "smart_create_task", project_name=f"{w} Falcon", task_name="Kick-off", assignee="me")
        assert task.status == "created" and task.looked_up[0].status == "created"
        emp = run(client, "smart_create_employee", name=f"{w} Ada", department_name=f"{w} Lab", job_title="Chemist")
        assert [o.status for o in emp.looked_up] == ["created"] and f"(Chemist) in {w} Lab" in emp.message
        event = run(client, "smart_create_event", name=f"{w} Sync", start="2027-02-03T09:00:00",
                    attendee_names=["Marc Demo"])  # fmt: skip
        assert event.status == "created" and event.looked_up[0].status == "found"
        unknown = run(client, "smart_create_event", name=f"{w} Sync 2", start="2027-02-03T11:00:00",
                      attendee_names=[f"{w} Stranger"])  # fmt: skip
        assert unknown.status == "needs_input" and "create it" in unknown.message  # no contact made silently
    finally:
        events = client.search("calendar.event", [["name", "like", f"{w} Sync"]])
        client.unlink("calendar.event", events) if events else None
        projects = client.search("project.project", [["name", "=", f"{w} Falcon"]])
        if projects:
            client.unlink("project.task", client.search("project.task", [["project_id", "in", projects]]))
            client.unlink("project.project", projects)
        _archive(client, "hr.employee", [["name", "=", f"{w} Ada"]])
        _archive(client, "hr.department", [["name", "=", f"{w} Lab"]])
