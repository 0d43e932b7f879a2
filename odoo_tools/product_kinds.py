"""Which products are goods, services or storable on this server: 17 says it with ``detailed_type``, 18 and 19
with ``type`` plus ``is_storable`` (absent without Inventory). Shared by the product and inventory tools."""

from __future__ import annotations

from typing import Any

from odoo_tools.client import OdooClient
from odoo_tools.client.compat import ProductKind
from odoo_tools.errors import ModuleMissingError
from odoo_tools.i18n import t

__all__ = ["kind_domain", "row_is_storable", "storable_fields"]


def storable_fields(client: OdooClient) -> list[str]:
    """The fields that say whether stock is tracked: 17 ``detailed_type``, 18+ ``is_storable`` (none without stock)."""
    return [f for f in ("is_storable", "detailed_type") if client.has_field("product.product", f)]


def row_is_storable(row: dict[str, Any]) -> bool:
    """Whether a product row read with ``storable_fields`` (and ``type``) is stock-tracked, on any version."""
    return bool(row.get("is_storable")) or row.get("detailed_type") == "product" or row.get("type") == "product"


def kind_domain(client: OdooClient, kind: ProductKind) -> list[Any]:
    """Domain for a product kind on this server (17: ``detailed_type``; 18+: ``type`` + ``is_storable``)."""
    if client.has_field("product.product", "detailed_type"):
        domains: dict[ProductKind, list[Any]] = {
            "goods": [["detailed_type", "in", ["consu", "product"]]], "service": [["type", "=", "service"]],
            "storable": [["detailed_type", "=", "product"]],
        }  # fmt: skip
        return domains[kind]
    if kind == "service":
        return [["type", "=", "service"]]
    if kind == "storable":
        if not client.has_field("product.product", "is_storable"):
            raise ModuleMissingError(
                t("products.storable_products_need_inventory")
            )  # fmt: skip
        return [["type", "=", "consu"], ["is_storable", "=", True]]
    return [["type", "=", "consu"]]
