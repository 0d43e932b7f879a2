"""What the graph needs at run time but never checkpoints: the Odoo client, parser, policy, audit."""

from __future__ import annotations

from dataclasses import dataclass

from agent.audit import AuditStore
from graphs.parser import Parser
from odoo_tools.client import OdooClient
from odoo_tools.policy import Policy


@dataclass(kw_only=True)
class Context:
    """Passed as ``context=`` to every invoke; LangGraph hands it to nodes as ``runtime.context``."""

    client: OdooClient
    parser: Parser
    policy: Policy
    audit: AuditStore
    approver: str = "unknown"
