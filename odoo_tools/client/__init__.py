"""The client core: one Odoo client over JSON-2, JSON-RPC or XML-RPC, and what it stands on.

``odoo_client`` (the client), ``connection`` (its settings), ``transports`` and ``http`` (the one
request seam), ``errors`` and ``errormap`` (one typed error per failure, mapped once),
``idempotency`` (writes never doubled), ``cassette`` and ``clock`` (record/replay, a frozen clock),
``compat`` (the differences between Odoo 17, 18 and 19). Nothing here knows about tools or the agent.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from odoo_tools.client.connection import ConnectionConfig, TransportChoice
    from odoo_tools.client.metacache import MetadataCache
    from odoo_tools.client.odoo_client import BUSINESS_MODULES, OdooClient, UserInfo

__all__ = ["BUSINESS_MODULES", "ConnectionConfig", "MetadataCache", "OdooClient", "TransportChoice", "UserInfo"]

# Loaded on first use (PEP 562): ``odoo_tools.client.connection`` or ``.clock`` alone does not load the client,
# httpx and tenacity; ``from odoo_tools.client import OdooClient`` works as before.
_HOME = {"ConnectionConfig": "connection", "TransportChoice": "connection", "BUSINESS_MODULES": "odoo_client",
         "OdooClient": "odoo_client", "UserInfo": "odoo_client", "MetadataCache": "metacache"}  # fmt: skip


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")  # i18n-exempt: Python's own wording
    value = getattr(import_module(f"{__name__}.{_HOME[name]}"), name)
    globals()[name] = value
    return value
