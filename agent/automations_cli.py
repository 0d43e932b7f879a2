"""``odoo-agent watch`` and ``odoo-agent automations list | test``: the automations file at work.

Kept light at import (the CLI loads it for ``--help``): sessions, the graph and the store load when a command
runs. ``agent.cli`` builds it with its session opener and error sentence: no import back.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from odoo_tools.i18n import t

if TYPE_CHECKING:
    from agent.automation_rules import AutomationsFile
    from agent.config import Settings
    from agent.watch import TickReport

__all__ = ["automations_app", "register_watch"]

console = Console()
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]
ReplayOpt = Annotated[Path | None, typer.Option(help="Replay Odoo's answers from this cassette")]
RecordOpt = Annotated[Path | None, typer.Option(help="Record Odoo's answers into this cassette")]
Fail = Callable[..., typer.Exit]
OpenAgent = Callable[..., AbstractContextManager[tuple[Any, Any]]]
Errors = Callable[..., tuple[type[Exception], ...]]


def _rules(settings: Settings) -> AutomationsFile:
    from agent.automation_rules import load_automations

    return load_automations(settings.automations_file())


def automations_app(open_agent: OpenAgent, fail: Fail, setup_errors: Errors) -> typer.Typer:
    """The ``automations`` commands."""
    app = typer.Typer(help="The automations file: Odoo events and schedules that start flows (odoo-agent watch).",
                      no_args_is_help=True, add_completion=False)  # fmt: skip

    @app.command("list")
    def list_(as_json: JsonOpt = False) -> None:
        """The rules of the automations file (ODOO_AGENT_AUTOMATIONS, default ODOO_AGENT_HOME/automations.yaml).

        Example:
            odoo-agent automations list --json
        """
        from agent.config import load_settings

        try:
            rules = _rules(load_settings())
        except setup_errors() as exc:
            raise fail(str(exc), as_json=as_json, kind=_kind(exc)) from None
        if as_json:
            typer.echo(json.dumps([r.model_dump(mode="json") for r in rules.rules], indent=2, ensure_ascii=False))
            return
        if not rules.rules:
            console.print(t("automations.no_rules"))
            return
        table = Table(*(t(k) for k in ("automations.col_rule", "automations.col_trigger", "automations.col_flow")))
        for rule in rules.rules:
            table.add_row(rule.name, _trigger(rule), f"{rule.do.flow}: {rule.do.text}")
        console.print(table)

    @app.command()
    def test(
        rule: Annotated[str, typer.Argument(help="The rule's name")],
        record_id: Annotated[int | None, typer.Option(help="The record to run it on (event rules)")] = None,
        replay: ReplayOpt = None, record: RecordOpt = None, as_json: JsonOpt = False,
    ) -> None:  # fmt: skip
        """A dry run: the rule's flow planned on one record, with its preview; nothing is written (every write
        waits for an approval that is never given) and the change is not marked handled.

        Example:
            odoo-agent automations test vip-note --record-id 42
        """
        _test(open_agent, fail, setup_errors, rule, record_id, replay, record, as_json)

    @app.command("install-webhook")
    def install_webhook_(
        rule: Annotated[str, typer.Argument(help="The rule's name (an event rule with a webhook_token_file)")],
        url: Annotated[str, typer.Option(help="The receiver's base URL as Odoo reaches it")] = "http://127.0.0.1:8765",
        approve: Annotated[bool, typer.Option("--approve", help="Your yes: create it (it always needs one)")] = False,
        replay: ReplayOpt = None, record: RecordOpt = None, as_json: JsonOpt = False,
    ) -> None:  # fmt: skip
        """Create the Odoo automation rule whose "Send Webhook Notification" action calls the receiver for RULE.

        Without --approve it only says what it would create and why it needs your yes. The URL carries the
        rule's token (Odoo logs it): the token only nudges that rule's poll.

        Example:
            odoo-agent automations install-webhook vip-note --url http://127.0.0.1:8765 --approve
        """
        _install(open_agent, fail, setup_errors, rule, url, approve, replay, record, as_json)

    return app


def _install(open_agent: OpenAgent, fail: Fail, setup_errors: Errors, name: str, url: str, approve: bool,
             replay: Path | None, record: Path | None, as_json: bool) -> None:  # fmt: skip
    from agent.webhook_install import install_webhook

    try:
        with open_agent(replay, record, None, None, None) as (settings, session):
            rules = _rules(settings)
            rule = _named(rules, name, fail, as_json)
            approver = (settings.agent_user or settings.username) if approve else None
            step = install_webhook(session, rules, rule, url, approver)
    except setup_errors(LookupError) as exc:
        raise fail(str(exc), as_json=as_json, kind=_kind(exc)) from None
    if as_json:
        typer.echo(step.model_dump_json(indent=2))
    elif step.status == "needs_approval":
        console.print(t("automations.needs_approve", step=step.description, why="; ".join(step.reasons)))
    elif step.status == "done":
        console.print((step.result or {}).get("message", ""), highlight=False)
    else:
        console.print(f"{step.description}: {step.status} {step.error or '; '.join(step.reasons)}", highlight=False)
    if step.status in ("failed", "rejected", "unknown"):
        raise typer.Exit(1)


def _named(rules: AutomationsFile, name: str, fail: Fail, as_json: bool) -> Any:
    """The rule called ``name``, or the CLI's "no such rule" error."""
    rule = rules.rule(name)
    if rule is None:
        raise fail(t("automations.no_such_rule", name=name), as_json=as_json, kind="not_found")
    return rule


