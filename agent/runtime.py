"""A run's live objects from the settings: the one path every door takes to a ``Context`` and a session.

The CLI (``ask``, ``resume``, ``chat``, ``mcp``) and LangGraph Server build their Context here, so the
client, parser, policy, audit log and approver are chosen the same way whichever door a message came in by.
"""

from __future__ import annotations

import getpass

from agent.config import ParserChoice, Settings
from agent.home import check_store, private_home
from agent.parsers import make_parser
from agent.session import AgentSession
from graphs.context import Context, make_context
from odoo_tools.client import ConnectionConfig, MetadataCache, OdooClient

__all__ = ["build_context", "metadata_cache", "open_agent_session"]


def metadata_cache(settings: Settings) -> MetadataCache:
    """The connection metadata every process of this home shares (version, user, modules, fields, rights)."""
    return MetadataCache(settings.agent_home / "metadata", ttl=settings.agent_metadata_ttl)


def build_context(settings: Settings, cfg: ConnectionConfig, *, approver: str | None = None,
                  parser: ParserChoice | None = None) -> Context:  # fmt: skip
    """The Context of a run: ``approver`` defaults to ``ODOO_AGENT_USER``, then the OS user."""
    # Before any client or store is opened: the home private, and a damaged store refused before Odoo sees a write.
    private_home(settings.agent_home)
    check_store(settings.agent_home / "threads.sqlite")
    check_store(settings.agent_home / "audit.sqlite")
    client = OdooClient(cfg, metadata=metadata_cache(settings))
    return make_context(client, home=settings.agent_home,
                        approver=approver or settings.agent_user or getpass.getuser(),
                        policy_file=settings.agent_policy, parser=make_parser(settings, parser),
                        sure_at=settings.agent_auto_threshold)  # fmt: skip


def open_agent_session(settings: Settings, cfg: ConnectionConfig, *, approver: str | None = None,
                       parser: ParserChoice | None = None) -> AgentSession:  # fmt: skip
    """A durable session (threads checkpointed in ``ODOO_AGENT_HOME`` or ``ODOO_AGENT_CHECKPOINT_URL``)."""
    context = build_context(settings, cfg, approver=approver, parser=parser)
    return AgentSession(context, home=settings.agent_home, checkpoint_url=settings.agent_checkpoint_url)
