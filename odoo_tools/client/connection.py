"""How to reach one Odoo database: the client's typed input."""

from __future__ import annotations

from typing import Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator

from odoo_tools.client.urls import has_userinfo
from odoo_tools.i18n import t

TransportChoice = Literal["auto", "json2", "jsonrpc", "xmlrpc"]


class ConnectionConfig(BaseModel):
    """Connection settings; ``api_key`` also accepts a password (XML-RPC/JSON-RPC only)."""

    model_config = ConfigDict(frozen=True, hide_input_in_errors=True)  # a URL or key is never echoed

    url: str = Field(description="Base URL of the Odoo server, e.g. https://erp.example.com")
    db: str = Field(min_length=1, description="Database name")
    username: str = Field(min_length=1, description="Login of the API user")
    api_key: SecretStr = Field(description="API key (or password for XML-RPC/JSON-RPC)")
    transport: TransportChoice = "auto"
    timeout: float = Field(default=30.0, gt=0, le=600)
    max_retries: int = Field(default=2, ge=0, le=10)
    company: str | None = Field(default=None, description="Company name or id to act in")
    lang: str | None = None
    tz: str | None = None

    @field_validator("url")
    @classmethod
    def _check_url(cls, value: str) -> str:
        value = value.strip()
        if has_userinfo(value):  # said before anything echoes the value: it would echo the key
            raise ValueError(t("client.url_userinfo_refused"))
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(t("client.url_not_http", value=repr(value)))
        if parts.path.rstrip("/") or parts.query:
            raise ValueError(t("client.url_has_path", value=repr(value), base=f"{parts.scheme}://{parts.netloc}"))
        return f"{parts.scheme}://{parts.netloc}"

    def __repr__(self) -> str:
        return (
            f"ConnectionConfig(url={self.url!r}, db={self.db!r}, username={self.username!r}, "
            f"api_key='**********', transport={self.transport!r})"
        )

    __str__ = __repr__
