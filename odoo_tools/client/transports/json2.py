"""JSON-2 (Odoo 19+): ``POST /json/2/<model>/<method>`` with a bearer API key."""

from __future__ import annotations

from typing import Any

from odoo_tools.client.errormap import from_error_data, from_http
from odoo_tools.client.errors import OdooAuthError, OdooConnectionError
from odoo_tools.client.transports.base import Transport, json_or_raise
from odoo_tools.i18n import t


class Json2Transport(Transport):
    """Named arguments only; one call is one transaction; ``None`` comes back as ``null``."""

    name = "json2"

    def _headers(self) -> dict[str, str]:
        return {
            "Authorization": f"bearer {self._secret.get_secret_value()}",
            "X-Odoo-Database": self.db,
        }

    def version(self) -> dict[str, Any]:
        response = self.seam.request("GET", "/web/version")
        data = json_or_raise(response)
        if "version_info" not in data:
            raise OdooConnectionError(t("client.not_odoo_version"))
        return {"server_version": data.get("version"), "server_version_info": data["version_info"]}

    def authenticate(self) -> int:
        # context_get is the documented way to learn one's uid with a key.
        try:
            result = self.execute("res.users", "context_get", None, {})
        except OdooAuthError as exc:
            raise OdooAuthError(t("client.api_key_refused", message=exc.message), data=exc.data) from None
        uid = result.get("uid") if isinstance(result, dict) else None
        if not uid:
            raise OdooAuthError(t("client.api_key_not_accepted"))
        self.uid = int(uid)
        self.user_context = result
        return self.uid

    def execute(self, model: str, method: str, ids: list[int] | None, kwargs: dict[str, Any]) -> Any:
        payload = dict(kwargs)
        if ids is not None:
            payload["ids"] = ids
        response = self._post_json(f"/json/2/{model}/{method}", payload, self._headers())
        if response.status_code == 200:
            return json_or_raise(response)
        data = json_or_raise(response) if "json" in response.headers.get("content-type", "") else None
        if isinstance(data, dict) and "name" in data:
            raise from_error_data(data, response.status_code)
        raise from_http(response.status_code, response.headers.get("content-type", ""), response.text)
