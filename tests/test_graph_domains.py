"""One chained flow per business domain through the whole graph (parse → resolve → plan → approve → execute).

Recorded against the loopback Odoo 19 like test_graph.py; each test names what it creates after
itself and removes it afterwards.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from agent.session import AgentSession
from odoo_tools import OdooClient
from odoo_tools.client.compat import product_kind_vals
from odoo_tools.client.idempotency import XMLID_MODULE
from tests.test_graph import World, checked, thread, word, yes

pytestmark = pytest.mark.live


@pytest.fixture
def tid(request: pytest.FixtureRequest, client: OdooClient) -> str:
    return thread(request.node.name.removeprefix("test_")[:24])


@pytest.fixture
def world(client: OdooClient, request: pytest.FixtureRequest) -> Iterator[World]:
    w = World(client, request.node.name)
    yield w
    mine = ["|", ["partner_name", "=like", f"{w.name}%"], ["partner_id", "in", w.partners]]
    leads = [r["id"] for r in client.search_read("crm.lead", mine, ["id"], context={"active_test": False})]
    if leads:
        client.execute("crm.lead", "unlink", sorted(set(leads)), context={"active_test": False})
    keys = client.search("ir.model.data", [["module", "=", XMLID_MODULE], ["model", "=", "crm.lead"]])
    if keys:
        client.unlink("ir.model.data", keys)
    w.cleanup()


def test_crm_opportunity_then_stage_then_won(tid: str, world: World, client: OdooClient, tmp_path: Path) -> None:
    customer = world.partner()
    agent = AgentSession.local(client, home=tmp_path / "home", approver="tester")
    made = checked(agent.ask(f"Create an opportunity for {customer} with $12k expected value", tid))
    assert made.status == "done" and [(s.tool, s.status) for s in made.plan] == [("lead_create", "done")]
    lead = next(r.id for r in made.records if r.model == "crm.lead")
    row = client.read("crm.lead", [lead], ["type", "partner_id", "expected_revenue", "stage_id"])[0]
    assert row["type"] == "opportunity" and row["partner_id"][1] == customer and row["expected_revenue"] == 12000

    moved = checked(agent.ask("move the opportunity to Qualified", tid))  # "the opportunity": the one just made
    assert moved.status == "done" and moved.plan[0].args == {"lead": lead, "stage": "Qualified"}
    assert client.read("crm.lead", [lead], ["stage_id"])[0]["stage_id"][1] == "Qualified"

    won = checked(agent.ask("mark the opportunity as won", tid))
    assert won.status == "done" and won.plan[0].tool == "lead_mark_won"
    row = client.read("crm.lead", [lead], ["probability", "stage_id"])[0]
    assert row["probability"] == 100 and row["stage_id"][1] == "Won"

    pipeline = checked(agent.ask("show me the pipeline", tid))
    assert pipeline.status == "done" and pipeline.plan[0].tool == "pipeline_summary"
    assert pipeline.message.startswith("Pipeline: ")


def test_purchase_rfq_then_confirm_then_receive(tid: str, world: World, client: OdooClient, tmp_path: Path) -> None:
    vendor = world.partner(" Supplies")
    kind = product_kind_vals(client.fields_get("product.product"), "storable")
    bolt = f"{world.name} Bolt"
    world.products.append(client.create("product.product", {"name": bolt, "standard_price": 3.0, **kind}))
    agent = AgentSession.local(client, home=tmp_path / "home", approver="tester")
    asked = checked(agent.ask(f"create a PO for 5 {bolt} from {vendor}, confirm it and receive it", tid))
    assert asked.status == "needs_approval"
    assert [(s.tool, s.status) for s in asked.plan] == [
        ("rfq_create", "done"),
        ("purchase_confirm", "needs_approval"),
        ("purchase_receive", "pending"),
    ]
    assert "Needs your approval: Confirm the purchase order" in asked.message
    assert f"5 × {bolt} at 3.00 = 15.00" in asked.message  # the person sees what is bought before approving
    order = next(r.id for r in asked.records if r.model == "purchase.order")
    world.purchases.append(order)

    done = checked(agent.resume(tid, yes(asked)))
    assert done.status == "done" and [s.status for s in done.plan] == ["done", "done", "done"]
    row = client.read("purchase.order", [order], ["state", "receipt_status", "amount_untaxed"])[0]
    assert (row["state"], row["receipt_status"], row["amount_untaxed"]) == ("purchase", "full", 15.0)
    assert client.read("product.product", [world.products[-1]], ["qty_available"])[0]["qty_available"] == 5

    late = checked(agent.ask(f"which purchase orders from {vendor} are pending?", tid))
    assert late.status == "done" and late.plan[0].tool == "purchases_list"
    assert late.plan[0].args == {"state": "pending", "vendor": world.partners[0]}


def test_project_then_task_then_timesheet_then_status(tid: str, client: OdooClient, tmp_path: Path) -> None:
    name = f"{word('test_project_then_task')} Apollo"
    agent = AgentSession.local(client, home=tmp_path / "home", approver="tester")
    try:
        made = checked(agent.ask(f"Create a project called {name}", tid))
        assert made.status == "done" and made.plan[0].tool == "project_create"
        task = checked(agent.ask(f"Create a task 'Draft the plan' in {name} project, assigned to me", tid))
        assert task.status == "done" and task.plan[0].args["assignee"] == "me"
        task_id = next(r.id for r in task.records if r.model == "project.task")
        logged = checked(agent.ask(f"Log 3 hours of work on task #{task_id}", tid))
        assert logged.status == "done" and "Logged 3 h on Draft the plan" in logged.message
        moved = checked(agent.ask(f"move task #{task_id} to Done", tid))
        assert moved.status == "done"
        assert client.read("project.task", [task_id], ["stage_id"])[0]["stage_id"][1] == "Done"
        status = checked(agent.ask(f"What's the status of the {name} project?", tid))
        assert status.status == "done" and "3 h spent" in status.message
    finally:
        projects = client.search("project.project", [["name", "=", name]])
        if projects:
            lines = client.search("account.analytic.line", [["project_id", "in", projects]])
            client.unlink("account.analytic.line", lines) if lines else None
            tasks = client.search("project.task", [["project_id", "in", projects]])
            client.unlink("project.task", tasks) if tasks else None
            client.unlink("project.project", projects)


def test_hr_department_employee_list_expense(tid: str, client: OdooClient, tmp_path: Path) -> None:
    team = f"{word('test_hr_department')} Engineering"
    person = f"John {word('test_hr_employee')}"
    agent = AgentSession.local(client, home=tmp_path / "home", approver="tester")
    try:
        dept = checked(agent.ask(f"Create department {team}", tid))
        assert dept.status == "done" and dept.plan[0].tool == "department_create"
        hired = checked(agent.ask(f"Create employee {person}, job title Developer, in {team} department", tid))
        assert hired.status == "done" and {k: v for k, v in hired.plan[0].args.items() if k != "idempotency_key"} == {
            "name": person,
            "job_title": "Developer",
            "department": team,
            "create_department": False,
        }
        listed = checked(agent.ask(f"Show me all employees in {team}", tid))
        assert listed.status == "done" and f"1 employee(s) in {team}: {person} (Developer)." in listed.message
        expense = checked(agent.ask(f"submit an expense of $12.50 for {team} taxi", tid))
        assert expense.status == "needs_approval" and expense.plan[0].tool == "expense_create"
        filed = checked(agent.resume(tid, yes(expense)))
        assert filed.status == "done" and "12.50" in filed.message
        pending = checked(agent.ask("What are the pending leave requests?", tid))
        assert pending.status == "done" and pending.plan[0].tool == "leaves_pending"
    finally:
        emps = client.search("hr.employee", [["name", "=", person]])
        client.write("hr.employee", emps, {"active": False}) if emps else None
        depts = client.search("hr.department", [["name", "=", team]])
        client.write("hr.department", depts, {"active": False}) if depts else None
        drafts = client.search("hr.expense", [["name", "like", team], ["state", "in", ["draft", "submitted"]]])
        client.unlink("hr.expense", drafts) if drafts else None


def test_manufacturing_bom_then_mo_confirmed_and_finished(tid: str, client: OdooClient, tmp_path: Path) -> None:
    name = word("test_manufacturing_bom")
    kind = product_kind_vals(client.fields_get("product.product"), "storable")
    parts = [client.create("product.product", {"name": f"{name} {p}", **kind}) for p in ("Sprocket", "Gear")]
    stock = client.read("stock.warehouse", client.search("stock.warehouse", [], limit=1, order="id"),
                        ["lot_stock_id"])[0]["lot_stock_id"][0]  # fmt: skip
    for pid in parts:
        client.create("stock.quant", {"product_id": pid, "location_id": stock, "inventory_quantity": 100})
    client.call("stock.quant", "action_apply_inventory", client.search("stock.quant", [["product_id", "in", parts]]))
    agent = AgentSession.local(client, home=tmp_path / "home", approver="tester")
    try:
        bom = checked(agent.ask(f"Create BOM: {name} Gizmo contains 3 {name} Sprocket and 2 {name} Gear, "
                                "create the product if missing", tid))  # fmt: skip
        assert bom.status == "done" and bom.plan[0].args["create_product"] is True
        made = checked(agent.ask(f"produce 4 {name} Gizmo, confirm it and finish it", tid))
        assert made.status == "done"
        assert [(s.tool, s.status) for s in made.plan] == [
            ("production_create", "done"),
            ("production_confirm", "done"),
            ("production_finish", "done"),
        ]
        mo = next(r.id for r in made.records if r.model == "mrp.production")
        row = client.read("mrp.production", [mo], ["state", "qty_produced", "name"])[0]
        assert (row["state"], row["qty_produced"]) == ("done", 4)
        status = checked(agent.ask(f"What's the status of {row['name']}?", tid))
        assert status.status == "done" and status.message.startswith(f"{row['name']}: 4 × ")
    finally:
        boms = client.search("mrp.bom", [["product_tmpl_id.name", "=like", f"{name}%"]])
        client.write("mrp.bom", boms, {"active": False}) if boms else None
        products = client.search("product.product", [["name", "=like", f"{name}%"]])
        client.write("product.product", products, {"active": False}) if products else None


def test_calendar_fleet_website_and_ticket(tid: str, world: World, client: OdooClient, tmp_path: Path) -> None:
    agent = AgentSession.local(client, home=tmp_path / "home", approver="tester")
    name, plate = f"{world.name} Standup", f"T-{world.name[:6].upper()}"
    try:
        event = checked(agent.ask(f"Create meeting: {name}, tomorrow at 10am, 1 hour", tid))
        assert event.status == "done" and event.plan[0].tool == "event_create"
        listed = checked(agent.ask("What events do I have tomorrow?", tid))
        assert listed.status == "done" and name in listed.message

        car = checked(agent.ask(f"Create vehicle: Tesla Model 3, license plate {plate}", tid))
        assert car.status == "done"
        vehicle = next(r.id for r in car.records if r.model == "fleet.vehicle")
        odo = checked(agent.ask(f"Log odometer reading: 1,200 km for vehicle #{vehicle}", tid))
        assert odo.status == "done" and client.read("fleet.vehicle", [vehicle], ["odometer"])[0]["odometer"] == 1200

        product = world.product()
        shown = checked(agent.ask(f"Publish {product} to the website", tid))
        assert shown.status == "done" and shown.plan[0].tool == "product_publish"
        revenue = checked(agent.ask("What's my website revenue?", tid))
        assert revenue.status == "done" and revenue.message.startswith("Website revenue, all time: ")

        ticket = checked(agent.ask(f"open a support ticket for {world.partner()}: printer jam", tid))
        assert ticket.status == "done" and "Support project" in ticket.message
    finally:
        events = client.search("calendar.event", [["name", "=", name]])
        client.unlink("calendar.event", events) if events else None
        cars = client.search("fleet.vehicle", [["license_plate", "=", plate]])
        if cars:
            odometers = client.search("fleet.vehicle.odometer", [["vehicle_id", "in", cars]])
            client.unlink("fleet.vehicle.odometer", odometers) if odometers else None
            client.unlink("fleet.vehicle", cars)
        # The catalogue entries go only when no other vehicle (a live database's earlier runs) uses them.
        models = client.search("fleet.vehicle.model", [["name", "=", "Model 3"], ["brand_id.name", "=", "Tesla"]])
        used = models and client.search_read("fleet.vehicle", [["model_id", "in", models]], ["id"],
                                             context={"active_test": False})  # fmt: skip
        if models and not used:
            client.unlink("fleet.vehicle.model", models)
            brands = client.search("fleet.vehicle.model.brand", [["name", "=", "Tesla"], ["model_ids", "=", False]])
            client.unlink("fleet.vehicle.model.brand", brands) if brands else None
        tasks = client.search("project.task", [["name", "=", "printer jam"]])
        client.unlink("project.task", tasks) if tasks else None
