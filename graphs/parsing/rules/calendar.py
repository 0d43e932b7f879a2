"""Offline-parser rules for the calendar: booking a meeting and listing events."""

from __future__ import annotations

import re
from datetime import datetime

from graphs.parsing.clause import Clause, clarify
from graphs.parsing.dates import day_in, day_range_in, duration_in, next_week, time_in, time_range_in
from graphs.parsing.intents import (
    CreateEvent,
    Intent,
    ListEvents,
)  # fmt: skip
from graphs.parsing.names import Hit, first_entity, quoted, unquoted
from graphs.parsing.text import fold
from graphs.parsing.vocabulary import CONCEPTS
from odoo_tools.client.clock import get_clock

__all__ = ["CALENDAR_RULES"]

_EVENT_NAME = [re.compile(r"\b(?:meeting|event|reunion|evenement|rendez-vous|appointment)\s*:\s*"),
               re.compile(r"\b(?:called|named|nomme|intitule)\s+")]  # fmt: skip
# (a day named with its date or its time ends the title: "Bilan annuel jeudi 26 juin", "Stand-up friday at 9";
# "Friday Drinks" alone keeps its day)
_EVENT_STOP = re.compile(
    r"[,;(]|\b(?:tomorrow|today|demain|on|at|le|a|à|for|pour|with|avec|next|from|this|ce|cette)\b"
    r"|\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|lundi|mardi|mercredi|jeudi|vendredi|samedi"
    r"|dimanche)\s+(?=\d|(?:prochain|next|morning|afternoon|evening|matin|apres-midi|soir|at|à|a|de|from)\b)"
)
_SCHEDULED_THING = re.compile(
    r"\b(?:(?:an?|une?|the)\s+)?(?:\d+(?:[.,]\d+)?\s*[- ]?\s*(?:hours?|h|heures?|minutes?)\s+)?"
    r"(?P<what>[a-z][\w -]*?(?:session|meeting|call|review|point|workshop|demo|huddle|visit|interview)"
    r"|(?:session|reunion|point|atelier|revue)\s+(?:de|d')\s*[a-z]+)\b"
)
# "meeting Budget review tomorrow": a capitalised name right after the word
_NAMED_AFTER = [re.compile(r"\b(?:meeting|event|reunion|evenement|appointment|session)\s+(?!(?:monday|tuesday|wednesday"
                           r"|thursday|friday|saturday|sunday|today|tomorrow|next|this|lundi|mardi|mercredi|jeudi"
                           r"|vendredi|samedi|dimanche|demain|ce|cette)\b)")]  # fmt: skip
# "book a 90-minute planning session": the thing, without the verb, article and duration before it
_LEADING_VERB = re.compile(
    r"^(?:.*\b(?:book|schedule|plan|set up|organi[sz]e|arrange|cale|planifie|organise|fixe|put|add|mets|ajoute)\s+)?"
    r"(?:(?:an?|une?|the|le|la)\s+)?(?:\d+(?:[.,]\d+)?\s*[- ]?\s*(?:hours?|h|heures?|minutes?)\s+)?",
    re.IGNORECASE,
)
# A person: up to three capitalised words ("Yann Le Goff"), a particle between ("Anna van Dijk"), no day name
_PERSON = (
    r"[A-Z][\w'-]+(?:\s+(?:(?:van|von|der|den|de|du|da|di|del|della|dos|das|ben|bin|el|al)\s+)?"
    r"(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Today|Tomorrow|Next|This|Lundi|Mardi"
    r"|Mercredi|Jeudi|Vendredi|Samedi|Dimanche|Demain|At|On|In|For|To|À|Pour|Ce)\b)[A-Z][\w'-]+){0,2}"
)
# "with Marta and Oskar Lindqvist", "avec Claire Dubois et Paul", "invite Ana and Bo": every person named after
# with/avec or a word that invites them
_WITH = re.compile(
    rf"\b(?:with|avec|(?i:invite|invites|inviting|invitez|invite[rz]?|convie[rz]?|conviez|including))"
    rf"\s+(?P<who>{_PERSON}(?:\s*(?:,|\band\b|\bet\b)\s*{_PERSON})*)"
)
# "with the enologist Pascale", "with the Diageo rep Siobhán", "avec notre comptable Julie": a person after their role
_NOT_A_PERSON = (r"(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Today|Tomorrow|Next|This|Lundi|Mardi"
                 r"|Mercredi|Jeudi|Vendredi|Samedi|Dimanche|Demain)\b)")  # fmt: skip
_WITH_ROLE = re.compile(rf"\b(?:with|avec)\s+(?:the|our|their|notre|leur|le|la|l')\s*(?:[A-Z][\w'-]+\s+)?"
                        rf"(?:[a-zà-ÿ][\w'-]+\s+){{1,2}}(?P<who>{_NOT_A_PERSON}[A-Z][\w'-]+)\b")  # fmt: skip
# Words for a meeting besides the keyword table's: a call, a sync, a catch-up, a visio
_EVENT_WORD = re.compile(r"\b(?:calls?|sync|catch-up|catch up|stand-?up|appel|visio|rdv|call|huddle|site visit"
                         r"|interview|entretien|diary)\b")  # fmt: skip
# "call it Supplier sync", "appelle-la Point fournisseurs", "titled X": the event's name at the end
_CALL_IT = re.compile(
    r"\b(?:call it|name it|titled|entitled|title|titre|appelle-la|appelle-le|intitulee?)\s*:?\s+(?P<name>[^,;.]+)"
)
_QUESTION = re.compile(r"\?\s*$|^\W*(?:do|does|is|are|have|what|when|which|est-ce|ai-je|avons-nous|quand|quel)\b")


