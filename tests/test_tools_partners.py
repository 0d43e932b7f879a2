"""Partner tools and the generic read against a real Odoo 19 (cassettes; ``-m live`` for a server)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from odoo_tools import OdooAccessError, OdooClient, OdooValidationError
from odoo_tools.partners import DuplicateSuspectedError
from odoo_tools.registry import REGISTRY, ModuleMissingError
from odoo_tools.resolve import AmbiguousMatchError, NoMatchError
from odoo_tools.tools import get_tool

pytestmark = pytest.mark.live


@pytest.fixture
def company(client: OdooClient, request: pytest.FixtureRequest) -> Iterator[int]:
    """A company named after the test, archived afterwards."""
    pid = client.create("res.partner", {"name": f"Odoo-agent {request.node.name}", "is_company": True,
                                        "email": f"{request.node.name}@example.com", "city": "Lyon"})  # fmt: skip
    yield pid
    client.write("res.partner", [pid], {"active": False})


def run(client: OdooClient, name: str, args: dict[str, object]) -> object:
    return get_tool(name).run(client, args)


def test_partner_search_by_email_and_kind(client: OdooClient, company: int, request: pytest.FixtureRequest) -> None:
    out = run(client, "partner_search", {"email": f"{request.node.name}@example", "kind": "company"})
    assert [p.id for p in out.partners] == [company] and out.partners[0].city == "Lyon"
    assert out.found[0].model == "res.partner" and "1 contact" in out.message
    none = run(client, "partner_search", {"email": f"{request.node.name}@example", "kind": "person"})
    assert none.partners == [] and none.message == "No contact matches."


def test_partner_get_by_name_and_unknown(client: OdooClient, company: int, request: pytest.FixtureRequest) -> None:
    out = run(client, "partner_get", {"partner": f"odoo-agent {request.node.name}"})
    assert out.partner.id == company and out.found[0].id == company
    with pytest.raises(NoMatchError, match="No contact matches 'Xqzzvrt Nobody'"):
        run(client, "partner_get", {"partner": "Xqzzvrt Nobody"})


def test_partner_create_and_refuse_a_duplicate(client: OdooClient, request: pytest.FixtureRequest) -> None:
    name = f"Odoo-agent Fresh {request.node.name}"
    out = run(client, "partner_create", {"name": name, "email": "fresh@example.com", "country": "BE", "vendor": True})
    pid = out.created[0].id
    row = client.read("res.partner", [pid], ["name", "country_id", "supplier_rank", "is_company"])[0]
    assert row["name"] == name and row["country_id"][1] == "Belgium" and row["supplier_rank"] == 1 and row["is_company"]
    with pytest.raises(DuplicateSuspectedError, match="A similar contact already exists"):
        run(client, "partner_create", {"name": f"{name} Inc"})
    assert client.search_count("res.partner", [["name", "ilike", name]]) == 1
    client.write("res.partner", [pid], {"active": False})


def test_a_person_named_like_their_employer_is_no_duplicate(client: OdooClient, request: pytest.FixtureRequest) -> None:
    """'Priya Kovalenko' at 'Kovalenko Labs' (a family firm): the employer is not a similar contact."""
    family = "Dorusami"  # the shape that made the tool refuse: the name's tail letters are in the firm's name
    made = [client.create("res.partner", {"name": f"{family} Labs", "is_company": True})]
    person = {"name": f"Priya {family}", "is_company": False, "company": f"{family} Labs"}
    try:
        made.append(run(client, "partner_create", person).created[0].id)
        row = client.read("res.partner", [made[1]], ["parent_id", "is_company"])[0]
        assert row["parent_id"][0] == made[0] and not row["is_company"]
        # Another person of the same name at the same firm is still a similar contact.
        with pytest.raises(DuplicateSuspectedError, match="A similar contact already exists: Dorusami Labs, Priya"):
            run(client, "partner_create", person)
    finally:
        client.write("res.partner", made, {"active": False})


def test_partner_update_allowed_fields_only(client: OdooClient, company: int) -> None:
    out = run(client, "partner_update", {"partner": company, "changes": {"phone": "+32 2 555 01 01", "city": "Gent"}})
    assert out.changed[0].id == company and out.partner.city == "Gent" and out.partner.phone == "+32 2 555 01 01"
    with pytest.raises(ValueError, match=r"changes.name\n  Extra inputs are not permitted"):
        run(client, "partner_update", {"partner": company, "changes": {"name": "Renamed"}})


def test_partner_tag_creates_missing_tags(client: OdooClient, company: int, request: pytest.FixtureRequest) -> None:
    tag = f"odoo-agent {request.node.name}"
    out = run(client, "partner_tag", {"partner": company, "tags": [tag]})
    assert len(out.created) == 1 and out.partner.tags == [out.created[0].id]
    again = run(client, "partner_tag", {"partner": company, "tags": [tag.upper()]})
    assert again.created == [] and again.partner.tags == out.partner.tags  # matched, not duplicated
    client.unlink("res.partner.category", [out.created[0].id])


def test_partner_archive_hides_a_contact_and_refuses_a_companys_own(
    client: OdooClient, company: int, request: pytest.FixtureRequest
) -> None:
    out = run(client, "partner_archive", {"partner": f"Odoo-agent {request.node.name}"})
    assert out.changed[0].id == company and out.message.startswith("Archived Odoo-agent")
    assert client.search_count("res.partner", [["id", "=", company]]) == 0  # hidden from searches
    assert client.read("res.partner", [company], ["active"]) == [{"id": company, "active": False}]
    own = client.read("res.company", [1], ["partner_id"])[0]["partner_id"][0]
    with pytest.raises(OdooValidationError, match="company's or a user's own contact"):
        run(client, "partner_archive", {"partner": own})
    assert client.read("res.partner", [own], ["active"]) == [{"id": own, "active": True}]


def test_ambiguous_partner_is_never_picked(client: OdooClient, request: pytest.FixtureRequest) -> None:
    name = f"Odoo-agent Twin {request.node.name}"
    ids = client.create_many("res.partner", [{"name": name, "city": "Bergen"}, {"name": name, "city": "Oslo"}])
    with pytest.raises(AmbiguousMatchError) as err:
        run(client, "partner_update", {"partner": name, "changes": {"phone": "1"}})
    assert {c.record.id for c in err.value.resolution.candidates} == set(ids)
    assert client.read("res.partner", ids, ["phone"]) == [{"id": i, "phone": False} for i in ids]
    client.write("res.partner", ids, {"active": False})


def test_generic_read_allowed_and_refused(client: OdooClient) -> None:
    out = run(client, "generic_read", {"model": "sale.order", "domain": [["state", "=", "sale"]],
                                       "fields": ["name", "amount_total"], "limit": 2})  # fmt: skip
    assert len(out.rows) == 2 and out.total >= 2 and set(out.rows[0]) == {"id", "name", "amount_total"}
    emp = run(client, "generic_read", {"model": "hr.employee", "fields": ["name", "job_title"], "limit": 1})
    assert emp.rows and set(emp.rows[0]) == {"id", "name", "job_title"}
    for model in ("res.users", "res.users.apikeys", "ir.config_parameter", "ir.model.data"):
        with pytest.raises(OdooAccessError, match="not allowed"):
            run(client, "generic_read", {"model": model})
    with pytest.raises(OdooAccessError, match="private"):
        run(client, "generic_read", {"model": "hr.employee", "fields": ["name", "private_street"]})
    with pytest.raises(OdooAccessError, match="private"):
        run(client, "generic_read", {"model": "hr.employee", "domain": [["birthday", "!=", False]]})


def test_a_tool_needing_a_missing_app_says_so(client: OdooClient) -> None:
    # helpdesk is Enterprise-only: not installed on the recording server.
    tool = REGISTRY["partner_search"]
    missing = type(tool)(tool.name, tool.domain, tool.risk, ("helpdesk",), tool.fn, tool.input_model, tool.output_model)
    with pytest.raises(ModuleMissingError) as err:
        missing.run(client, {})
    assert str(err.value).startswith("partner_search needs Helpdesk (helpdesk), which is not installed on this Odoo.")