def _trigger(rule: Any) -> str:
    """A rule's trigger in a table cell: the model and its events, or the time and days."""
    if rule.when is not None:
        return f"{rule.when.model} ({', '.join(rule.when.events)})"
    return f"{rule.schedule.at:%H:%M} {','.join(rule.schedule.days)}"


def _kind(exc: Exception) -> str:
    return str(getattr(exc, "kind", "") or type(exc).__name__)


def _test(open_agent: OpenAgent, fail: Fail, setup_errors: Errors, name: str, record_id: int | None,
          replay: Path | None, record: Path | None, as_json: bool) -> None:  # fmt: skip
    from agent.automation_runs import dry_run

    try:
        with open_agent(replay, record, None, None, None) as (settings, session):
            rule = _named(_rules(settings), name, fail, as_json)
            if rule.when is not None and record_id is None:
                raise fail(t("automations.record_id_needed", name=name), as_json=as_json, kind="bad_input")
            session.context = replace(session.context, policy=_dry(session.context.policy))
            reply = dry_run(session, rule, record_id)
    except setup_errors() as exc:
        raise fail(str(exc), as_json=as_json, kind=_kind(exc)) from None
    if as_json:
        typer.echo(reply.model_dump_json(indent=2))
        return
    console.print(reply.message, highlight=False)


def _dry(policy: Any) -> Any:
    from agent.dry_run import DryRunPolicy

    return DryRunPolicy.over(policy)


def register_watch(app: typer.Typer, open_agent: OpenAgent, fail: Fail, setup_errors: Errors) -> None:
    """``odoo-agent watch`` and ``odoo-agent webhook``."""

    @app.command()
    def webhook(
        host: Annotated[str, typer.Option(help="Address to bind (loopback unless told)")] = "127.0.0.1",
        port: Annotated[int | None, typer.Option(help="Port (default ODOO_AGENT_WEBHOOK_PORT, 8765)")] = None,
    ) -> None:
        """Receive change notices on POST /hooks/<rule> (Odoo's "Send Webhook Notification", or a signing sender).

        Refuses to start without a secret (ODOO_AGENT_WEBHOOK_SECRET, or webhook.secret_file in the automations
        file). Unauthenticated requests get 401 whatever the path; the record is always read again from Odoo.

        Example:
            ODOO_AGENT_WEBHOOK_SECRET=... odoo-agent webhook --port 8765
        """
        from agent.webhook_serve import serve

        serve(open_agent, fail, setup_errors, host, port)

    @app.command()
    def watch(
        once: Annotated[bool, typer.Option("--once", help="One pass (what is due now), then exit")] = False,
        replay: ReplayOpt = None, record: RecordOpt = None, as_json: JsonOpt = False,
    ) -> None:  # fmt: skip
        """Watch Odoo: poll the event rules' models, run the schedules, sync the reviewers' decisions; Ctrl-C stops.

        Rules come from the automations file (odoo-agent automations list). Each change starts its flow once,
        also with the webhook receiver running beside it; the agent's own writes start nothing.

        Example:
            odoo-agent watch
            odoo-agent watch --once --json
        """
        _watch(open_agent, fail, setup_errors, once, replay, record, as_json)


def _watch(open_agent: OpenAgent, fail: Fail, setup_errors: Errors, once: bool, replay: Path | None,
           record: Path | None, as_json: bool) -> None:  # fmt: skip
    from agent.automation_store import AutomationStore
    from agent.watch import Watcher

    def said(report: TickReport) -> None:
        if as_json:
            typer.echo(report.model_dump_json())
            return
        for outcome in report.outcomes:
            console.print(f"{outcome.thread_id}: {outcome.status} {outcome.message}".rstrip(), highlight=False)
        for error in report.errors:
            console.print(f"[red]{error}[/red]", highlight=False)

    try:
        with open_agent(replay, record, None, None, None) as (settings, session):
            rules = _rules(settings)
            store = AutomationStore(settings.agent_home / "automations.sqlite")
            watcher = Watcher(session, store, rules, poll_interval=timedelta(seconds=settings.agent_poll_interval))
            if not as_json:
                console.print(t("automations.watching", n=len(rules.rules), file=settings.automations_file()))
            watcher.run(time.sleep, passes=1 if once else None, said=said)
    except setup_errors() as exc:
        raise fail(str(exc), as_json=as_json, kind=_kind(exc)) from None
