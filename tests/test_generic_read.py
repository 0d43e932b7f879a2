"""The generic read's guard: every path of fields, order and domain (pure logic), and its Odoo side (cassettes)."""

from __future__ import annotations

from typing import Any

import pytest

from odoo_tools import OdooClient
from odoo_tools.client.errors import OdooAccessError, OdooValidationError
from odoo_tools.generic import MAX_LIMIT, ReadCheck, check_read
from odoo_tools.policy import Policy
from tests.conftest import run_tool

# A static stand-in for fields_get: only the relations the walker follows (no Odoo needed).
RELATIONS = {
    "hr.department": {"member_ids": "hr.employee", "manager_id": "hr.employee", "company_id": "res.company"},
    "hr.employee": {"version_id": "hr.version", "user_id": "res.users", "parent_id": "hr.employee",
                    "department_id": "hr.department"},
    "res.partner": {"employee_ids": "hr.employee", "user_ids": "res.users", "country_id": "res.country",
                    "child_ids": "res.partner", "name": None},
    "sale.order": {"partner_id": "res.partner", "user_id": "res.users", "order_line": "sale.order.line"},
    "sale.order.line": {"product_id": "product.product"},
}  # fmt: skip


class FakeFields:
    """Answers fields_get from RELATIONS and counts the calls."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def fields_get(self, model: str) -> dict[str, dict[str, Any]]:
        self.calls.append(model)
        return {f: {"type": "many2one" if r else "char", "relation": r} for f, r in RELATIONS.get(model, {}).items()}


def check(model: str, domain: list[Any], fields: list[str] | None = None, order: str | None = None) -> FakeFields:
    fake = FakeFields()
    ReadCheck(fake).read(model, fields or ["display_name"], domain, order)  # type: ignore[arg-type]
    return fake


@pytest.mark.parametrize(
    ("model", "domain", "fields", "order"),
    [
        ("hr.department", [["member_ids.ssnid", "like", "SSN-123"]], None, None),  # the red-team's oracle
        ("res.partner", [["employee_ids.private_email", "!=", False]], None, None),
        ("hr.employee", [], None, "ssnid desc"),
        ("hr.employee", [], None, "name, birthday desc"),
        ("hr.employee", [], ["name", "private_street"], None),
        ("hr.employee", [["birthday", "!=", False]], None, None),
        ("hr.department", [["member_ids", "any", [["ssnid", "like", "SSN"]]]], None, None),
        ("hr.department", [["member_ids", "not any", [["private_email", "=", False]]]], None, None),
        ("res.partner", [["child_ids", "any", [["employee_ids", "any", [["ssnid", "=", "x"]]]]]], None, None),
        ("hr.department", ["|", [["name", "=", "a"]], ["&", ["member_ids.ssnid", "=", "x"], ["id", ">", 0]]], None,
         None),
        ("hr.department", [("member_ids.version_id.ssnid", "=", "x")], None, None),
        ("hr.department", [["member_ids", "any!", [["ssnid", "like", "SSN"]]]], None, None),
        ("hr.department", [["member_ids", "NOT ANY!", [["private_email", "=", False]]]], None, None),
    ],
)  # fmt: skip
def test_a_path_to_a_private_field_is_refused(model: str, domain: list[Any], fields: list[str] | None,
                                               order: str | None) -> None:  # fmt: skip
    with pytest.raises(OdooAccessError, match=r"private|not allowed") as err:
        check(model, domain, fields, order)
    assert str(err.value).count(".") >= 1 and "\n" not in str(err.value)


@pytest.mark.parametrize(
    ("model", "domain"),
    [
        ("res.partner", [["user_ids.login", "=", "admin"]]),
        ("sale.order", [["user_id", "any", [["login", "=", "admin"]]]]),
        ("hr.employee", [["user_id.name", "=", "x"]]),
        ("hr.employee", [["version_id.ssnid", "=", "x"]]),
        ("res.users", []),
        ("hr.version", []),
    ],
)
def test_a_path_to_a_refused_model_is_refused(model: str, domain: list[Any]) -> None:
    with pytest.raises(OdooAccessError, match=r"private|not allowed"):
        check(model, domain)


def test_public_paths_pass_and_one_step_paths_cost_no_round_trip() -> None:
    assert check("sale.order", [["state", "=", "sale"]], ["name", "amount_total"], "date_order desc").calls == []
    assert check("hr.employee", [["department_id", "=", 3]], ["name", "job_title"], "name").calls == []
    fake = check("hr.department", [["member_ids.name", "ilike", "Ann"], ["manager_id.department_id.name", "=", "x"]])
    assert fake.calls == ["hr.department", "hr.department", "hr.employee"]
    check("sale.order", ["|", ["partner_id.country_id.code", "=", "BE"],
                         ["order_line", "any", [["product_id", "=", 4]]], (1, "=", 1)])  # fmt: skip


@pytest.mark.parametrize(
    "domain",
    [
        "state = sale",
        [["partner_id..name", "=", "x"]],
        [["partner_id.name.x", "=", "x"]],
        [[3, "=", "x"]],
        [None],
        ["member_ids"],
    ],
)
def test_a_malformed_domain_is_one_sentence(domain: Any) -> None:
    with pytest.raises(OdooValidationError, match=r"^The domain is not valid: "):
        check("sale.order", domain)


def test_without_a_connection_a_dotted_path_is_refused() -> None:
    check_read("sale.order", ["name"], [["state", "=", "sale"]])
    with pytest.raises(OdooValidationError):
        check_read("sale.order", ["name"], [["partner_id.name", "=", "x"]])


def test_the_limit_cap_is_the_policys_bulk_max() -> None:
    assert Policy.load().config.bulk_max == MAX_LIMIT


# Odoo: recorded against a real Odoo 19 (tests/README.md); `-m live` runs them against ODOO_URL.


@pytest.mark.live
def test_the_ssn_oracle_is_refused_before_anything_is_sent(client: OdooClient) -> None:
    for args in (
        {"model": "hr.department", "domain": [["member_ids.ssnid", "like", "SSN-123"]]},
        {"model": "res.partner", "domain": [["employee_ids.private_email", "!=", False]]},
        {"model": "hr.employee", "order": "ssnid desc"},
        {"model": "hr.department", "domain": [["member_ids", "any", [["ssnid", "like", "SSN"]]]]},
    ):
        with pytest.raises(OdooAccessError, match="private"):
            run_tool(client, "generic_read", **args)
    # A public path through the same relation still works, read through hr.employee.public.
    out = run_tool(client, "generic_read", model="hr.department", domain=[["member_ids.name", "!=", False]],
                   fields=["name"], limit=1)  # fmt: skip
    assert out.rows
    emp = run_tool(client, "generic_read", model="hr.employee", fields=["name", "job_title"], order="name", limit=1)
    assert emp.rows and set(emp.rows[0]) == {"id", "name", "job_title"}


@pytest.mark.live
def test_the_limit_is_capped_at_the_policys_bulk_max(client: OdooClient) -> None:
    out = run_tool(client, "generic_read", model="stock.move", fields=["reference"], order="id", limit=150)
    assert len(out.rows) == MAX_LIMIT < out.total
    assert out.message.endswith(f"; the limit is capped at {MAX_LIMIT}.")
