"""LangGraph Server's entry point (``langgraph.json``): the command graph with this process's Odoo context.

The server brings its own checkpointer (in memory under ``langgraph dev``, Postgres on LangGraph
Platform) and hands runs only JSON, so the live objects (Odoo client, parser, policy, audit log)
are built once per process from the settings, cassette switch included, and installed for every
run; a run's ``context`` may name the approver (``ServerContext``).
"""

from __future__ import annotations

import asyncio
import getpass
import logging
import threading

from langgraph.graph.state import CompiledStateGraph

from agent.config import load_settings
from agent.parsers import make_parser
from agent.switch import open_session
from graphs.context import Context, ServerContext, install
from graphs.graph import build_graph
from odoo_tools.audit import AuditStore
from odoo_tools.client import OdooClient
from odoo_tools.policy import Policy

__all__ = ["make_graph"]

log = logging.getLogger("agent.server")  # loaded by file path, so __name__ is not the module's name


class _Served:
    lock = threading.Lock()
    graph: CompiledStateGraph | None = None


def _open() -> CompiledStateGraph:
    """Read the settings, activate the cassette switch, install the Context: once per process."""
    with _Served.lock:
        if _Served.graph is None:
            settings = load_settings()
            cfg, banner = open_session(settings, None, None)
            if banner:
                log.warning(banner)
            settings.agent_home.mkdir(parents=True, exist_ok=True)
            install(Context(client=OdooClient(cfg), parser=make_parser(settings),
                            policy=Policy.load(settings.agent_policy),
                            audit=AuditStore(settings.agent_home / "audit.sqlite"),
                            approver=settings.agent_user or getpass.getuser()))  # fmt: skip
            _Served.graph = build_graph(ServerContext).compile(name="odoo-agent")
        return _Served.graph


async def make_graph() -> CompiledStateGraph:
    """The graph, for every run and state read; the first call sets the process up.

    The server calls this on its event loop, where ``langgraph dev`` refuses blocking I/O (files,
    SQLite): the set-up runs in a worker thread.
    """
    return _Served.graph or await asyncio.to_thread(_open)
