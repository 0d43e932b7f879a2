"""``odoo-agent watch``: poll Odoo for the event rules' changes, run the schedules, sync the reviews.

One pass (``Watcher.tick``) does what is due now; ``run`` repeats it until Ctrl-C, sleeping until the next
thing is due. Cursors are Odoo's own ``write_date`` values, each poll looks back an overlap (a long
transaction commits rows stamped earlier), and every change is claimed once in the store; the agent's own
writes start nothing (a rule would otherwise trigger itself). Schedules run once a day at their time, in
their time zone, on the agent's clock (frozen in replays).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, Field

from agent.automation_rules import AutomationsFile, Rule
from agent.automation_runs import AutomationSession, Event, Outcome, run_event, run_schedule
from agent.automation_store import AutomationStore
from agent.reviews import sync_reviews
from odoo_tools.changes import changes_since, newest_change
from odoo_tools.client.clock import get_clock
from odoo_tools.client.errors import OdooError
from odoo_tools.guardrails import WEEKDAYS

__all__ = ["OVERLAP", "TickReport", "Watcher"]

log = logging.getLogger(__name__)

OVERLAP = timedelta(minutes=10)  # how far back each poll looks before its cursor (long transactions)
_SYNC = "approvals_sync"


class TickReport(BaseModel):
    """What one pass did."""

    outcomes: list[Outcome] = Field(default_factory=list)
    polled: list[str] = Field(default_factory=list, description="Rules whose model was polled")
    synced: bool = False
    errors: list[str] = Field(default_factory=list)


class Watcher:
    """The event rules' polls, the schedules and the review sync of one automations file."""

    def __init__(self, session: AutomationSession, store: AutomationStore, rules: AutomationsFile, *,
                 poll_interval: timedelta) -> None:  # fmt: skip
        self.session, self.store, self.rules, self.poll_interval = session, store, rules, poll_interval
        self._next_poll: dict[str, datetime] = {}

    def tick(self) -> TickReport:
        """Everything due now, once."""
        report = TickReport()
        now = get_clock().now()
        for rule in self.rules.rules:
            try:
                if rule.when is not None and now >= self._next_poll.get(rule.name, now):
                    report.outcomes += self.poll(rule)
                    report.polled.append(rule.name)
                    self._next_poll[rule.name] = now + (rule.when.every or self.poll_interval)
                elif (
                    rule.schedule is not None
                    and (day := self._due_day(rule, now))
                    and self.store.ran_on(rule.name, day)
                ):
                    report.outcomes.append(run_schedule(self.session, rule, day))
            except OdooError as exc:  # Odoo down or refusing: said, and tried again at the next pass
                report.errors.append(f"{rule.name}: {exc}")
                log.warning("automation %s: %s", rule.name, exc)
        report.synced = self._sync(now)
        return report

    def poll(self, rule: Rule) -> list[Outcome]:
        """The changes of ``rule``'s model since its cursor, each run once; the cursor moves to the newest seen."""
        assert rule.when is not None
        cursor = self.store.cursor(rule.name)
        if cursor is None:  # a new rule starts from Odoo's newest change: nothing before it is an event for it
            self.store.move_cursor(
                rule.name, newest_change(self.session.client, rule.when.model) or "1970-01-01 00:00:00"
            )
            return []
        own = self.session.client.uid
        outcomes = []
        for change in changes_since(self.session.client, rule.when.model, cursor, overlap=OVERLAP,
                                    domain=rule.when.domain):  # fmt: skip
            if change.kind in rule.when.events and change.write_uid != own:
                event = Event(rule=rule.name, model=change.model, id=change.id, write_date=change.write_date,
                              source="poll")  # fmt: skip
                outcome = run_event(self.session, self.store, rule, event)
                if outcome.status != "handled":
                    outcomes.append(outcome)
            self.store.move_cursor(rule.name, change.write_date)
        return outcomes

    def _scheduled(self, rule: Rule, day: str) -> list[Outcome]:
        """The schedule's run of ``day``, unless it ran that day already (in this process or another)."""
        return [run_schedule(self.session, rule, day)] if self.store.ran_on(rule.name, day) else []

    def _due_day(self, rule: Rule, now: datetime) -> str | None:
        """The day (ISO) a schedule is due on, once its time has come that day in its zone; None otherwise."""
        assert rule.schedule is not None
        zone_name = (
            self.session.client.context.get("tz") if rule.schedule.timezone == "odoo" else rule.schedule.timezone
        )
        try:
            local = now.astimezone(ZoneInfo(zone_name or "UTC"))
        except (ZoneInfoNotFoundError, ValueError):
            local = now.astimezone(ZoneInfo("UTC"))
        if WEEKDAYS[local.weekday()] not in rule.schedule.days or local.time() < rule.schedule.at:
            return None
        return local.date().isoformat()

    def _sync(self, now: datetime) -> bool:
        """``approvals sync`` every ``approvals_sync``: the reviewers' decisions in Odoo resume their threads."""
        last = self.store.chore_at(_SYNC)
        if last is not None and now < datetime.fromisoformat(last) + self.rules.approvals_sync:
            return False
        try:
            sync_reviews(self.session, self.session.home)
        except OdooError as exc:
            log.warning("approvals sync: %s", exc)
        self.store.chore_done(_SYNC, now.isoformat())
        return True

    def run(self, sleep: Callable[[float], None], *, passes: int | None = None,
            said: Callable[[TickReport], None] = lambda r: None) -> None:  # fmt: skip
        """Tick until interrupted (Ctrl-C ends the sleep or the pass cleanly), or ``passes`` times."""
        done = 0
        try:
            while passes is None or done < passes:
                said(self.tick())
                done += 1
                if passes is None or done < passes:
                    sleep(self._sleep_for())
        except KeyboardInterrupt:
            return

    def _sleep_for(self) -> float:
        """Seconds until the next poll is due (at most a minute, so schedules are met on their minute)."""
        now = get_clock().now()
        due = [max(0.0, (at - now).total_seconds()) for at in self._next_poll.values()]
        return min([60.0, *due])
