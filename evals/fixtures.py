"""Build a case's Odoo fixture through the agent's own client and tools; returns fixture key → record id.

Everything a case makes carries its ``{W}`` word, so cases never see each other's records and an
aggregate expectation ("unpaid invoices of {W} Trading") checks only what the case made.
"""

from __future__ import annotations

from typing import Any

from evals.dataset import Case
from odoo_tools import OdooClient, get_tool, product_kind_vals

__all__ = ["build_fixture", "refs"]


def refs(value: Any, ids: dict[str, int]) -> Any:
    """``"@key"`` → the fixture record's id, at any depth (an unknown key is a case error)."""
    if isinstance(value, str) and value.startswith("@"):
        if value[1:] not in ids:
            raise KeyError(f"no fixture record {value[1:]!r} (known: {', '.join(ids) or 'none'})")
        return ids[value[1:]]
    if isinstance(value, list):
        return [refs(v, ids) for v in value]
    if isinstance(value, dict):
        return {k: refs(v, ids) for k, v in value.items()}
    return value


def _run(client: OdooClient, tool: str, args: dict[str, Any]) -> Any:
    return get_tool(tool).run(client, args)


def build_fixture(client: OdooClient, case: Case) -> dict[str, int]:
    """Create the case's records in a fixed order: partners, products (with stock), records, quotations."""
    fixture, ids = case.fixture, {}
    for key, vals in case.fill(fixture.partners).items():
        ids[key] = client.create("res.partner", {"is_company": True, **vals})
    if fixture.products:
        fields = client.fields_get("product.product")
    for key, spec in case.fill(fixture.products).items():
        vals = dict(spec)
        on_hand, kind = vals.pop("on_hand", None), vals.pop("kind", "goods" if "on_hand" not in spec else "storable")
        ids[key] = client.create("product.product", {**product_kind_vals(fields, kind), **refs(vals, ids)})
        if on_hand is not None:
            _run(client, "inventory_adjust", {"product": ids[key], "quantity": on_hand})
    for key, spec in case.fill(fixture.records).items():
        ids[key] = client.create(spec["model"], refs(spec.get("vals", {}), ids))
    for key, spec in case.fill(fixture.quotes).items():
        lines = [{"product": ids[p], "qty": q, **({"unit_price": r[0]} if r else {})} for p, q, *r in spec["lines"]]
        order = _run(client, "quotation_create", {"customer": ids[spec["customer"]], "lines": lines})
        ids[key] = order.order.id
        if spec.get("confirm") or spec.get("deliver"):
            _run(client, "order_confirm", {"order": ids[key]})
        if spec.get("deliver"):  # the order's delivery validated, as a warehouse person would
            _run(client, "picking_validate", {"picking": order.order.name})
    return ids
