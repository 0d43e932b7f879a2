"""How each write tool's lost answer is settled from Odoo: one typed row per write tool in the registry.

A write whose answer was lost is settled by what Odoo now shows, never by sending it again:
- ``Keyed``: the create carries the step's idempotency key inside the record; the tool is re-run look-only.
- ``State``: the record named by an argument now holds a value that only the write could have put there
  (a confirmed order is ``sale``; a validated picking is ``done``; an archived partner is inactive).
- ``Holds``: the record's fields now hold the values the step asked for (a price, a published flag).
- ``Filled``: a field only the write fills is now set (an invoice's stored PDF).
- ``Invoiced``: the order now reads fully invoiced; its newest invoice is the record the step made.
- ``CannotTell``: Odoo shows nothing that tells our write from an earlier or a later one; the step stays
  unknown with the reason said, until the person chooses ``--resend``.
``tests/test_settling_table.py`` fails when a write tool is registered without a row.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

__all__ = ["SETTLING", "CannotTell", "Filled", "Holds", "Invoiced", "Keyed", "Rule", "State"]


class _Row(BaseModel):
    model_config = ConfigDict(frozen=True)


class Keyed(_Row):
    """The tool's only write is one create carrying the key (``outcomes.CREATED_BY``)."""

    model: str


class State(_Row):
    """``model``'s record ``args[arg]`` shows the write once ``field`` is one of ``done``."""

    model: str
    arg: str
    field: str
    done: tuple[Any, ...]


class Holds(_Row):
    """``model``'s record ``args[arg]`` shows the write once each field holds its argument (``fields``: field → arg)."""

    model: str
    arg: str
    fields: dict[str, str]

    def expected(self, args: dict[str, Any]) -> dict[str, Any]:
        """The values asked for (an argument left out asked for nothing)."""
        return {field: args[arg] for field, arg in self.fields.items() if args.get(arg) is not None}


class Filled(_Row):
    """``model``'s record ``args[arg]`` shows the write once ``field`` is set (any value: a link, a file)."""

    model: str
    arg: str
    field: str


class Invoiced(_Row):
    """The sale order ``args[arg]`` reads fully invoiced: its newest invoice is the step's."""

    arg: str = "order"


class CannotTell(_Row):
    """Nothing in Odoo tells this write apart; ``why`` (a catalog key) is said to the person."""

    why: str


Rule = Keyed | State | Holds | Filled | Invoiced | CannotTell

# The xml id that keys these creates is added after the create answers, so a lost answer leaves no key.
_NO_KEY = "settling.no_key"
_ADDS = "settling.adds"
_MANY = "settling.many"
_SAME = "settling.same"
_NAMED = "settling.named"
_STOCK = "settling.stock"
_PAID = "settling.paid"

# Every write tool of the registry (Risk above READ). Why each row is what it is:
SETTLING: dict[str, Rule] = {
    # Keyed creates: the key is written in origin / comment / description (idempotency.FIELD_SLOTS).
    "quotation_create": Keyed(model="sale.order"),
    "partner_create": Keyed(model="res.partner"),
    "find_or_create_partner": Keyed(model="res.partner"),
    "product_create": Keyed(model="product.product"),
    "find_or_create_product": Keyed(model="product.product"),
    "rfq_create": Keyed(model="purchase.order"),
    "lead_create": Keyed(model="crm.lead"),
    # Actions whose target record shows a state only the action puts there. The tools refuse to run from
    # that state, so finding it after our send means the send landed.
    "order_confirm": State(model="sale.order", arg="order", field="state", done=("sale", "done")),
    "purchase_confirm": State(
        model="purchase.order", arg="order", field="state", done=("purchase", "done", "to approve")
    ),
    "invoice_post": State(model="account.move", arg="invoice", field="state", done=("posted",)),
    "order_cancel": State(model="sale.order", arg="order", field="state", done=("cancel",)),
    "partner_archive": State(model="res.partner", arg="partner", field="active", done=(False,)),
    "lead_mark_won": State(model="crm.lead", arg="lead", field="won_status", done=("won",)),
    "lead_mark_lost": State(model="crm.lead", arg="lead", field="won_status", done=("lost",)),
    "production_confirm": State(
        model="mrp.production", arg="production", field="state", done=("confirmed", "progress", "to_close", "done")
    ),
    "production_finish": State(model="mrp.production", arg="production", field="state", done=("done",)),
    "picking_validate": State(model="stock.picking", arg="picking", field="state", done=("done",)),
    # A first approval of a two-step leave leaves it 'validate1', which it may already have been: only the
    # final state tells.
    "leave_approve": State(model="hr.leave", arg="leave", field="state", done=("validate",)),
    # Setting a value is idempotent: if the field now holds it, what the person asked for is there, whoever
    # wrote it, and sending it again would change nothing.
    "product_publish": Holds(model="product.product", arg="product", fields={"is_published": "published"}),
    "product_update_price": Holds(
        model="product.product", arg="product", fields={"list_price": "list_price", "standard_price": "standard_price"}
    ),
    "invoice_from_order": Invoiced(),
    # The tool writes only where no PDF is stored, and Odoo never replaces a stored one: set means generated.
    "invoice_pdf_generate": Filled(model="account.move", arg="invoice", field="invoice_pdf_report_id"),
    # Not told from Odoo (yet): each says why.
    "payment_register": CannotTell(why=_PAID),
    "purchase_receive": CannotTell(why=_MANY),
    "inventory_adjust": CannotTell(why=_STOCK),
    "lead_set_stage": CannotTell(why=_NAMED),
    "task_set_stage": CannotTell(why=_NAMED),
    "partner_update": CannotTell(why=_SAME),
    "reorder_rule_set": CannotTell(why=_SAME),
    "quotation_add_lines": CannotTell(why=_ADDS),
    "quotation_set_quantity": CannotTell(why=_SAME),
    "partner_tag": CannotTell(why=_ADDS),
    "note_post": CannotTell(why=_ADDS),
    "timesheet_log": CannotTell(why=_ADDS),
    "odometer_log": CannotTell(why=_ADDS),
    "payment_reminder": CannotTell(why=_ADDS),
    "event_create": CannotTell(why=_NO_KEY),
    "automation_webhook_install": CannotTell(why=_NO_KEY),
    "ticket_create": CannotTell(why=_NO_KEY),
    "task_create": CannotTell(why=_NO_KEY),
    "project_create": CannotTell(why=_NO_KEY),
    "department_create": CannotTell(why=_NO_KEY),
    "vehicle_create": CannotTell(why=_NO_KEY),
    "invoice_create": CannotTell(why=_NO_KEY),
    "expense_create": CannotTell(why=_MANY),
    "employee_create": CannotTell(why=_MANY),
    "bom_create": CannotTell(why=_MANY),
    "production_create": CannotTell(why=_MANY),
    "smart_create_employee": CannotTell(why=_MANY),
    "smart_create_event": CannotTell(why=_MANY),
    "smart_create_lead": CannotTell(why=_MANY),
    "smart_create_purchase": CannotTell(why=_MANY),
    "smart_create_quotation": CannotTell(why=_MANY),
    "smart_create_task": CannotTell(why=_MANY),
}
