"""``odoo-agent webhook``: Odoo's (or a signing sender's) notice that a record changed, on ``POST /hooks/<rule>``.

Every request is authenticated before anything else is looked at (``webhook_auth``): without a valid
signature or the rule's URL token the answer is 401, whatever the path; a body over the limit is 413
before it is read whole. The answer comes at once (Odoo waits 1 s and never retries): the work goes to
a queue that one worker drains with the agent's own session. The payload is never trusted: a signed
notice names at most a model and an id, which the worker reads again from Odoo; a token only nudges the
rule's poll. Each change runs once, whether the webhook or the poller sees it first.
"""

from __future__ import annotations

import json
import logging
import queue
import threading
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from agent.automation_rules import AutomationsFile, Rule
from agent.automation_runs import Event, Outcome, run_event
from agent.watch import Watcher
from agent.webhook_auth import ReplayGuard, verify
from odoo_tools.client.errors import OdooError

__all__ = ["Notice", "WebhookWorker", "webhook_app"]

log = logging.getLogger(__name__)


class Notice(BaseModel):
    """What a knock asks for: poll ``rule`` now, or (signed) look at this record of it."""

    rule: str
    model: str | None = None
    id: int | None = None


def _record_in(body: bytes) -> tuple[str | None, int | None]:
    """The model and id a signed payload names (Odoo's webhook: ``_model``, ``_id``); nothing else of it is used."""
    try:
        data = json.loads(body or b"{}")
    except ValueError:
        return None, None
    if not isinstance(data, dict):
        return None, None
    model, rid = data.get("_model"), data.get("_id")
    ok = isinstance(model, str) and isinstance(rid, int) and not isinstance(rid, bool)
    return (model, rid) if ok else (None, None)


def webhook_app(rules: AutomationsFile, secret: bytes, tokens: dict[str, str], enqueue: Callable[[Notice], None],
                guard: ReplayGuard) -> Starlette:  # fmt: skip
    """The receiver: one handler for every path, so nothing is routed before the request is authenticated."""
    limit = rules.webhook.max_body

    async def knock(request: Request) -> Response:
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > limit):
            return JSONResponse({"error": "too large"}, status_code=413)
        body = b""
        async for chunk in request.stream():
            body += chunk
            if len(body) > limit:
                return JSONResponse({"error": "too large"}, status_code=413)
        path = request.url.path
        name = path.removeprefix("/hooks/") if path.startswith("/hooks/") else None
        rule = rules.rule(name) if name else None
        headers = {k.lower(): v for k, v in request.headers.items()}
        token = tokens.get(rule.name) if rule else None
        who = verify(secret, headers, path, request.query_params.get("token"), body, token, guard)
        if who is None:
            return JSONResponse({"error": "unauthorized"}, status_code=401)
        if request.method != "POST" or rule is None or rule.when is None:
            return JSONResponse({"error": "not found"}, status_code=404)
        model, rid = _record_in(body) if who.by == "signed" else (None, None)
        enqueue(Notice(rule=rule.name, model=model, id=rid))
        return JSONResponse({"queued": True}, status_code=202)

    routes = [Route("/{path:path}", knock, methods=["GET", "POST", "PUT", "DELETE", "PATCH"])]
    return Starlette(routes=routes)


class WebhookWorker:
    """Drains the notices with the agent's session, one at a time (a session is not shared between threads)."""

    def __init__(self, watcher: Watcher) -> None:
        self.watcher = watcher
        self.queue: queue.Queue[Notice | None] = queue.Queue()
        self.outcomes: list[Outcome] = []
        self._thread = threading.Thread(target=self._drain, name="odoo-agent-webhook", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self.queue.put(None)
        self._thread.join(timeout=30)

    def _drain(self) -> None:
        while (notice := self.queue.get()) is not None:
            batch = [notice]
            while True:  # what queued meanwhile goes in the same batch (Odoo often calls many times per change)
                try:
                    more = self.queue.get_nowait()
                except queue.Empty:
                    break
                if more is None:
                    self.queue.put(None)
                    break
                batch.append(more)
            self.outcomes += self.handle_batch(batch)

    def handle_batch(self, notices: list[Notice]) -> list[Outcome]:
        """Each distinct notice once (a burst of nudges for one rule is one poll)."""
        outcomes: list[Outcome] = []
        for notice in dict.fromkeys(n.model_dump_json() for n in notices):
            one = Notice.model_validate_json(notice)
            try:
                outcomes += self.handle(one)
            except OdooError as exc:  # the poller is the backstop: it will see the change
                log.warning("webhook %s: %s", one.rule, exc)
        return outcomes

    def handle(self, notice: Notice) -> list[Outcome]:
        """A signed notice's record, read again from Odoo; a nudge (or a notice naming nothing): the rule's poll."""
        rule = self.watcher.rules.rule(notice.rule)
        if rule is None or rule.when is None:
            return []
        if notice.model is None or notice.id is None:
            return self.watcher.poll(rule)
        return self._record(rule, notice.model, notice.id)

    def _record(self, rule: Rule, model: str, record_id: int) -> list[Outcome]:
        assert rule.when is not None
        if model != rule.when.model:
            return []
        session = self.watcher.session
        rows: list[dict[str, Any]] = session.client.search_read(model, [["id", "=", record_id]],
                                                                ["create_date", "write_date", "write_uid"])  # fmt: skip
        if not rows:
            return []
        row = rows[0]
        uid = row["write_uid"][0] if row["write_uid"] else None
        kind = "create" if row["create_date"] == row["write_date"] else "write"
        if uid == session.client.uid or kind not in rule.when.events:  # the agent's own write starts nothing
            return []
        event = Event(rule=rule.name, model=model, id=record_id, write_date=row["write_date"], source="webhook")
        outcome = run_event(session, self.watcher.store, rule, event)
        return [] if outcome.status == "handled" else [outcome]
