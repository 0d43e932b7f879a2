"""MCP over HTTP for a team: each caller authenticates with their own Odoo API key and acts as that Odoo user.

The key is the bearer token (the MCP SDK's bearer-token auth): the server signs in to Odoo with it (one
handshake, remembered for a few minutes by the key's hash), and each user gets their own session — an Odoo
client with their key, so Odoo's access rights and record rules apply; their own threads and audit log under
``ODOO_AGENT_HOME/users/<uid>``; their approvals verified as them (their key is their approver credential).
Only then may the server listen beyond loopback.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable
from pathlib import Path

import anyio
from mcp.server.auth.middleware.auth_context import get_access_token
from mcp.server.auth.provider import AccessToken
from pydantic import SecretStr

from agent.session import AgentSession
from odoo_tools.approvers import ApproverCredential
from odoo_tools.client import OdooClient
from odoo_tools.client.connection import ConnectionConfig
from odoo_tools.client.errors import OdooAuthError
from odoo_tools.client.metacache import UserInfo

__all__ = ["OdooKeyVerifier", "UserSessions"]

SIGNED_IN_FOR = 300.0  # seconds a verified key is trusted without a new handshake


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class OdooKeyVerifier:
    """``TokenVerifier``: a bearer token is valid when Odoo accepts it as an API key (it says whose)."""

    def __init__(self, base: ConnectionConfig) -> None:
        self.base = base
        self._seen: dict[str, tuple[float, UserInfo]] = {}
        self._lock = threading.Lock()

    def sign_in(self, token: str) -> UserInfo | None:
        """The Odoo user behind ``token``, or None when Odoo refuses it."""
        key = _digest(token)
        with self._lock:
            seen = self._seen.get(key)
            if seen is not None and time.monotonic() - seen[0] < SIGNED_IN_FOR:
                return seen[1]
        config = self.base.model_copy(update={"api_key": SecretStr(token), "username": "bearer"})
        try:
            with OdooClient(config) as client:
                user = client.connect()
        except OdooAuthError:
            return None
        with self._lock:
            self._seen[key] = (time.monotonic(), user)
        return user

    async def verify_token(self, token: str) -> AccessToken | None:
        user = await anyio.to_thread.run_sync(self.sign_in, token)
        if user is None:
            return None
        return AccessToken(token=token, client_id=user.login, scopes=[], subject=str(user.uid))


class UserSessions:
    """One ``AgentSession`` per Odoo user of the server, made on their first call."""

    def __init__(self, base: ConnectionConfig, home: Path, make: Callable[[ConnectionConfig, Path, str], AgentSession]
                 ) -> None:  # fmt: skip
        self.base, self.home, self._make = base, home, make
        self._sessions: dict[tuple[int, str], AgentSession] = {}  # per user and key (a new key: a new client)

    def current(self) -> AgentSession | None:
        """The session of the caller of this request (None without an authenticated caller)."""
        access = get_access_token()
        if access is None or access.subject is None:
            return None
        uid, which = int(access.subject), (int(access.subject), _digest(access.token))
        if which not in self._sessions:
            credential = ApproverCredential(login=access.client_id, api_key=SecretStr(access.token))
            session = self._make(credential.connection(self.base), self.home / "users" / str(uid), access.client_id)
            session.use_approver(credential)
            self._sessions[which] = session
        return self._sessions[which]

    def close(self) -> None:
        for session in self._sessions.values():
            session.close()
