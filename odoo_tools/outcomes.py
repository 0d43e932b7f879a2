"""Establish from Odoo whether a write whose answer was lost (or whose process died) took effect.

A create is found by the idempotency key written inside the record (``idempotency.FIELD_SLOTS``):
the tool is re-run under ``look_only``, so its keyed creates look their keys up and never send, and
its result is read back from Odoo exactly as the first run would have. An action is found by its
natural effect (a confirmed order is in state ``sale``). Not found → ``None``: the outcome stays
unknown and nothing is re-sent.
"""

from __future__ import annotations

from typing import Any

from odoo_tools.client import OdooClient
from odoo_tools.client.errors import OdooWriteOutcomeUnknownError
from odoo_tools.client.idempotency import FIELD_SLOTS, look_only, marker
from odoo_tools.i18n import t
from odoo_tools.registry import REGISTRY
from odoo_tools.results import RecordRef, ToolResult

__all__ = ["CREATED_BY", "duplicates", "settle"]

# Tools whose only write is one keyed create of this model: re-run under look_only to settle a lost answer,
# and where duplicates of one intended write are looked for.
CREATED_BY: dict[str, str] = {
    "quotation_create": "sale.order",
    "partner_create": "res.partner",
    "find_or_create_partner": "res.partner",
    "product_create": "product.product",
    "find_or_create_product": "product.product",
    "rfq_create": "purchase.order",
    "lead_create": "crm.lead",
}
# Actions and the states that show they happened (a natural key: the record and its state).
_DONE_STATES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "order_confirm": ("sale.order", "order", ("sale", "done")),
    "purchase_confirm": ("purchase.order", "order", ("purchase", "done", "to approve")),
    "invoice_post": ("account.move", "invoice", ("posted",)),
}
_STATUS_TOOL = {"order_confirm": "order_status", "purchase_confirm": None, "invoice_post": None}


def settle(client: OdooClient, tool: str, args: dict[str, Any]) -> ToolResult | None:
    """The step's result if Odoo shows its write happened; ``None`` if Odoo does not (yet) show it.

    Raises ``LookupError`` for a tool whose effect cannot be told from Odoo (the caller keeps it unknown).
    """
    if tool in _DONE_STATES:
        model, field, states = _DONE_STATES[tool]
        record = args.get(field)
        if not isinstance(record, int):
            raise LookupError(f"{tool}: no record id to check")
        rows = client.read(model, [record], ["display_name", "state"])
        if not rows or rows[0]["state"] not in states:
            return None
        return _verified(client, tool, model, rows[0])
    # Only tools whose one write is the keyed create (the rest reads, or an idempotent set) are re-run:
    # a tool that writes more after its create (stages, a submit, a confirm) would send those again.
    if tool in CREATED_BY and args.get("idempotency_key"):
        with look_only():
            try:
                return REGISTRY[tool].run(client, args)
            except OdooWriteOutcomeUnknownError:
                return None
    raise LookupError(f"{tool}: Odoo cannot tell whether it was done")


def _verified(client: OdooClient, tool: str, model: str, row: dict[str, Any]) -> ToolResult:
    """The result of an action found done: the record as Odoo shows it now, reported as changed."""
    ref = RecordRef(model=model, id=row["id"], display_name=row["display_name"])
    message = t("{name} is {state} in Odoo (the answer to our request was lost, the change was made).",
                "{name} est {state} dans Odoo (la réponse à notre demande s'est perdue, le changement est fait).",
                name=row["display_name"], state=row["state"])  # fmt: skip
    status_tool = _STATUS_TOOL.get(tool)
    if status_tool:
        status = REGISTRY[status_tool].run(client, {"order": row["id"]})
        return status.model_copy(update={"message": f"{message} {status.message}", "found": [], "changed": [ref]})
    return ToolResult(message=message, changed=[ref])


def duplicates(client: OdooClient, tool: str, key: str) -> list[int]:
    """Every record carrying ``key`` (more than one means one intended write made two records)."""
    model = CREATED_BY.get(tool)
    field = FIELD_SLOTS.get(model or "")
    if model is None or field is None:
        return []
    return client.search(model, [[field, "ilike", marker(key)]], order="id")
