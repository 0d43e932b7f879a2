"""What the graph needs at run time but never checkpoints: the Odoo client, parser, policy, audit."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from langgraph.config import get_config
from langgraph.runtime import Runtime

from graphs.locks import Locks, file_locks, no_locks
from graphs.parsing.engine import OfflineParser, Parser
from odoo_tools.approvers import ApproverCredential
from odoo_tools.audit import AuditStore
from odoo_tools.calls import attach
from odoo_tools.client import OdooClient
from odoo_tools.policy import Policy
from odoo_tools.retention import prune_if_due

__all__ = ["Context", "ServerContext", "act_in_thread_company", "context_of", "install", "make_context"]


@dataclass(kw_only=True)
class Context:
    """Passed as ``context=`` to every invoke; nodes read it through ``context_of(runtime)``."""

    client: OdooClient
    parser: Parser
    policy: Policy
    audit: AuditStore
    approver: str = "unknown"
    # The approving person's own Odoo login and key, for the run that approves (policy approvers rules):
    # given by the door for that one run, never checkpointed.
    approver_credential: ApproverCredential | None = None
    # The Odoo user who approved by marking a review activity done, as Odoo recorded it (``approvals sync``).
    reviewed_by: int | None = None
    # The confidence a reading needs for its writes to run without a person (ODOO_AGENT_AUTO_THRESHOLD).
    sure_at: float = 0.6
    # Named locks shared by every process of the store (find-or-create of a customer is serialised).
    locks: Locks = no_locks
    # Whether every process that may run this thread's steps writes to ``audit`` (one home). Then a
    # step with no audit row was never sent and its create needs no lookup first; a team sharing a
    # Postgres checkpointer from several homes keeps the lookup.
    sole_audit: bool = True


def make_context(client: OdooClient, *, home: Path, approver: str, policy_file: Path | None = None,
                 parser: Parser | None = None, sure_at: float = 0.6) -> Context:  # fmt: skip
    """The one way a run's Context is built, for every door (CLI, REPL, MCP, LangGraph Server, the evals).

    The audit log and the locks live in ``home`` beside the threads; no policy file means the packaged
    default policy. Every call the client makes from now on (and its early handshake) goes into the audit
    log's calls, with the thread of the run that made it; rows past the policy's retention go, once a day.
    """
    policy, audit = Policy.load(policy_file), AuditStore(home / "audit.sqlite")
    attach(client, audit.record_calls, _run_thread)
    prune_if_due(audit, policy.config.audit_retention)
    return Context(client=client, parser=parser or OfflineParser(), policy=policy, audit=audit, approver=approver,
                   sure_at=sure_at, locks=file_locks(home / "locks"))  # fmt: skip


def _run_thread() -> str | None:
    """The thread of the graph run calling now, if a run is calling (a door's own reads have none)."""
    try:
        thread = (get_config().get("configurable") or {}).get("thread_id")
    except RuntimeError:  # not inside a run
        return None
    return str(thread) if thread else None


def act_in_thread_company(ctx: Context, memory: Mapping[str, Any] | None) -> None:
    """Act in the company the thread chose, before a node calls Odoo.

    One client may serve many threads (LangGraph Server, MCP, a REPL switching threads): whichever
    ran last may have moved it to another company.
    """
    company = (memory or {}).get("company")
    if company:
        ctx.client.use_company(int(company))


@dataclass(kw_only=True)
class ServerContext:
    """What a LangGraph Server run may pass as ``context``: JSON only; the live objects are the process's."""

    # Who approves, as recorded in the audit log (default: the server's ODOO_AGENT_USER).
    approver: str | None = None


class _Process:
    context: Context | None = None
    for_user: Callable[[str], Context] | None = None  # a server whose callers sign in: their own Context


def install(context: Context | None, for_user: Callable[[str], Context] | None = None) -> None:
    """Make ``context`` the one used by runs that bring no ``Context`` of their own (LangGraph Server); with
    ``for_user``, a run made by a signed-in caller uses theirs (by the server's ``langgraph_auth_user_id``)."""
    _Process.context, _Process.for_user = context, for_user


def _caller() -> str | None:
    """The signed-in caller of this LangGraph Server run, if any."""
    try:
        configurable = get_config().get("configurable") or {}
    except RuntimeError:  # not inside a run
        return None
    identity = configurable.get("langgraph_auth_user_id")
    return str(identity) if identity and identity != "local" else None


def context_of(runtime: Runtime[Any]) -> Context:
    """The run's ``Context``: the one passed to invoke (CLI, REPL, MCP), else the process's own.

    A server run's ``ServerContext`` may name the approver; everything else comes from the process.
    """
    given = runtime.context
    if isinstance(given, Context):
        return given
    if _Process.for_user is not None and (caller := _caller()) is not None:
        return _Process.for_user(caller)  # the caller's own Odoo user, approvals verified as them
    if _Process.context is None:
        raise RuntimeError("No Context for this run: invoke with context=Context(...), "
                           "or serve the graph through agent/server.py:make_graph.")  # fmt: skip
        # i18n-exempt: a programming error (the graph was invoked without its context), for developers
    approver = given.approver if isinstance(given, ServerContext) else None
    return replace(_Process.context, approver=approver) if approver else _Process.context
