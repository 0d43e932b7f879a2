"""A run's live objects from the settings: the one path every door takes to a ``Context`` and a session.

The CLI (``ask``, ``resume``, ``chat``, ``mcp``) and LangGraph Server build their Context here, so the
client, parser, policy, audit log and approver are chosen the same way whichever door a message came in by.
"""

from __future__ import annotations

import getpass

from agent.config import ParserChoice, Settings
from agent.connect import open_client
from agent.parsers import make_parser
from agent.session import AgentSession
from graphs.context import Context, make_context
from odoo_tools.client import ConnectionConfig, OdooClient

__all__ = ["build_context", "open_agent_session"]


def build_context(settings: Settings, cfg: ConnectionConfig, *, approver: str | None = None,
                  parser: ParserChoice | None = None, client: OdooClient | None = None) -> Context:  # fmt: skip
    """The Context of a run: ``approver`` defaults to ``ODOO_AGENT_USER``, then the OS user; ``client``: one
    ``agent.connect.open_client`` made (by default, one made here)."""
    client = client or open_client(settings, cfg)
    return make_context(client, home=settings.agent_home,
                        approver=approver or settings.agent_user or getpass.getuser(),
                        policy_file=settings.agent_policy, parser=make_parser(settings, parser),
                        sure_at=settings.agent_auto_threshold)  # fmt: skip


def open_agent_session(
    settings: Settings,
    cfg: ConnectionConfig,
    *,
    approver: str | None = None,
    parser: ParserChoice | None = None,
    client: OdooClient | None = None,
) -> AgentSession:
    """A durable session (threads checkpointed in ``ODOO_AGENT_HOME`` or ``ODOO_AGENT_CHECKPOINT_URL``)."""
    context = build_context(settings, cfg, approver=approver, parser=parser, client=client)
    return AgentSession(context, home=settings.agent_home, checkpoint_url=settings.agent_checkpoint_url)
