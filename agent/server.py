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

from agent.config import load_settings
from agent.runtime import build_context
from agent.switch import open_session
from graphs.context import ServerContext, install
from graphs.graph import build_graph

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
            # The server's workers may run on several machines, each with its own audit log: creates keep
            # their key lookup (graphs.context.Context.sole_audit).
            install(replace(build_context(settings, cfg), sole_audit=False))
            _Served.graph = build_graph(ServerContext).compile(name="odoo-agent")
        return _Served.graph


async def make_graph() -> CompiledStateGraph:
    """The graph, for every run and state read; the first call sets the process up.

    The server calls this on its event loop, where ``langgraph dev`` refuses blocking I/O (files,
    SQLite): the set-up runs in a worker thread.
    """
    if _Served.graph is not None:
        return _Served.graph
    return await asyncio.to_thread(_open)
