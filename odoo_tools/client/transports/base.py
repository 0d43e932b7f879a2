"""The interface every transport implements."""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from typing import Any, Literal

import httpx
from pydantic import SecretStr

from odoo_tools.client.errormap import from_http
from odoo_tools.client.errors import OdooAuthError
from odoo_tools.client.http import HttpSeam
from odoo_tools.i18n import t

TransportName = Literal["json2", "jsonrpc", "xmlrpc"]


class _NoneCommitted:
    """Marker: the server committed the call but could not send its ``None`` result (XML-RPC)."""

    def __repr__(self) -> str:
        return "NONE_COMMITTED"


NONE_COMMITTED: Any = _NoneCommitted()


class Transport(ABC):
    """Authenticate and execute model methods; errors come out already mapped."""

    name: TransportName

    def __init__(self, seam: HttpSeam, db: str, login: str, secret: SecretStr) -> None:
        self.seam, self.db, self.login, self._secret = seam, db, login, secret
        self.uid: int | None = None
        self.user_context: dict[str, Any] | None = None  # what authenticating said of the user, when it says it

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.seam.base_url!r}, db={self.db!r}, login={self.login!r})"

    @abstractmethod
    def version(self) -> dict[str, Any]:
        """The server's version dict (``server_version``, ``server_version_info``)."""

    @abstractmethod
    def authenticate(self) -> int:
        """Check the credentials; return the user id. Raises ``OdooAuthError``."""

    def assume(self, uid: int) -> None:
        """Act as ``uid`` without a call: another process proved these credentials moments ago."""
        self.uid = uid

    @abstractmethod
    def execute(self, model: str, method: str, ids: list[int] | None, kwargs: dict[str, Any]) -> Any:
        """Run ``model.method`` (on ``ids`` when given) with keyword arguments only."""

    def _post_json(self, path: str, payload: Any, headers: dict[str, str] | None = None) -> httpx.Response:
        body = json.dumps(payload, separators=(",", ":"), sort_keys=True).encode()
        return self.seam.request(
            "POST", path, content=body, headers={"Content-Type": "application/json", **(headers or {})}
        )


def json_or_raise(response: httpx.Response) -> Any:
    """Decode a JSON answer, or map the HTML/proxy page that came instead."""
    content_type = response.headers.get("content-type", "")
    if "json" not in content_type:
        raise from_http(response.status_code, content_type, response.text)
    try:
        return response.json()
    except ValueError as exc:
        raise from_http(response.status_code, content_type, response.text) from exc


class RpcTransport(Transport):
    """XML-RPC and JSON-RPC: the same ``common``/``object`` services, two envelopes."""

    @abstractmethod
    def _call(self, service: str, method: str, args: list[Any]) -> Any:
        """Call ``service.method(*args)`` in this transport's envelope."""

    def version(self) -> dict[str, Any]:
        info: dict[str, Any] = self._call("common", "version", [])
        return info

    def authenticate(self) -> int:
        secret = self._secret.get_secret_value()
        uid = self._call("common", "authenticate", [self.db, self.login, secret, {}])
        if not uid:  # Odoo answers False, not an error, to wrong credentials
            raise OdooAuthError(t("client.login_refused", login=repr(self.login)))
        self.uid = int(uid)
        return self.uid

    def execute(self, model: str, method: str, ids: list[int] | None, kwargs: dict[str, Any]) -> Any:
        # Record methods take the ids as first positional argument; everything else is named.
        positional: list[Any] = [] if ids is None else [ids]
        if method == "create" and "vals_list" in kwargs:
            # call_kw reads create's values from args[0] only (odoo/service/model.py).
            kwargs = dict(kwargs)
            positional = [kwargs.pop("vals_list")]
        secret = self._secret.get_secret_value()
        return self._call("object", "execute_kw", [self.db, self.uid, secret, model, method, positional, kwargs])
