"""Starting the webhook receiver: its secret and tokens read (none: it refuses), the worker, uvicorn."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import timedelta
from pathlib import Path
from typing import Any

import typer

from agent.automation_rules import AutomationsFile, load_automations
from agent.config import ConfigError, Settings
from odoo_tools.i18n import t

__all__ = ["secret_of", "serve", "tokens_of"]


def _read(path: Path, what: str) -> str:
    try:
        value = path.read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise ConfigError.said("automations.secret_unreadable", what=what, path=path, reason=exc.strerror) from None
    if not value:
        raise ConfigError.said("automations.secret_empty", what=what, path=path)
    return value


def secret_of(settings: Settings, rules: AutomationsFile) -> bytes:
    """The signing secret: ODOO_AGENT_WEBHOOK_SECRET, else the automations file's secret_file; none is an error
    (the seed's receiver skipped the check when its secret was empty: this one does not start)."""
    if settings.agent_webhook_secret is not None and settings.agent_webhook_secret.get_secret_value():
        return settings.agent_webhook_secret.get_secret_value().encode()
    if rules.webhook.secret_file is not None:
        return _read(rules.webhook.secret_file, "webhook.secret_file").encode()
    raise ConfigError.said("automations.no_secret")


def tokens_of(rules: AutomationsFile) -> dict[str, str]:
    """Each rule's URL token for Odoo's own sender, from its webhook_token_file."""
    return {r.name: _read(r.webhook_token_file, f"{r.name}.webhook_token_file") for r in rules.rules
            if r.webhook_token_file is not None}  # fmt: skip


def serve(open_agent: Callable[..., AbstractContextManager[tuple[Any, Any]]], fail: Callable[..., typer.Exit],
          setup_errors: Callable[..., tuple[type[Exception], ...]], host: str, port: int | None) -> None:  # fmt: skip
    """Run the receiver until Ctrl-C."""
    import uvicorn

    from agent.automation_store import AutomationStore
    from agent.config import load_settings
    from agent.watch import Watcher
    from agent.webhook import WebhookWorker, webhook_app
    from agent.webhook_auth import ReplayGuard

    try:
        # Refused before anything opens: no secret, no receiver (and no connection to Odoo either).
        configured = load_settings()
        rules = load_automations(configured.automations_file())
        secret, tokens = secret_of(configured, rules), tokens_of(rules)
        with open_agent(None, None, None, None, None) as (settings, session):
            store = AutomationStore(settings.agent_home / "automations.sqlite")
            watcher = Watcher(session, store, rules, poll_interval=timedelta(seconds=settings.agent_poll_interval))
            worker = WebhookWorker(watcher)
            app = webhook_app(rules, secret, tokens, worker.queue.put,
                              ReplayGuard(rules.webhook.replay_window.total_seconds()))  # fmt: skip
            worker.start()
            typer.echo(t("automations.listening", host=host, port=port or settings.agent_webhook_port), err=True)
            try:
                uvicorn.run(app, host=host, port=port or settings.agent_webhook_port, log_level="warning")
            finally:
                worker.stop()
    except setup_errors() as exc:
        raise fail(str(exc), kind=str(getattr(exc, "kind", "") or type(exc).__name__)) from None
