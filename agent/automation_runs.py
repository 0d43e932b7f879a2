"""One automation run: an event (or a schedule's tick) claimed once, the record re-read from Odoo, the rule's
flow run through the graph on a thread named after the event, and an approval handed to the reviewer.

The poller and the webhook both end here: whichever claims a change first runs it, the other finds it
handled (``AutomationStore.claim``), so one change starts its flow once. The webhook's payload is never
trusted: the record is read again from Odoo with the agent's own credentials, and must still match
the rule's domain.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import Literal, Protocol

from pydantic import BaseModel, Field

from agent.automation_rules import NoteFlow, Rule
from agent.automation_store import AutomationStore
from agent.contract import Reply
from agent.reviews import ask_reviewer
from graphs.context import Context
from graphs.decisions import Decision
from graphs.parsing.intents import ParseResult, PostNote
from graphs.state import RecordOut
from odoo_tools.client import OdooClient
from odoo_tools.client.errors import OdooError
from odoo_tools.i18n import t

__all__ = ["AutomationSession", "Event", "Outcome", "dry_run", "run_event", "run_schedule", "thread_for"]

log = logging.getLogger(__name__)


class AutomationSession(Protocol):
    """What a run needs of ``agent.session.AgentSession``."""

    context: Context
    client: OdooClient
    home: Path

    def run_given(self, text: str, thread_id: str, parse: ParseResult | None = None,
                  preset: dict[str, int] | None = None, about: RecordOut | None = None) -> Reply: ...  # fmt: skip

    def resume_reviewed(self, thread_id: str, decision: Decision, reviewed_by: int | None) -> Reply: ...


class Event(BaseModel):
    """A change a rule may act on: which record, its write_date (Odoo's time), and who told us."""

    rule: str
    model: str
    id: int
    write_date: str
    source: Literal["poll", "webhook", "test"]


class Outcome(BaseModel):
    """What became of an event: ``handled`` (another run had it), ``gone`` (no longer matches), or the reply's
    status; the thread the flow ran on."""

    status: str
    thread_id: str
    message: str = ""
    reply: Reply | None = Field(default=None, exclude=True, description="The flow's reply, for a caller that checks it")


def thread_for(rule: str, model: str, record_id: int, write_date: str) -> str:
    """The thread of one change: the same change is the same thread (and so the same idempotency keys)."""
    stamp = hashlib.sha256(f"{model}:{record_id}:{write_date}".encode()).hexdigest()[:12]
    return f"auto-{rule}-{record_id}-{stamp}"


def run_event(session: AutomationSession, store: AutomationStore, rule: Rule, event: Event) -> Outcome:
    """Run ``rule``'s flow for ``event`` once: claimed, re-read from Odoo, planned and gated like a message."""
    assert rule.when is not None
    thread = thread_for(rule.name, event.model, event.id, event.write_date)
    if not store.claim(rule.name, event.model, event.id, event.write_date, event.source, thread):
        return Outcome(status="handled", thread_id=thread)
    # Odoo's data, not the payload's: the record must exist, be the model the rule watches and match its domain.
    rows = session.client.search_read(event.model, [["id", "=", event.id], *rule.when.domain], ["display_name"])
    if not rows or event.model != rule.when.model:
        store.finish(rule.name, event.model, event.id, event.write_date, "gone")
        return Outcome(status="gone", thread_id=thread)
    about = RecordOut(model=event.model, id=event.id, name=rows[0]["display_name"] or "", action="found")
    text = f"automation {rule.name}: {event.model} {event.id} at {event.write_date}"  # i18n-exempt: a log line
    if isinstance(rule.do, NoteFlow):
        parse = ParseResult(intents=[PostNote(text=rule.do.text)], confidence=1.0, parser="automation")
        reply = session.run_given(text, thread, parse=parse, about=about)
    else:
        reply = session.run_given(rule.do.text, thread, about=about)
    return _finished(session, store, rule, event, reply)


def run_schedule(session: AutomationSession, rule: Rule, day: str) -> Outcome:
    """Run a scheduled rule's command for ``day`` (the caller marked the day run first)."""
    thread = f"auto-{rule.name}-{day}"
    reply = session.run_given(rule.do.text, thread)
    _review(session, reply)
    return Outcome(status=reply.status, thread_id=thread, message=reply.message, reply=reply)


def _finished(session: AutomationSession, store: AutomationStore, rule: Rule, event: Event, reply: Reply) -> Outcome:
    store.finish(rule.name, event.model, event.id, event.write_date, reply.status)
    _review(session, reply)
    return Outcome(status=reply.status, thread_id=reply.thread_id, message=reply.message, reply=reply)


def _review(session: AutomationSession, reply: Reply) -> None:
    """An approval an automation raised waits for the policy's reviewer in Odoo (none named: for `approvals`)."""
    try:
        ask_reviewer(session, session.home, reply)
    except OdooError as exc:  # the approval stays pending; `approvals list` shows it
        log.warning("reviewer not asked for %s: %s", reply.thread_id, exc)


def dry_run(session: AutomationSession, rule: Rule, record_id: int | None) -> Reply:
    """``rule``'s flow on ``record_id`` (or its schedule's command) as the watcher would run it, on a throwaway
    thread and without claiming the change; the caller's policy keeps every write waiting (a dry run)."""
    if rule.when is None or record_id is None:
        return session.run_given(rule.do.text, f"test-{rule.name}")
    rows = session.client.search_read(rule.when.model, [["id", "=", record_id], *rule.when.domain], ["display_name"])
    if not rows:
        raise LookupError(t("automations.record_not_matching", model=rule.when.model, id=record_id, name=rule.name))
    about = RecordOut(model=rule.when.model, id=record_id, name=rows[0]["display_name"] or "", action="found")
    thread = f"test-{rule.name}-{record_id}"
    if isinstance(rule.do, NoteFlow):
        parse = ParseResult(intents=[PostNote(text=rule.do.text)], confidence=1.0, parser="automation")
        return session.run_given(f"automation test {rule.name}: {rule.when.model} {record_id}", thread, parse=parse,
                                 about=about)  # fmt: skip
    return session.run_given(rule.do.text, thread, about=about)
