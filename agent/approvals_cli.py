"""``odoo-agent approvals list | sync``: approvals a designated reviewer answers inside Odoo (agent/reviews.py).

Kept light at import (the CLI loads it for ``--help``): the session and the graph load only when a command runs.
``agent.cli`` builds it with its own session opener and error sentence (``approvals_app``): no import back.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from odoo_tools.i18n import t

__all__ = ["approvals_app"]

console = Console()
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]
Fail = Callable[..., typer.Exit]
OpenAgent = Callable[..., AbstractContextManager[tuple[Any, Any]]]


def approvals_app(open_agent: OpenAgent, fail: Fail, setup_errors: Callable[[], tuple[type[Exception], ...]]
                  ) -> typer.Typer:  # fmt: skip
    """The ``approvals`` commands, opening sessions and saying errors as the rest of the CLI does."""
    app = typer.Typer(help="Approvals waiting for a reviewer in Odoo (policy approvers rules with a reviewer).",
                      no_args_is_help=True, add_completion=False)  # fmt: skip

    @app.command("list")
    def list_(as_json: JsonOpt = False) -> None:
        """What waits for a reviewer in Odoo: thread, steps, who, since when (no Odoo needed).

        Example:
            odoo-agent approvals list --json
        """
        _list(fail, as_json)

    @app.command()
    def sync(as_json: JsonOpt = False) -> None:
        """Read the reviewers' decisions in Odoo and resume those threads (done: approve; "reject…": reject).

        Example:
            odoo-agent approvals sync --json      (the automations' watcher runs it on a schedule)
        """
        _sync(open_agent, fail, setup_errors, as_json)

    return app


def _list(fail: Fail, as_json: bool) -> None:
    from agent.config import ConfigError, load_settings
    from agent.reviews import pending_reviews

    try:
        home = load_settings().agent_home
    except ConfigError as exc:
        raise fail(str(exc), as_json=as_json, kind="config") from None
    reviews = pending_reviews(home)
    if as_json:
        typer.echo(json.dumps([r.model_dump(mode="json") for r in reviews], indent=2, ensure_ascii=False))
        return
    if not reviews:
        console.print(t("agent.no_review_waiting"))
        return
    table = Table(*(t(k) for k in ("agent.col_thread", "agent.col_steps", "agent.col_reviewer", "agent.col_since",
                                   "agent.col_activities")))  # fmt: skip
    for r in reviews:
        table.add_row(r.thread_id, r.steps, r.reviewer, r.since.isoformat(timespec="minutes"),
                      ", ".join(str(i) for i in r.activities))  # fmt: skip
    console.print(table)


def _sync(open_agent: OpenAgent, fail: Fail, setup_errors: Callable[[], tuple[type[Exception], ...]],
          as_json: bool) -> None:  # fmt: skip
    from agent.reviews import sync_reviews

    try:
        with open_agent(None, None, None, None, None) as (settings, session):
            results = sync_reviews(session, settings.agent_home)
    except setup_errors() as exc:
        raise fail(str(exc), as_json=as_json, kind=str(getattr(exc, "kind", "") or type(exc).__name__)) from None
    rows = [{"thread_id": r.thread_id, "outcome": outcome, "status": reply.status if reply else "waiting",
             "message": reply.message if reply else ""} for r, outcome, reply in results]  # fmt: skip
    if as_json:
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    if not rows:
        console.print(t("agent.no_review_waiting"))
    for row in rows:
        console.print(f"{row['thread_id']}: {row['outcome']} → {row['status']} {row['message']}".rstrip(),
                      highlight=False)  # fmt: skip
