"""What LangGraph Server's graph module and its auth handler share, once per process.

``langgraph.json`` loads ``agent/server.py`` and ``agent/server_auth.py`` by file path, so a module-level value
of one is not the other's: the graph registers its set-up here, and the auth handler leaves the keys of the
callers it signed in here (in memory only, never in the server's database).
"""

from __future__ import annotations

import os
from collections.abc import Callable

from odoo_tools.client.connection import ConnectionConfig

__all__ = ["KEYS", "connection", "per_user", "register"]

KEYS: dict[str, tuple[str, str]] = {}  # identity ("odoo-<uid>") -> (login, API key)


def per_user() -> bool:
    """Whether callers sign in with their own Odoo API keys (``ODOO_AGENT_SERVER_AUTH=odoo-keys``)."""
    return os.environ.get("ODOO_AGENT_SERVER_AUTH", "") == "odoo-keys"


class _Opener:
    fn: Callable[[], ConnectionConfig] | None = None


def register(opener: Callable[[], ConnectionConfig]) -> None:
    """The graph module's set-up, which answers the process's Odoo connection (the recording's, in a replay)."""
    _Opener.fn = opener


def connection() -> ConnectionConfig:
    """The process's Odoo connection, setting the process up on first use."""
    if _Opener.fn is None:
        raise RuntimeError("agent/server.py is not loaded: the graph registers the connection")  # i18n-exempt: dev
    return _Opener.fn()
