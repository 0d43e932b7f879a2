"""How each write tool's lost answer is settled (``odoo_tools/settling.py``): one row per write tool, each
row checked against the tool it names. No Odoo involved: the rows' reading of a record is tested on rows
shaped as Odoo 19 returns them; the live settling goes through the fault proxy in test_unknown_outcomes.py."""

from __future__ import annotations

import re
from typing import Any

import pytest

from odoo_tools.client.idempotency import FIELD_SLOTS
from odoo_tools.i18n import entry, use_language
from odoo_tools.outcomes import CREATED_BY, _shows, settle
from odoo_tools.registry import Risk
from odoo_tools.settling import SETTLING, CannotTell, Filled, Holds, Invoiced, Keyed, State
from odoo_tools.tools import REGISTRY

WRITES = sorted(name for name, tool in REGISTRY.items() if tool.risk != Risk.READ)


def test_every_write_tool_has_one_row_and_every_row_a_write_tool() -> None:
    assert sorted(SETTLING) == WRITES


@pytest.mark.parametrize("tool", WRITES)
def test_each_row_names_what_its_tool_takes(tool: str) -> None:
    rule, fields = SETTLING[tool], REGISTRY[tool].input_model.model_fields
    if isinstance(rule, Keyed):  # the key must have a slot inside the record, or a lost create leaves no trace
        assert "idempotency_key" in fields and rule.model in FIELD_SLOTS and CREATED_BY[tool] == rule.model
    elif isinstance(rule, State | Filled | Invoiced):
        assert rule.arg in fields
    elif isinstance(rule, Holds):
        assert rule.arg in fields and set(rule.fields.values()) <= set(fields)
    else:
        assert isinstance(rule, CannotTell) and all(entry(rule.why))


@pytest.mark.parametrize("tool", [n for n in WRITES if isinstance(SETTLING[n], CannotTell)])
def test_a_tool_odoo_cannot_tell_stays_unknown_and_says_why(tool: str) -> None:
    rule = SETTLING[tool]
    assert isinstance(rule, CannotTell)
    with pytest.raises(LookupError, match=re.escape(entry(rule.why).en)):
        settle(None, tool, {})  # type: ignore[arg-type]  # asks Odoo nothing
    with use_language("fr"), pytest.raises(LookupError, match=re.escape(entry(rule.why).fr)):
        settle(None, tool, {})  # type: ignore[arg-type]


# (tool, the field's value once the write landed, a value before it)
STATES: list[tuple[str, Any, Any]] = [
    ("order_confirm", "sale", "draft"),
    ("purchase_confirm", "purchase", "draft"),
    ("invoice_post", "posted", "draft"),
    ("order_cancel", "cancel", "draft"),
    ("partner_archive", False, True),
    ("lead_mark_won", "won", "pending"),
    ("lead_mark_lost", "lost", "pending"),
    ("production_confirm", "confirmed", "draft"),
    ("production_finish", "done", "to_close"),
    ("picking_validate", "done", "assigned"),
    ("leave_approve", "validate", "validate1"),  # a first approval it may already have had tells nothing
]


def test_every_state_row_is_tested() -> None:
    assert sorted(t for t, _, _ in STATES) == sorted(n for n in WRITES if isinstance(SETTLING[n], State))


@pytest.mark.parametrize(("tool", "after", "before"), STATES)
def test_a_state_shows_the_action(tool: str, after: Any, before: Any) -> None:
    rule = SETTLING[tool]
    assert isinstance(rule, State)
    assert _shows(rule, {"id": 7, rule.field: after}, {rule.arg: 7})
    assert not _shows(rule, {"id": 7, rule.field: before}, {rule.arg: 7})


def test_a_value_set_shows_once_the_field_holds_it() -> None:
    publish, price = SETTLING["product_publish"], SETTLING["product_update_price"]
    assert isinstance(publish, Holds) and isinstance(price, Holds)
    assert _shows(publish, {"is_published": False}, {"product": 3, "published": False})
    assert not _shows(publish, {"is_published": True}, {"product": 3, "published": False})
    asked = {"product": 3, "list_price": 14.9, "standard_price": None}  # the cost was not asked for
    assert price.expected(asked) == {"list_price": 14.9}
    assert _shows(price, {"list_price": 14.900000001, "standard_price": 2.0}, asked)  # Odoo's float, to the cent
    assert not _shows(price, {"list_price": 14.0, "standard_price": 2.0}, asked)


def test_a_generated_pdf_shows_once_the_invoice_holds_one() -> None:
    rule = SETTLING["invoice_pdf_generate"]
    assert rule == Filled(model="account.move", arg="invoice", field="invoice_pdf_report_id")
    stored = {"id": 7, "invoice_pdf_report_id": [12, "INV_2026_00019.pdf"]}  # a many2one as Odoo 19 reads it
    assert _shows(rule, stored, {"invoice": 7})
    assert not _shows(rule, {"id": 7, "invoice_pdf_report_id": False}, {"invoice": 7})


@pytest.mark.parametrize("tool", [n for n in WRITES if isinstance(SETTLING[n], State | Holds | Filled | Invoiced)])
def test_a_record_named_not_resolved_cannot_be_looked_at(tool: str) -> None:
    rule = SETTLING[tool]
    assert isinstance(rule, State | Holds | Filled | Invoiced)
    with pytest.raises(LookupError, match="no record id"):
        settle(None, tool, {rule.arg: "S00042"})  # type: ignore[arg-type]  # asks Odoo nothing