_MEETING_WITH = re.compile(r"\b(?:rdv|rendez-vous|meeting|call|appel|visio|reunion)\s+(?:with|avec)\s+"
                           rf"{_PERSON.replace('[A-Z]', '[a-zà-ÿ]')}")  # fmt: skip


def _attendees(c: Clause) -> list[str]:
    raw = unquoted(c.text.raw)
    named = [p.strip() for m in _WITH.finditer(raw)
             for p in re.split(r"\s*(?:,|\band\b|\bet\b)\s*", m.group("who")) if p.strip()]  # fmt: skip
    return named or [m.group("who") for m in _WITH_ROLE.finditer(raw)]


# "… about the snagging list", "objet : point boutique": what the meeting is about, a name when none is given
_ABOUT = re.compile(r"\b(?:about|regarding|re|concernant|au sujet de|pour parler de|objet\s*:)\s+(?P<what>[^,;.?!]+)")


def _is_booking(c: Clause) -> bool:
    """A meeting to put in the calendar: a booking verb, "Meeting: …", or a named day and hour that is not a
    question ("meeting with Marta on Monday at 10am, call it Supplier sync")."""
    eventish = c.has("meeting") or bool(c.text.search(_EVENT_WORD))
    about = c.text.search(_ABOUT)  # "… about the snagging list": the subject's words are no order to list
    head = c.text.blank(about.start(), about.end()) if about else c.text
    if head.search(CONCEPTS["list"]):
        return False
    if not (eventish or (c.has("schedule") and quoted(c.text))):
        # "mets « Bilan » lundi à 14h pour une heure avec Yann": a title put on a day and an hour, for a length or
        # with people, is a booking whatever the verb
        dated = day_in(c.text.low) and (time_in(c.text.low) or time_range_in(c.text.low))
        with_people = _WITH.search(unquoted(c.text.raw)) or duration_in(c.text.low)
        return bool(quoted(c.text) and dated and with_people and not c.text.search(_QUESTION))
    if c.has("create", "schedule", "add") or re.match(r"\s*(?:meeting|event|reunion|evenement|rendez-vous)\s*:",
                                                      c.text.low):  # fmt: skip
        return True
    day = day_in(c.text.low) or c.period == "today"
    return bool(day and (time_in(c.text.low) or time_range_in(c.text.low)) and not c.text.search(_QUESTION))


def _create_event(c: Clause) -> Intent | None:
    if not _is_booking(c):
        return None
    call_it = c.text.search(_CALL_IT)
    hit = (quoted(c.text) or first_entity(c.text, _EVENT_NAME, _EVENT_STOP)
           or first_entity(c.text, _NAMED_AFTER, _EVENT_STOP, capitalised=True))  # fmt: skip
    if call_it:
        hit = Hit(c.text.raw[call_it.start("name") : call_it.end("name")].strip(" .'\""), 0, 0)
    thing = c.text.search(_SCHEDULED_THING)
    what = _LEADING_VERB.sub("", c.text.raw[thing.start("what") : thing.end("what")]) if thing else None
    about = c.text.search(_ABOUT)
    subject = c.text.raw[about.start("what") : about.end("what")].strip() if about else None
    subject = re.sub(r"^(?:the|a|an|le|la|les|l')\s+", "", subject, flags=re.I) if subject else None
    with_whom = _MEETING_WITH.search(fold(c.said))  # "rdv avec Maison Fabre": the meeting, as written, names it
    said = c.said[with_whom.start() : with_whom.end()] if with_whom else None
    name = hit.value if hit else subject or what or said
    day, clock = day_in(c.text.low), time_in(c.text.low)
    span = time_range_in(c.text.low)  # "from 8 to 12": the start and the length at once
    if span:
        clock = span[0]
    if day is None and c.period == "today":  # "today" was read as the clause's period
        day = get_clock().today()
    hours = span[1] if span else duration_in(c.text.low) or 1.0
    if not name:  # in a longer message, the next sentence may name it: "…in the calendar? Meeting: Standup, …"
        return clarify(c, "parser.to_create_event", ["event_name"]) if c.whole else None
    if day is None or clock is None:
        return clarify(c, "parser.to_schedule_event", ["start"], name=name, hours=hours)
    who = _attendees(c)
    return CreateEvent(name=name, start=datetime.combine(day, clock), duration_hours=hours, attendees=who)


_AGENDA = re.compile(
    r"\b(?:what(?:'s| is) on|what have i got|what do i have|j'ai quoi|qu'est-ce que j'ai|mon agenda)\b"
)


def _list_events(c: Clause) -> Intent | None:
    asked = c.has("meeting") or (c.text.search(_AGENDA) and (day_in(c.text.low) or c.period))
    if not asked or c.has("create", "schedule") or _is_booking(c):
        return None
    if re.search(r"\b(?:next week|la semaine prochaine|semaine prochaine)\b", c.text.low):
        start, end = next_week()
        return ListEvents(date_from=start, date_to=end)
    if c.period:
        return ListEvents(period=c.period)
    days = day_range_in(c.text.low)
    if days:
        return ListEvents(date_from=days[0], date_to=days[1])
    day = day_in(c.text.low)
    if day:
        return ListEvents(date_from=day, date_to=day)
    return ListEvents(period="this_week") if c.has("list") or re.search(r"\b(?:my|mes|what|which|quels?)\b",
                                                                         c.text.low) else None  # fmt: skip


CALENDAR_RULES = (
    _create_event,
    _list_events,
)
