"""LangGraph Server's entry point (``langgraph.json``): the command graph with this process's Odoo context.

The server brings its own checkpointer (in memory under ``langgraph dev``, Postgres on LangGraph
Platform) and hands runs only JSON, so the live objects (Odoo client, parser, policy, audit log)
are built once per process from the settings, cassette switch included, and installed for every
run; a run's ``context`` may name the approver (``ServerContext``).
"""

from __future__ import annotations

import asyncio
import logging
import threading
from dataclasses import replace

from langgraph.graph.state import CompiledStateGraph
from pydantic import SecretStr

from agent import served
from agent.config import Settings, load_settings
from agent.runtime import build_context
from agent.switch import open_session
from graphs.context import Context, ServerContext, install
from graphs.graph import build_graph
from odoo_tools.approvers import ApproverCredential
from odoo_tools.client.connection import ConnectionConfig

__all__ = ["make_graph"]

log = logging.getLogger("agent.server")  # loaded by file path, so __name__ is not the module's name


class _Served:
    cfg: ConnectionConfig | None = None
    lock = threading.Lock()
    graph: CompiledStateGraph | None = None
    users: dict[str, Context] = {}  # noqa: RUF012 - one per signed-in caller (agent/server_auth.py)


def _open() -> CompiledStateGraph:
    """Read the settings, activate the cassette switch, install the Context: once per process."""
    with _Served.lock:
        if _Served.graph is None:
            settings = load_settings()
            cfg, banner = open_session(settings, None, None)
            if banner:
                log.warning(banner)
            # The server's workers may run on several machines, each with its own audit log: creates keep
            # their key lookup (graphs.context.Context.sole_audit).
            install(
                replace(build_context(settings, cfg), sole_audit=False),
                for_user=(lambda identity: _for_user(settings, cfg, identity)) if served.per_user() else None,
            )
            _Served.cfg = cfg
            _Served.graph = build_graph(ServerContext).compile(name="odoo-agent")
        return _Served.graph


def _for_user(settings: Settings, cfg: ConnectionConfig, identity: str) -> Context:
    """The Context of a signed-in caller: their Odoo key and user, their own home, their approvals verified."""
    with _Served.lock:
        if identity not in _Served.users:
            login, key = served.KEYS[identity]  # set by server_auth.authenticate for this very request
            credential = ApproverCredential(login=login, api_key=SecretStr(key))
            home = settings.model_copy(update={"agent_home": settings.agent_home / "users" / identity})
            context = build_context(home, credential.connection(cfg), approver=login)
            _Served.users[identity] = replace(context, sole_audit=False, approver_credential=credential)
        return _Served.users[identity]


def _connection() -> ConnectionConfig:
    """The process's Odoo connection (the cassette's, in a replay), setting the process up on first use."""
    _open()
    assert _Served.cfg is not None
    return _Served.cfg


served.register(_connection)


async def make_graph() -> CompiledStateGraph:
    """The graph, for every run and state read; the first call sets the process up.

    The server calls this on its event loop, where ``langgraph dev`` refuses blocking I/O (files,
    SQLite): the set-up runs in a worker thread.
    """
    if _Served.graph is not None:
        return _Served.graph
    return await asyncio.to_thread(_open)
