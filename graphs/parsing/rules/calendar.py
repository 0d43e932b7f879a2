"""Offline-parser rules for the calendar: booking a meeting and listing events."""

from __future__ import annotations

import re
from datetime import datetime

from graphs.parsing.clause import Clause, clarify
from graphs.parsing.dates import day_in, duration_in, next_week, time_in
from graphs.parsing.intents import (
    CreateEvent,
    Intent,
    ListEvents,
)  # fmt: skip
from graphs.parsing.names import first_entity

__all__ = ["CALENDAR_RULES"]

_EVENT_NAME = [re.compile(r"\b(?:meeting|event|reunion|evenement|rendez-vous|appointment)\s*:\s*"),
               re.compile(r"\b(?:called|named|nomme|intitule)\s+")]  # fmt: skip
_EVENT_STOP = re.compile(r"[,;(]|\b(?:tomorrow|today|demain|on|at|le|a|à|for|pour|with|avec|next|from)\b")
_SCHEDULED_THING = re.compile(
    r"\b(?:(?:an?|une?)\s+)?(?:\d+(?:[.,]\d+)?\s*[- ]?\s*(?:hours?|h|heures?|minutes?)\s+)?"
    r"(?P<what>[a-z][\w -]*?(?:session|meeting|call|review|point|workshop|demo)"
    r"|(?:session|reunion|point|atelier|revue)\s+(?:de|d')\s*[a-z]+)\b"
)
# "meeting Budget review tomorrow": a capitalised name right after the word
_NAMED_AFTER = [re.compile(r"\b(?:meeting|event|reunion|evenement|appointment|session)\s+")]
# "book a 90-minute planning session": the thing, without the verb, article and duration before it
_LEADING_VERB = re.compile(
    r"^(?:(?:book|schedule|plan|set up|organi[sz]e|arrange|cale|planifie|organise|fixe)\s+)?"
    r"(?:(?:an?|une?|the|le|la)\s+)?(?:\d+(?:[.,]\d+)?\s*[- ]?\s*(?:hours?|h|heures?|minutes?)\s+)?",
    re.IGNORECASE,
)
_WITH = re.compile(r"\b(?:with|avec)\s+(?P<who>[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?)")


def _create_event(c: Clause) -> Intent | None:
    colon = re.match(r"\s*(?:meeting|event|reunion|evenement|rendez-vous)\s*:", c.text.low)
    if not c.has("meeting") or not (c.has("create", "schedule", "add") or colon) or c.has("list"):
        return None
    hit = first_entity(c.text, _EVENT_NAME, _EVENT_STOP) or first_entity(c.text, _NAMED_AFTER, _EVENT_STOP,
                                                                           capitalised=True)  # fmt: skip
    thing = c.text.search(_SCHEDULED_THING)
    what = _LEADING_VERB.sub("", c.text.raw[thing.start("what") : thing.end("what")]) if thing else None
    name = hit.value if hit else what
    day, clock = day_in(c.text.low), time_in(c.text.low)
    hours = duration_in(c.text.low) or 1.0
    if not name:  # in a longer message, the next sentence may name it: "…in the calendar? Meeting: Standup, …"
        return clarify(c, ("To create the event", "Pour créer l'événement"), ["event_name"]) if c.whole else None
    if day is None or clock is None:
        what = (f"To schedule {name!r} ({hours:g} h)", f"Pour planifier « {name} » ({hours:g} h)")
        return clarify(c, what, ["start"])
    who = [m.group("who") for m in _WITH.finditer(c.text.raw)]
    return CreateEvent(name=name, start=datetime.combine(day, clock), duration_hours=hours, attendees=who)


def _list_events(c: Clause) -> Intent | None:
    if not c.has("meeting") or c.has("create", "schedule"):
        return None
    if re.search(r"\b(?:next week|la semaine prochaine|semaine prochaine)\b", c.text.low):
        start, end = next_week()
        return ListEvents(date_from=start, date_to=end)
    if c.period:
        return ListEvents(period=c.period)
    day = day_in(c.text.low)
    if day:
        return ListEvents(date_from=day, date_to=day)
    return ListEvents(period="this_week") if c.has("list") or re.search(r"\b(?:my|mes|what|which|quels?)\b",
                                                                         c.text.low) else None  # fmt: skip


CALENDAR_RULES = (
    _create_event,
    _list_events,
)
