"""JSON-RPC (``POST /jsonrpc``): the XML-RPC services in a JSON-RPC 2.0 envelope."""

from __future__ import annotations

from typing import Any

from odoo_tools.client.errormap import from_error_data
from odoo_tools.client.errors import OdooServerError
from odoo_tools.client.transports.base import RpcTransport, json_or_raise
from odoo_tools.i18n import t


class JsonRpcTransport(RpcTransport):
    """Odoo 17, 18 and 19 (deprecated there); errors arrive with HTTP 200 and an ``error`` key."""

    name = "jsonrpc"

    def _call(self, service: str, method: str, args: list[Any]) -> Any:
        # A constant id: calls are sequential, and a counter would make request bodies
        # depend on how many calls came before (cassettes match on the body).
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": 1,
            "params": {"service": service, "method": method, "args": args},
        }
        data = json_or_raise(self._post_json("/jsonrpc", payload))
        if "error" in data:
            error = data["error"]
            if isinstance(error.get("data"), dict):
                raise from_error_data(error["data"])
            raise OdooServerError(
                str(error["message"]) if "message" in error else t("client.jsonrpc_error"), data=error
            )
        return data.get("result")
