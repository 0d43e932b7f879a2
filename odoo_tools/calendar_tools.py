"""Calendar: create an event (local times, a duration, attendees) and list events in a range.

Times are given in the agent's timezone (ODOO_TZ, else the user's) and stored in UTC as Odoo
wants. Invitations are not emailed (``no_mail_to_attendees``): the agent never mails people
on its own.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from pydantic import BaseModel, Field

from odoo_tools import nested
from odoo_tools.client import OdooClient
from odoo_tools.client.clock import get_clock
from odoo_tools.i18n import t
from odoo_tools.periods import PeriodName, period_range
from odoo_tools.registry import Risk, tool
from odoo_tools.resolve import RecordInput, resolve_one
from odoo_tools.results import RecordRef, ToolInput, ToolResult

__all__ = ["Event", "EventResult", "EventsResult"]

CALENDAR = ("calendar",)
_NO_MAIL = {"no_mail_to_attendees": True}


class Event(BaseModel):
    id: int
    name: str
    start: datetime = Field(description="Local time (the agent's timezone)")
    stop: datetime
    allday: bool
    attendees: list[str]
    location: str | None

    def ref(self) -> RecordRef:
        return RecordRef(model="calendar.event", id=self.id, display_name=self.name)

    def said(self) -> str:
        when = f"{self.start:%Y-%m-%d}" if self.allday else f"{self.start:%Y-%m-%d %H:%M}–{self.stop:%H:%M}"
        return f"{self.name} ({when})"


def _utc(local: datetime) -> str:
    if local.tzinfo is None:
        local = local.replace(tzinfo=get_clock().tz)
    return local.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")


def _local(value: str) -> datetime:
    return datetime.fromisoformat(value).replace(tzinfo=UTC).astimezone(get_clock().tz)


EVENT_SPEC = nested.spec(["name", "start", "stop", "allday", "location"], nested={"partner_ids": {"name": {}}})


def _event(r: dict[str, Any]) -> Event:
    """An event from a nested read (``EVENT_SPEC``): attendees come with their names."""
    return Event(id=r["id"], name=r["name"], start=_local(r["start"]), stop=_local(r["stop"]), allday=r["allday"],
                 attendees=[p["name"] for p in r["partner_ids"]], location=r["location"] or None)  # fmt: skip


def _events(client: OdooClient, domain: list[Any], limit: int = 50, offset: int = 0) -> list[Event]:
    rows = client.execute("calendar.event", "web_search_read", domain=domain, specification=EVENT_SPEC, limit=limit,
                          offset=offset or None, order="start, id")["records"]  # fmt: skip
    return [_event(r) for r in rows]


class EventResult(ToolResult):
    event: Event


class EventCreate(ToolInput):
    name: str = Field(min_length=1)
    start: datetime = Field(description="Local start (the agent's timezone); a date alone = an all-day event")
    duration_hours: float = Field(default=1.0, gt=0, le=24 * 14)
    allday: bool = False
    attendees: list[RecordInput] = Field(default_factory=list, description="Contacts or users (names or ids)")
    location: str | None = None


def _my_partner(client: OdooClient) -> int:
    """The API user's own contact (known from the connection's handshake when cached)."""
    return client.user_partner()


def _attendee(client: OdooClient, who: RecordInput, me: int) -> int:
    if isinstance(who, str) and who.strip().casefold() in ("me", "moi", "myself"):
        return me
    return resolve_one(client, "res.partner", who).id


@tool(domain="calendar", risk=Risk.WRITE, modules=CALENDAR)
def event_create(client: OdooClient, args: EventCreate) -> EventResult:
    """Create a calendar event at a local time with a duration and attendees (no invitation emails)."""
    me = _my_partner(client)
    partners = [_attendee(client, a, me) for a in args.attendees]
    vals: dict[str, Any] = {"name": args.name, "partner_ids": [[6, 0, sorted({me, *partners})]],
                            "location": args.location}  # fmt: skip
    if args.allday:
        day = args.start.date()
        days = max(1, round(args.duration_hours / 24))
        stop = day + timedelta(days=days - 1)
        vals |= {"allday": True, "start_date": day.isoformat(), "stop_date": stop.isoformat()}
    else:
        vals |= {"start": _utc(args.start), "stop": _utc(args.start + timedelta(hours=args.duration_hours))}
    # made and read back (attendees named) in one call
    rows = client.execute("calendar.event", "web_save", [], vals={k: v for k, v in vals.items() if v is not None},
                          specification=EVENT_SPEC, context=_NO_MAIL)  # fmt: skip
    event = _event(rows[0])
    who = t("calendar.with_attendees", names=", ".join(event.attendees)) if event.attendees else ""
    return EventResult(message=t("calendar.scheduled", event=event.said(),
                                 who=who), created=[event.ref()], event=event)  # fmt: skip


class EventsList(ToolInput):
    period: PeriodName | None = Field(default=None, description='e.g. "this_week"; or give day / dates')
    day: date | None = None
    date_from: date | None = None
    date_to: date | None = None
    mine: bool = Field(default=True, description="Only events the API user attends")
    limit: int = Field(default=50, ge=1, le=200)
    offset: int = Field(default=0, ge=0)


class EventsResult(ToolResult):
    events: list[Event]


@tool(domain="calendar", risk=Risk.READ, modules=CALENDAR)
def events_list(client: OdooClient, args: EventsList) -> EventsResult:
    """Events in a period or on a day (local dates), the API user's own by default."""
    if args.period:
        p = period_range(args.period)
        start, end = p.start, p.end
    elif args.day:
        start = end = args.day
    else:
        start, end = args.date_from or get_clock().today(), args.date_to or (args.date_from or get_clock().today())
    first = datetime.combine(start, time.min, tzinfo=get_clock().tz)
    last = datetime.combine(end + timedelta(days=1), time.min, tzinfo=get_clock().tz)
    domain: list[Any] = [["start", "<", _utc(last)], ["stop", ">=", _utc(first)]]
    if args.mine:
        domain.append(["partner_ids", "in", [_my_partner(client)]])
    events = _events(client, domain, args.limit, args.offset)
    return EventsResult(message=t("calendar.event_s", n=len(events), a=start, b=end,
                                  shown="; ".join(e.said() for e in events) or "–"),
                        found=[e.ref() for e in events], events=events)  # fmt: skip
