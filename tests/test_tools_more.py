"""Calendar, fleet, eCommerce and helpdesk tools against a real Odoo 19 (Community: no Helpdesk app).

Each test names what it creates after itself and removes or archives it at teardown.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

import odoo_tools.tools  # noqa: F401 - registers every tool
from odoo_tools import OdooClient
from odoo_tools.client.clock import get_clock
from odoo_tools.client.errors import OdooValidationError
from tests.conftest import run_tool as run
from tests.test_graph import word

pytestmark = pytest.mark.live


def test_an_event_at_a_local_time_with_attendees(client: OdooClient) -> None:
    name = f"{word('test_event')} Standup"
    start = datetime(2027, 1, 12, 10, 0)  # local (UTC here: the recording's timezone)
    try:
        out = run(client, "event_create", name=name, start=start.isoformat(), duration_hours=1.5,
                  attendees=["Marc Demo"])  # fmt: skip
        row = client.read("calendar.event", [out.event.id], ["start", "stop", "partner_ids"])[0]
        assert (row["start"], row["stop"]) == ("2027-01-12 10:00:00", "2027-01-12 11:30:00")
        assert "Marc Demo" in out.event.attendees and "Mitchell Admin" in out.event.attendees
        assert out.message.startswith(f"Scheduled {name} (2027-01-12 10:00–11:30) with ")
        listed = run(client, "events_list", day=date(2027, 1, 12).isoformat())
        assert out.event.id in [e.id for e in listed.events]
        assert out.event.id not in [e.id for e in run(client, "events_list", day="2027-01-13").events]
    finally:
        events = client.search("calendar.event", [["name", "=", name]])
        client.unlink("calendar.event", events) if events else None


def test_a_vehicle_odometer_and_search(client: OdooClient) -> None:
    plate = f"T-{word('test_vehicle')[:6].upper()}"
    try:
        out = run(client, "vehicle_create", model="Tesla Model 3", plate=plate, color="Blue")
        assert out.vehicle.name.endswith(f"/{plate}") and out.vehicle.model and "Model 3" in out.vehicle.model
        assert "added to the catalogue" in out.message  # the demo data has no Tesla
        logged = run(client, "odometer_log", vehicle=plate, value=50000)
        assert logged.vehicle.odometer == 50000
        with pytest.raises(OdooValidationError, match="would go backwards"):
            run(client, "odometer_log", vehicle=plate, value=100)
        blue = run(client, "vehicles_search", color="blue")
        assert out.vehicle.id in [v.id for v in blue.vehicles]
        with pytest.raises(OdooValidationError, match="as 'Brand Model'"):
            run(client, "vehicle_create", model="Roadster")
    finally:
        vehicles = client.search("fleet.vehicle", [["license_plate", "=", plate]])
        if vehicles:
            odometers = client.search("fleet.vehicle.odometer", [["vehicle_id", "in", vehicles]])
            client.unlink("fleet.vehicle.odometer", odometers) if odometers else None
            client.unlink("fleet.vehicle", vehicles)
        models = client.search("fleet.vehicle.model", [["name", "=", "Model 3"], ["brand_id.name", "=", "Tesla"]])
        client.unlink("fleet.vehicle.model", models) if models else None
        brands = client.search("fleet.vehicle.model.brand", [["name", "=", "Tesla"]])
        client.unlink("fleet.vehicle.model.brand", brands) if brands else None


def test_services_due_and_costs(client: OdooClient) -> None:
    due = run(client, "vehicles_search", service_due=True)
    services = client.search_read("fleet.vehicle.log.services", [["state", "in", ["new", "running"]]], ["vehicle_id"])
    assert {v.id for v in due.vehicles} == {s["vehicle_id"][0] for s in services}
    costs = run(client, "fleet_costs", period="this_year")
    start = date(get_clock().today().year, 1, 1).isoformat()
    rows = client.search_read("fleet.vehicle.log.services", [["date", ">=", start], ["state", "!=", "cancelled"],
                                                             ["date", "<=", get_clock().today().isoformat()]],
                              ["amount"])  # fmt: skip
    assert costs.total == pytest.approx(sum(r["amount"] for r in rows))


def test_website_orders_and_revenue(client: OdooClient) -> None:
    orders = run(client, "website_orders", period="this_year")
    expected = client.search_count("sale.order", [["website_id", "!=", False], ["state", "=", "sale"]])
    assert orders.count <= expected
    revenue = run(client, "website_revenue")
    assert revenue.orders == expected and revenue.total >= revenue.untaxed >= 0
    assert revenue.message.startswith("Website revenue, all time: ")


def test_a_ticket_without_helpdesk_becomes_a_support_task(client: OdooClient) -> None:
    subject = f"{word('test_ticket')} printer jam"
    try:
        out = run(client, "ticket_create", subject=subject, customer="Gemini Furniture")
        assert out.backend == "project" and out.ticket.model == "project.task"
        row = client.read("project.task", [out.ticket.id], ["project_id", "partner_id"])[0]
        assert row["project_id"][1] == "Support" and row["partner_id"][1] == "Gemini Furniture"
        assert out.message.startswith(f"Helpdesk is not installed: opened {subject} as a task of the Support project")
    finally:
        tasks = client.search("project.task", [["name", "=", subject]])
        client.unlink("project.task", tasks) if tasks else None
