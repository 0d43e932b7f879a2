"""CRM tools against a real Odoo 19: create a lead/opportunity, move its stage, won/lost, pipeline, lists.

Each test names what it creates after itself and deletes it at teardown.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

import odoo_tools.crm  # noqa: F401 - registers the tools
from odoo_tools import OdooClient
from odoo_tools.client.clock import get_clock
from odoo_tools.client.errors import OdooValidationError
from odoo_tools.client.idempotency import XMLID_MODULE, derive_key
from tests.conftest import run_tool as run

pytestmark = pytest.mark.live


@pytest.fixture
def leads(client: OdooClient) -> Iterator[list[int]]:
    """Leads a test made, deleted afterwards (archived ones included)."""
    made: list[int] = []
    yield made
    if made:
        client.execute("crm.lead", "unlink", made, context={"active_test": False})
    keys = client.search("ir.model.data", [["module", "=", XMLID_MODULE], ["model", "=", "crm.lead"]])
    if keys:
        client.unlink("ir.model.data", keys)


def _row(client: OdooClient, lead: int) -> dict[str, Any]:
    fields = ["type", "partner_name", "partner_id", "email_from", "expected_revenue", "stage_id", "probability",
              "active", "won_status", "lost_reason_id"]  # fmt: skip
    return client.execute("crm.lead", "read", [lead], fields=fields, context={"active_test": False})[0]


def test_an_opportunity_is_created_in_the_pipeline(client: OdooClient, leads: list[int]) -> None:
    key = derive_key(f"lead-{get_clock().now():%Y%m%d%H%M%S}", 1)  # fresh per recording: keys live in the record
    out = run(client, "lead_create", contact="Rocky Tests Ltd", email="rocky@example.com", expected_revenue=50000,
              idempotency_key=key)  # fmt: skip
    leads.append(out.lead.id)
    row = _row(client, out.lead.id)
    assert row["type"] == "opportunity" and row["partner_name"] == "Rocky Tests Ltd" and not row["partner_id"]
    assert row["email_from"] == "rocky@example.com" and row["expected_revenue"] == 50000
    assert out.lead.stage == "New" and out.created[0].model == "crm.lead"
    assert "Created opportunity Rocky Tests Ltd opportunity (stage New, 50,000.00)" in out.message
    again = run(client, "lead_create", contact="Rocky Tests Ltd", email="rocky@example.com", expected_revenue=50000,
                idempotency_key=key)  # fmt: skip
    assert again.lead.id == out.lead.id  # a retried create finds the first one


def test_a_lead_for_an_existing_contact_is_linked_to_it(client: OdooClient, leads: list[int]) -> None:
    partner = client.search("res.partner", [["name", "=", "Gemini Furniture"]])[0]
    out = run(client, "lead_create", contact="Gemini Furniture", kind="lead")
    leads.append(out.lead.id)
    row = _row(client, out.lead.id)
    assert row["partner_id"][0] == partner
    # This database has leads turned off in the CRM settings: a lead would be invisible.
    assert row["type"] == "opportunity" and "leads are turned off" in out.message


def test_a_lead_needs_something_to_go_on(client: OdooClient) -> None:
    with pytest.raises(OdooValidationError, match="at least a contact, an email or a title"):
        run(client, "lead_create", expected_revenue=10)


def test_stages_are_matched_by_what_people_call_them(client: OdooClient, leads: list[int]) -> None:
    lead = run(client, "lead_create", contact="Stage Mover Tests").lead.id
    leads.append(lead)
    moved = run(client, "lead_set_stage", lead=f"#{lead}", stage="Qualified")
    assert moved.lead.stage == "Qualified" and "from New to Qualified" in moved.message
    assert run(client, "lead_set_stage", lead=lead, stage="proposal").lead.stage == "Proposition"
    assert _row(client, lead)["stage_id"][1] == "Proposition"
    with pytest.raises(OdooValidationError, match="no CRM stage 'negotiation'; the CRM stages are: New, Qualified"):
        run(client, "lead_set_stage", lead=lead, stage="negotiation")


def test_won_and_lost_go_through_odoos_actions(client: OdooClient, leads: list[int]) -> None:
    won = run(client, "lead_create", contact="Winner Tests", expected_revenue=1000).lead.id
    lost = run(client, "lead_create", contact="Loser Tests", expected_revenue=2000).lead.id
    leads.extend([won, lost])
    assert "is won (Won)" in run(client, "lead_mark_won", lead=won).message
    row = _row(client, won)
    assert row["probability"] == 100 and row["stage_id"][1] == "Won" and row["won_status"] == "won"
    run(client, "lead_mark_lost", lead=lost, reason="too expensive")
    row = _row(client, lost)
    assert not row["active"] and row["won_status"] == "lost" and row["lost_reason_id"][1] == "Too expensive"


def test_pipeline_summary_is_one_grouped_read(client: OdooClient, leads: list[int]) -> None:
    lead = run(client, "lead_create", contact="Pipeline Tests", expected_revenue=12345).lead.id
    leads.append(lead)
    calls = client.stats.count
    out = run(client, "pipeline_summary")
    assert client.stats.count - calls == 1
    expected = client.search_count("crm.lead", [["type", "=", "opportunity"], ["probability", "<", 100]])
    assert out.count == expected == sum(s.count for s in out.stages)
    new = next(s for s in out.stages if s.stage == "New")
    assert new.expected_revenue >= 12345 and out.weighted_revenue <= out.expected_revenue
    assert out.message.startswith(f"Pipeline: {expected} open opportunities")


def test_leads_at_a_stage(client: OdooClient, leads: list[int]) -> None:
    lead = run(client, "lead_create", contact="Proposal Stage Tests", expected_revenue=777).lead.id
    leads.append(lead)
    run(client, "lead_set_stage", lead=lead, stage="Proposition")
    out = run(client, "leads_list", stage="proposal")
    assert lead in [x.id for x in out.leads] and all(x.stage == "Proposition" for x in out.leads)
    assert "at stage Proposition" in out.message
