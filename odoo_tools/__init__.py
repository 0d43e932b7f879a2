"""Odoo access for the agent and for library users: one client, typed errors, typed tools, replayable.

What a Python user (and the evaluation suite) imports is re-exported here; the modules are
``odoo_tools.client`` (the client core), one module per business domain of tools, ``registry``,
``resolve``, ``policy`` and ``audit``.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from odoo_tools.audit import AuditRow, AuditStore
    from odoo_tools.client import OdooClient, cassette
    from odoo_tools.client.compat import product_kind_vals
    from odoo_tools.client.connection import ConnectionConfig
    from odoo_tools.errors import (
        OdooAccessError,
        OdooAuthError,
        OdooConnectionError,
        OdooDatabaseNotFoundError,
        OdooError,
        OdooMissingRecordError,
        OdooNotFoundError,
        OdooTimeoutError,
        OdooValidationError,
        OdooWriteOutcomeUnknownError,
    )
    from odoo_tools.registry import Risk, Tool
    from odoo_tools.tools import get_tool, list_tools

__all__ = [
    "AuditRow",
    "AuditStore",
    "ConnectionConfig",
    "OdooAccessError",
    "OdooAuthError",
    "OdooClient",
    "OdooConnectionError",
    "OdooDatabaseNotFoundError",
    "OdooError",
    "OdooMissingRecordError",
    "OdooNotFoundError",
    "OdooTimeoutError",
    "OdooValidationError",
    "OdooWriteOutcomeUnknownError",
    "Risk",
    "Tool",
    "cassette",
    "get_tool",
    "list_tools",
    "product_kind_vals",
]

# Loaded on first use (PEP 562): importing one module of the package (``odoo_tools.periods``, say) does not
# load every tool, the client and vcrpy; ``from odoo_tools import OdooClient`` works as before.
_HOME = {
    "AuditRow": "odoo_tools.audit", "AuditStore": "odoo_tools.audit", "OdooClient": "odoo_tools.client",
    "cassette": "odoo_tools.client.cassette", "product_kind_vals": "odoo_tools.client.compat",
    "ConnectionConfig": "odoo_tools.client.connection", "Risk": "odoo_tools.registry", "Tool": "odoo_tools.registry",
    "get_tool": "odoo_tools.tools", "list_tools": "odoo_tools.tools",
    **{name: "odoo_tools.client.errors" for name in __all__ if name.startswith("Odoo") and name != "OdooClient"},
}  # fmt: skip


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")  # i18n-exempt: Python's own wording
    module = import_module(_HOME[name])
    value = module if name == "cassette" else getattr(module, name)
    globals()[name] = value
    return value
