"""The Odoo client of a run, built before the graph is imported so its handshake can start early.

Kept apart from ``agent.runtime`` (which imports the graph, LangGraph and the parser): a new process
builds its client here, starts the handshake on a thread, and only then pays for those imports.
"""

from __future__ import annotations

from agent.config import Settings
from agent.home import check_store, private_home
from odoo_tools.client import ConnectionConfig, MetadataCache, OdooClient

__all__ = ["metadata_cache", "open_client"]


def metadata_cache(settings: Settings) -> MetadataCache:
    """The connection metadata every process of this home shares (version, user, modules, fields, rights)."""
    return MetadataCache(settings.agent_home / "metadata", ttl=settings.agent_metadata_ttl,
                         proof_ttl=settings.agent_proof_ttl)  # fmt: skip


def open_client(settings: Settings, cfg: ConnectionConfig, *, connect_soon: bool = False) -> OdooClient:
    """The run's client, after the home is made private and a damaged store refused (before Odoo sees
    anything); ``connect_soon`` starts its handshake on a thread (see ``OdooClient.connect_soon``)."""
    private_home(settings.agent_home)
    check_store(settings.agent_home / "threads.sqlite")
    check_store(settings.agent_home / "audit.sqlite")
    client = OdooClient(cfg, metadata=metadata_cache(settings))
    if connect_soon:
        client.connect_soon()
    return client
