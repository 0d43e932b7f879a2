"""Differences between Odoo 17, 18 and 19 that callers branch on, in one place."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Literal

from odoo_tools.i18n import t

__all__ = ["normalize_group_rows", "parse_major", "pick_field", "product_kind_vals"]

ProductKind = Literal["goods", "service", "storable"]


def parse_major(version_info: list[Any] | tuple[Any, ...]) -> int:
    """Major version from ``server_version_info``; SaaS builds report ``"saas~19"``."""
    if not version_info:
        raise ValueError(t("client.no_version"))
    return int(str(version_info[0]).split("~")[-1])


def pick_field(fields: Mapping[str, Any], candidates: Iterable[str]) -> str:
    """The first candidate the server's ``fields_get`` knows (e.g. ``tax_ids`` vs ``tax_id``)."""
    names = list(candidates)
    for name in names:
        if name in fields:
            return name
    raise KeyError(t("client.no_such_field", names=names))


def product_kind_vals(fields: Mapping[str, Any], kind: ProductKind) -> dict[str, Any]:
    """Create values for a product type, from the fields the server has.

    17 has ``detailed_type`` (consu/service/product); 18 and 19 have ``type``
    (consu/service/combo) plus the boolean ``is_storable``.
    """
    if "detailed_type" in fields:
        return {"detailed_type": {"goods": "consu", "service": "service", "storable": "product"}[kind]}
    vals: dict[str, Any] = {"type": "service" if kind == "service" else "consu"}
    if "is_storable" in fields:
        vals["is_storable"] = kind == "storable"
    elif kind == "storable":
        raise ValueError(t("client.storable_needs_stock"))
    return vals


def normalize_group_rows(rows: list[dict[str, Any]], aggregates: list[str]) -> list[dict[str, Any]]:
    """Give 17/18 ``read_group`` rows the key names of 19's ``formatted_read_group``.

    ``read_group`` keys an aggregate by its bare field name; 19 keys it by the spec string
    (``"amount_total:sum"``) and always has ``__count``.
    """
    out = []
    for row in rows:
        new = {k: v for k, v in row.items() if k not in ("__domain", "__context", "__range")}
        new["__extra_domain"] = row.get("__domain", [])
        for spec in aggregates:
            field = spec.split(":")[0]
            if spec != "__count" and field in row:
                new[spec] = new.pop(field)
        if "__count" not in new:
            new["__count"] = row.get(f"{next(iter(row), '')}_count", row.get("count", 0))
        out.append(new)
    return out
