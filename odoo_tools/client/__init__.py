"""The client core: one Odoo client over JSON-2, JSON-RPC or XML-RPC, and what it stands on.

``odoo_client`` (the client), ``connection`` (its settings), ``transports`` and ``http`` (the one
request seam), ``errors`` and ``errormap`` (one typed error per failure, mapped once),
``idempotency`` (writes never doubled), ``cassette`` and ``clock`` (record/replay, a frozen clock),
``compat`` (the differences between Odoo 17, 18 and 19). Nothing here knows about tools or the agent.
"""

from odoo_tools.client.connection import ConnectionConfig, TransportChoice
from odoo_tools.client.metacache import MetadataCache
from odoo_tools.client.odoo_client import BUSINESS_MODULES, OdooClient, UserInfo

__all__ = ["BUSINESS_MODULES", "ConnectionConfig", "MetadataCache", "OdooClient", "TransportChoice", "UserInfo"]
