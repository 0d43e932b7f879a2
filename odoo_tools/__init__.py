"""Odoo access for the agent and for library users: one client, typed errors, typed tools, replayable.

What a Python user (and the evaluation suite) imports is re-exported here; the modules are
``odoo_tools.client`` (the client core), one module per business domain of tools, ``registry``,
``resolve``, ``policy`` and ``audit``.
"""

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
