"""XML-RPC (``/xmlrpc/2``): Odoo 17, 18 and 19 (deprecated there), sent through the HTTP seam."""

from __future__ import annotations

import xmlrpc.client
from typing import Any

from odoo_tools.client.errormap import from_fault, from_http, is_none_fault
from odoo_tools.client.transports.base import NONE_COMMITTED, RpcTransport


class XmlRpcTransport(RpcTransport):
    """Marshals with the standard library, but posts through our seam (one place to record)."""

    name = "xmlrpc"

    def _call(self, service: str, method: str, args: list[Any]) -> Any:
        body = xmlrpc.client.dumps(tuple(args), method, allow_none=True).encode()
        response = self.seam.request("POST", f"/xmlrpc/2/{service}", content=body, headers={"Content-Type": "text/xml"})
        content_type = response.headers.get("content-type", "")
        if response.status_code != 200 or "xml" not in content_type:
            raise from_http(response.status_code, content_type, response.text)
        try:
            (result,), _ = xmlrpc.client.loads(response.content, use_builtin_types=True)
        except xmlrpc.client.Fault as fault:
            if is_none_fault(fault.faultCode, fault.faultString):
                return NONE_COMMITTED
            raise from_fault(fault.faultCode, fault.faultString) from None
        return result
