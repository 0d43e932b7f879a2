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
from odoo_tools.client.idempotency import FIELD_SLOTS, look_only, marker
from odoo_tools.errors import OdooWriteOutcomeUnknownError
from odoo_tools.i18n import t
from odoo_tools.registry import REGISTRY
from odoo_tools.results import RecordRef, ToolResult
from odoo_tools.settling import SETTLING, CannotTell, Filled, Holds, Invoiced, Keyed, State

__all__ = ["CREATED_BY", "duplicates", "settle"]

# Tools whose only write is one keyed create of this model: re-run under look_only to settle a lost answer,
# and where duplicates of one intended write are looked for.
CREATED_BY: dict[str, str] = {tool: rule.model for tool, rule in SETTLING.items() if isinstance(rule, Keyed)}
# The read that shows a settled step's record as the tool would have (run on the step's record argument).
_STATUS_TOOL = {"order_confirm": "order_status", "invoice_pdf_generate": "invoice_pdf"}


def settle(client: OdooClient, tool: str, args: dict[str, Any]) -> ToolResult | None:
    """The step's result if Odoo shows its write happened; ``None`` if Odoo does not (yet) show it.

    How is ``settling.SETTLING[tool]``. Raises ``LookupError`` (its sentence saying why) for a tool whose
    effect cannot be told from Odoo: the caller keeps it unknown.
    """
    rule = SETTLING.get(tool)
    if isinstance(rule, State | Holds | Filled | Invoiced):
        record = args.get(rule.arg)
        if not isinstance(record, int):  # named, not resolved to an id: which record it was is not known here
            raise LookupError(t("outcomes.no_record_id", tool=tool))
        if isinstance(rule, Invoiced):
            return _invoiced(client, record)
        fields = [rule.field] if isinstance(rule, State | Filled) else list(rule.expected(args))
        if not fields:
            raise LookupError(t("outcomes.no_value_to_check", tool=tool))
        rows = client.read(rule.model, [record], ["display_name", *fields])  # read by id finds archived ones too
        if not rows or not _shows(rule, rows[0], args):
            return None
        return _verified(client, tool, rule.model, rows[0], rule)
    # Only tools whose one write is the keyed create (the rest reads, or an idempotent set) are re-run:
    # a tool that writes more after its create (stages, a submit, a confirm) would send those again.
    if isinstance(rule, Keyed) and args.get("idempotency_key"):
        with look_only():
            try:
                return REGISTRY[tool].run(client, args)
            except OdooWriteOutcomeUnknownError:
                return None
    if isinstance(rule, CannotTell):
        raise LookupError(t(rule.why))
    raise LookupError(t("outcomes.cannot_tell", tool=tool))


def _shows(rule: State | Holds | Filled, row: dict[str, Any], args: dict[str, Any]) -> bool:
    """Whether the record as read shows the step's effect."""
    if isinstance(rule, State):
        return row[rule.field] in rule.done
    if isinstance(rule, Filled):
        return bool(row[rule.field])  # Odoo reads an empty link or file as False
    # Prices come back as floats: compared to the cent, as Odoo rounds them.
    return all(round(row[f], 2) == round(v, 2) if isinstance(v, float) else row[f] == v
               for f, v in rule.expected(args).items())  # fmt: skip


def _invoiced(client: OdooClient, order: int) -> ToolResult | None:
    """The order's newest invoice when the order reads fully invoiced (the tool refuses one with nothing to invoice)."""
    rows = client.read("sale.order", [order], ["display_name", "invoice_status", "invoice_ids"])
    if not rows or rows[0]["invoice_status"] != "invoiced" or not rows[0]["invoice_ids"]:
        return None
    invoice = client.read("account.move", [max(rows[0]["invoice_ids"])], ["display_name"])[0]
    ref = RecordRef(model="account.move", id=invoice["id"], display_name=invoice["display_name"])
    message = t("outcomes.invoiced_odoo_answer_our", order=rows[0]["display_name"], name=ref.display_name)  # fmt: skip
    return ToolResult(message=message, created=[ref])


def _verified(
    client: OdooClient, tool: str, model: str, row: dict[str, Any], rule: State | Holds | Filled
) -> ToolResult:
    """The result of an action found done: the record as Odoo shows it now, reported as changed."""
    ref = RecordRef(model=model, id=row["id"], display_name=row["display_name"])
    fields = [rule.field] if isinstance(rule, State | Filled) else [f for f in rule.fields if f in row]
    state = ", ".join(str(row[f]) if isinstance(rule, State) else f"{f} {_shown(row[f])}" for f in fields)
    message = t("outcomes.odoo_answer_our_request",
                name=row["display_name"], state=state)  # fmt: skip
    status_tool = _STATUS_TOOL.get(tool)
    if status_tool:
        status = REGISTRY[status_tool].run(client, {rule.arg: row["id"]})
        return status.model_copy(update={"message": f"{message} {status.message}", "found": [], "changed": [ref]})
    return ToolResult(message=message, changed=[ref])


def _shown(value: Any) -> Any:
    """A field's value as said: a link by its name ([7, "INV_2026_00019.pdf"] -> INV_2026_00019.pdf)."""
    return value[1] if isinstance(value, list) and len(value) == 2 and isinstance(value[1], str) else value


def duplicates(client: OdooClient, tool: str, key: str) -> list[int]:
    """Every record carrying ``key`` (more than one means one intended write made two records)."""
    model = CREATED_BY.get(tool)
    field = FIELD_SLOTS.get(model or "")
    if model is None or field is None:
        return []
    return client.search(model, [[field, "ilike", marker(key)]], order="id")
