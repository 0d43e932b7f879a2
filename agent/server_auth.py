"""LangGraph Server's custom auth (``langgraph.json``): with ``ODOO_AGENT_SERVER_AUTH=odoo-keys``, each caller
sends their own Odoo API key as ``Authorization: Bearer <key>`` and the runs act as that Odoo user.

The key is checked with Odoo (``agent.mcp_users.OdooKeyVerifier``: one handshake, remembered a few minutes);
the user's identity is ``odoo-<uid>``, and their key stays in this process's memory (``agent.server`` builds
their Context from it: their client, home and verified approvals), never in the server's database. Each
thread belongs to whoever made it: another user neither reads nor resumes it. Without the setting (one
person on their own machine) every caller is the local user, as before.
"""

from __future__ import annotations

import anyio
from langgraph_sdk import Auth

from agent.mcp_users import OdooKeyVerifier
from agent.served import KEYS, connection, per_user
from odoo_tools.i18n import t

__all__ = ["auth"]

auth = Auth()


class _Verifier:
    instance: OdooKeyVerifier | None = None


def _verifier() -> OdooKeyVerifier:
    """Checks keys on the server's own Odoo (the recording's, in a replay), made on first use."""
    if _Verifier.instance is None:
        _Verifier.instance = OdooKeyVerifier(connection())
    return _Verifier.instance


@auth.authenticate
async def authenticate(authorization: str | None) -> Auth.types.MinimalUserDict:
    if not per_user():  # one person on their own machine
        return {"identity": "local"}
    scheme, _, key = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not key.strip():
        raise Auth.exceptions.HTTPException(status_code=401, detail=t("agent.server_key_needed"))
    verifier = await anyio.to_thread.run_sync(_verifier)  # the first call sets the process up (files, SQLite)
    user = await anyio.to_thread.run_sync(verifier.sign_in, key.strip())
    if user is None:
        raise Auth.exceptions.HTTPException(status_code=401, detail=t("agent.server_key_refused"))
    identity = f"odoo-{user.uid}"
    KEYS[identity] = (user.login, key.strip())
    return {"identity": identity, "display_name": user.login}


@auth.on.threads
async def owner_only(ctx: Auth.types.AuthContext, value: dict[str, object]) -> dict[str, str]:
    """A thread (and its runs) belongs to whoever made it: stamped on creation, filtered on every read."""
    metadata = value.setdefault("metadata", {}) if isinstance(value, dict) else None
    if isinstance(metadata, dict):
        metadata["owner"] = ctx.user.identity
    return {"owner": ctx.user.identity}
