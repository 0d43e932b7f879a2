"""Odoo access for the agent and for library users: one client, typed errors, replayable."""

from odoo_tools.client import OdooClient
from odoo_tools.client.connection import ConnectionConfig
from odoo_tools.client.errors import (
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

__all__ = [
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
]
