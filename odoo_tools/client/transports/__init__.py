"""The three ways to talk to Odoo, behind one interface."""

from odoo_tools.client.transports.base import NONE_COMMITTED, Transport, TransportName
from odoo_tools.client.transports.json2 import Json2Transport
from odoo_tools.client.transports.jsonrpc import JsonRpcTransport
from odoo_tools.client.transports.xmlrpc import XmlRpcTransport

TRANSPORTS: dict[str, type[Transport]] = {
    "json2": Json2Transport,
    "jsonrpc": JsonRpcTransport,
    "xmlrpc": XmlRpcTransport,
}

__all__ = [
    "NONE_COMMITTED",
    "TRANSPORTS",
    "Json2Transport",
    "JsonRpcTransport",
    "Transport",
    "TransportName",
    "XmlRpcTransport",
]
