"""Dates, times, durations and named periods as people write them ("tomorrow at 10am, 1 hour", "on the 15th",
"next week", "last month").

Relative words are read against the agent clock (frozen in replays), in its timezone.
"""

from __future__ import annotations

import re
from datetime import date, time, timedelta

from graphs.parsing.text import Text, phrase_pattern
from odoo_tools.client.clock import get_clock
from odoo_tools.periods import PeriodName

__all__ = [
    "DAY_SAID",
    "PERIODS",
    "PERIOD_PHRASES",
    "day_in",
    "day_range_in",
    "duration_in",
    "find_period",
    "next_week",
    "next_weekday_unsure",
    "time_in",
    "time_range_in",
]

_WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
             "lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5, "dimanche": 6}  # fmt: skip
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
# A weekday said short, only where a day is expected ("due fri", "by thurs", "avant ven"): "sat" alone is a word
_SHORT_DAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6, "lun": 0, "mar": 1, "mer": 2,
               "jeu": 3, "ven": 4, "sam": 5, "dim": 6}  # fmt: skip
_SHORT_WEEKDAY = re.compile(r"\b(?:due|by|on|until|till|before|this|next|avant|pour|d'ici)\s+"
                            r"(mon|tues?|wed|thu(?:rs?)?|fri|sat|sun|lun|mer|jeu|ven|sam|dim)\.?(?!\w)")  # fmt: skip
_DAY_SLASH_MONTH = re.compile(r"(?<![\w/§])([0-3]?\d)/([01]?\d)(?:/(\d{4}|\d{2}))?(?![\w/])")
_NTH = re.compile(r"\b(?:on\s+)?(?:the\s+|le\s+)(\d{1,2})(?:st|nd|rd|th|er)?\b")
_TIME = re.compile(
    r"\b(?:at\s+|a\s+|à\s+)?(\d{1,2})(?:[:h.](\d{2}))?\s*(am|pm)\b"
    r"|\b(?:at\s+|à\s+)?(\d{1,2})[:h](\d{2})?\b"
)
# Not "à 10h"/"at 10h": that is a time of day.
# "2 hours", "90-minute", "1.5 h"; but "à 10h" / "at 10h" is a time of day, not a duration.
# (the hour in the writer's other language too: Dutch "uur", German "Stunden", Spanish "horas")
_DURATION = re.compile(r"\b(\d+(?:[.,]\d+)?)\s*[- ]?\s*"
                       r"(hours?|hrs?|heures?|minutes?|mins?|uur|uren|stunden?|std|horas?)\b"
                       r"|(?<!à )(?<!at )(?<!a )\b(\d+(?:[.,]\d+)?)\s*(h)\b")  # fmt: skip
# "1h30" is a duration, "à 9h30" a time of day
_HOURS_MINUTES = re.compile(r"(?<!à )(?<!at )(?<!a )\b(\d+)h(\d{2})\b")
# Durations said in words, after the clean-up turned number words into digits ("deux heures" is "2 heures")
_WORD_DURATIONS = (
    (re.compile(r"\b(?:half an hour|a half hour|une demi-heure|une demi heure|30 mn)\b"), 0.5),
    (re.compile(r"\b(?:an|one|1|une|un)\s+(?:hour|heure)\s+(?:and a half|et demie)\b"), 1.5),
    (re.compile(r"\b(?:an|one|une)\s+(?:hour|heure)\b"), 1.0),
)
_AND_A_HALF = re.compile(r"\b(\d+)\s+(?:and a half hours|hours and a half|heures et demie)\b")
_MONTHS = {"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
           "september": 9, "october": 10, "november": 11, "december": 12, "jan": 1, "feb": 2, "mar": 3, "apr": 4,
           "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12, "janvier": 1,
           "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7, "aout": 8, "septembre": 9,
           "octobre": 10, "novembre": 11, "decembre": 12}  # fmt: skip
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
# "October 22nd", "Oct 22", "22 October", "le 22 octobre", "the 22nd of October"
_MONTH_DAY = re.compile(
    rf"\b(?P<m1>{_MONTH})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\b"
    rf"|\b(?P<d2>\d{{1,2}})(?:st|nd|rd|th|er)?\s+(?:of\s+)?(?P<m2>{_MONTH})\b"
)
# "mardi 20", "tuesday the 20th": the weekday only confirms the day of the month
_WEEKDAY_NTH = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|lundi|mardi|mercredi|jeudi|vendredi|samedi"
    r"|dimanche)\s+(?:the\s+)?(\d{1,2})(?:st|nd|rd|th|er)?\b(?![.,:h]\d|\s*(?:h|:|am|pm))"
)


# "du 18 au 22 septembre", "from the 3rd to the 7th of May": two days of one month
_DAY_RANGE = re.compile(
    r"\b(?:du|from|between)\s+(?:le\s+|the\s+)?(?P<d1>\d{1,2})(?:er|st|nd|rd|th)?\s+(?:au|to|until|till|and|et)\s+"
    rf"(?:le\s+|the\s+)?(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>{_MONTH})\b"
)


def day_range_in(text: str, today: date | None = None) -> tuple[date, date] | None:
    """The first and last day of a range said in one month ("du 18 au 22 septembre"), if any."""
    m = _DAY_RANGE.search(text)
    if m is None:
        return _two_days(text, today)
    first, last = day_in(f"{m.group('d1')} {m.group('m')}", today), day_in(f"{m.group('d2')} {m.group('m')}", today)
    return (first, last) if first and last and first <= last else None


# "from Monday to next friday", "du lundi au vendredi prochain", "between tomorrow and Friday": two days said each
# as day_in reads them (a few words each)
_DAY_TO_DAY = re.compile(
    r"\b(?:from|du|de|between|entre)\s+(?P<a>[\w']+(?:\s+[\w']+){0,2}?)\s+(?:to|until|till|through|au|jusqu'au|"
    r"jusqu'à|and|et)\s+(?:the\s+|le\s+)?(?P<b>[\w']+(?:\s+[\w']+){0,2}?)(?=\s*(?:[?.!,;]|$))"
)


def _two_days(text: str, today: date | None) -> tuple[date, date] | None:
    m = _DAY_TO_DAY.search(text)
    if m is None:
        return None
    first, last = day_in(m.group("a"), today), day_in(m.group("b"), today)
    return (first, last) if first and last and first <= last else None


def next_weekday_unsure(text: str, today: date | None = None) -> str | None:
    """ "next Thursday" said before Thursday in the same week: this week's or next week's? The words said."""
    today = today or get_clock().today()
    for name, weekday in _WEEKDAYS.items():
        m = re.search(rf"\bnext\s+{name}\b", text)
        if m and weekday > today.weekday():
            return m.group(0)
    return None


def day_in(text: str, today: date | None = None) -> date | None:
    """The day a (folded) text names, if any."""
    today = today or get_clock().today()
    m = _ISO.search(text)
    if m:
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    if re.search(r"\b(?:day after tomorrow|apres-demain)\b", text):
        return today + timedelta(days=2)
    if re.search(r"\b(?:tomorrow|demain)\b", text):
        return today + timedelta(days=1)
    if re.search(r"\b(?:today|aujourd'hui|tonight|ce soir)\b", text):
        return today
    m = re.search(r"\b(?:a|one|1) week (?:from|after) (?:this |next )?(\w+)", text)  # "a week from friday"
    if m and m.group(1) in _WEEKDAYS:
        return today + timedelta(days=(_WEEKDAYS[m.group(1)] - today.weekday()) % 7 or 7) + timedelta(days=7)
    if re.search(r"\b(?:end of (?:the )?month|fin (?:du|de) mois)\b", text):
        return (today.replace(day=1) + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    m = _MONTH_DAY.search(text)
    if m:
        day, month = int(m.group("d1") or m.group("d2")), _MONTHS[m.group("m1") or m.group("m2")]
        try:
            this_year = date(today.year, month, day)
        except ValueError:
            return None
        return this_year if this_year >= today - timedelta(days=31) else this_year.replace(year=today.year + 1)
    m = _WEEKDAY_NTH.search(text)
    if m:
        return _nth(int(m.group(1)), today)
    for name, weekday in _WEEKDAYS.items():
        if re.search(rf"\b{name}\b", text):
            coming = today + timedelta(days=(weekday - today.weekday()) % 7 or 7)
            # "next Thursday" said on a Wednesday: next week's Thursday, not tomorrow (slot_doubts asks)
            later_this_week = weekday > today.weekday() and re.search(rf"\bnext\s+{name}\b", text)
            return coming + timedelta(days=7) if later_this_week else coming
    written = _short_day(text, today)
    if written is not None:
        return written
    m = _NTH.search(text)
    return _nth(int(m.group(1)), today) if m else None


def _short_day(text: str, today: date) -> date | None:
    """A day written short: a weekday abbreviated ("due fri", "by thurs") or day/month ("by 24/01", "le 03/02/2028",
    day first as Europe writes it)."""
    m = _SHORT_WEEKDAY.search(text)
    if m:
        weekday = _SHORT_DAYS[m.group(1)[:3]]
        return today + timedelta(days=(weekday - today.weekday()) % 7 or 7)
    m = _DAY_SLASH_MONTH.search(text)
    if not m:
        return None
    year = int(m.group(3)) if m.group(3) else None
    year = year + 2000 if year is not None and year < 100 else year
    try:
        said = date(year or today.year, int(m.group(2)), int(m.group(1)))
    except ValueError:
        return None
    return said if year or said >= today - timedelta(days=31) else said.replace(year=today.year + 1)


def _nth(n: int, today: date) -> date | None:
    """The next day numbered n: this month's if still to come, else next month's."""
    if not 1 <= n <= 31:
        return None
    month = today if n >= today.day else (today.replace(day=1) + timedelta(days=32))
    try:
        return month.replace(day=n)
    except ValueError:
        return None


_HALF_PAST = re.compile(r"\bhalf\s+(?:past\s+)?(\d{1,2})\b(?!\s*(?:hours?|hrs?|h|days?|[:.,]\d))")


_QUARTER = re.compile(r"\bquarter\s+(to|past|after)\s+(\d{1,2})\b(?!\s*(?:hours?|hrs?|days?|[:.,]\d))")


def time_in(text: str) -> time | None:
    """A clock time: "10am", "3:30 pm", "14:30", "14h", "à 9h30"."""
    for m in _TIME.finditer(text):
        if m.group(3):
            hour, minute = int(m.group(1)) % 12 + (12 if m.group(3) == "pm" else 0), int(m.group(2) or 0)
        else:
            hour, minute = int(m.group(4)), int(m.group(5) or 0)
        if hour < 24 and minute < 60:
            return time(hour, minute)
    # "half two", "half past 2" (British and Irish: 2:30); office hours make 1 to 7 afternoon hours
    half = _HALF_PAST.search(text)
    if half and int(half.group(1)) < 24:
        hour = int(half.group(1))
        return time(hour + 12 if 1 <= hour <= 7 else hour, 30)
    # "quarter to five", "a quarter past 3" (in the afternoon for 1 to 7, as above)
    quarter = _QUARTER.search(text)
    if quarter and 1 <= int(quarter.group(2)) <= 24:
        hour = int(quarter.group(2)) - (1 if quarter.group(1) == "to" else 0)
        return time(hour + 12 if 1 <= hour <= 7 else hour % 24, 45 if quarter.group(1) == "to" else 15)
    # "at 4", "à 9": a bare hour after at/à; office hours make 1 to 7 afternoon hours
    bare = re.search(r"\b(?:at|à)\s+(\d{1,2})\b(?![.,]\d|\s*(?:%|¤|€|\$|x\b|each|per|units?|pcs))", text)
    if bare and int(bare.group(1)) < 24:
        hour = int(bare.group(1))
        return time(hour + 12 if 1 <= hour <= 7 else hour, 0)
    return None


# "from 8 to 12", "from 9:30am to 11", "de 14h à 15h30", "entre 9h et 10h"
_TIME_RANGE = re.compile(
    r"\b(?:from|de|entre)\s+(\d{1,2})(?:[:h](\d{2}))?\s*(am|pm|h)?\s*(?:to|until|till|-|à|a|et)\s*"
    r"(\d{1,2})(?:[:h](\d{2}))?\s*(am|pm|h)?(?!\s*(?:%|¤|€|\$|units?|x\b|pcs|items?))"
)


def time_range_in(text: str) -> tuple[time, float] | None:
    """A start and a length in hours from "from 8 to 12" (office hours: 1 to 7 are afternoon hours)."""
    m = _TIME_RANGE.search(text)
    if not m:
        return None

    def hour(h: str, minutes: str | None, suffix: str | None) -> float:
        value = int(h) % 12 + (12 if suffix == "pm" else 0) if suffix in ("am", "pm") else int(h)
        value = value + 12 if suffix not in ("am", "pm", "h") and 1 <= value <= 7 else value
        return value + int(minutes or 0) / 60

    start, end = hour(m.group(1), m.group(2), m.group(3)), hour(m.group(4), m.group(5), m.group(6) or m.group(3))
    if not 0 <= start < end <= 24:
        return None
    return time(int(start), round((start % 1) * 60)), end - start


def duration_in(text: str) -> float | None:
    """Hours: "1 hour", "2-hour", "90 minutes", "1h30", "an hour and a half", "deux heures et demie".

    A length said after "for"/"pendant" wins over any other ("demain 9h30 pendant 45 minutes"), and "9h30" right
    after a day ("demain 9h30", "lundi 14h30") is the time of that day, never a length."""
    found = _durations(text)
    cued = [(start, hours) for start, hours in found if _DURATION_CUE.search(text[:start])]
    return (cued or found or [(0, None)])[0][1]


# The words that introduce a length of time
_DURATION_CUE = re.compile(r"\b(?:for|during|lasting|pendant|durant|d'une duree de|d'une durée de)\s+(?:about\s+|"
                           r"environ\s+|around\s+)?$")  # fmt: skip
_DAY_BEFORE = re.compile(rf"\b(?:tomorrow|today|tonight|demain|aujourd'hui|{'|'.join(_WEEKDAYS)}|prochain|next|"
                         rf"\d{{1,2}}(?:st|nd|rd|th|er)?(?:\s+(?:of\s+)?(?:{_MONTH}))?)"
                         r"\s+(?:a\s+|à\s+|at\s+|vers\s+)?$")  # fmt: skip


def _durations(text: str) -> list[tuple[int, float | None]]:
    """Each length of time said, with where it starts, in the order of preference (a length said as
    "1h30" first, then "N and a half hours", then in words, then "2 hours" / "90 minutes")."""
    found: list[tuple[int, float | None]] = []
    for m in _HOURS_MINUTES.finditer(text):
        if not _DAY_BEFORE.search(text[: m.start()]):
            found.append((m.start(), int(m.group(1)) + int(m.group(2)) / 60))
    for m in _AND_A_HALF.finditer(text):
        found.append((m.start(), int(m.group(1)) + 0.5))
    for pattern, hours in _WORD_DURATIONS:
        for m in pattern.finditer(text):
            found.append((m.start(), hours))
    for m in _DURATION.finditer(text):
        number, unit = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        if not m.group(1) and _DAY_BEFORE.search(text[: m.start()]):
            continue
        value = float(number.replace(",", "."))
        found.append((m.start(), value / 60 if unit.startswith("min") else value))
    return found


def next_week(today: date | None = None) -> tuple[date, date]:
    """Monday to Sunday of the coming week."""
    today = today or get_clock().today()
    monday = today + timedelta(days=7 - today.weekday())
    return monday, monday + timedelta(days=6)


# Checked in this order: "past 7 days" before "last week", "last year" before "this year".
PERIOD_PHRASES: list[tuple[PeriodName, list[str]]] = [
    ("past_7_days", [r"re:(?:the )?(?:past|last|previous) 7 days", r"re:(?:the )?(?:past|previous) week",
                     r"re:(?:les |des )?7 derniers jours", "cette derniere semaine", "depuis une semaine"]),
    ("past_30_days", [r"re:(?:the )?(?:past|last|previous) 30 days", r"re:(?:the )?(?:past|previous) month",
                      r"re:(?:les |des )?30 derniers jours", "depuis un mois"]),
    # French says "last" after the noun, with any article: "du mois passé", "de la semaine précédente".
    ("last_week", ["last week", r"re:(?:(?:la|de la|pour la|sur la)\s+)?semaine (?:derniere|passee|precedente)"]),
    ("this_week", ["this week", "cette semaine", "current week", "week to date"]),
    ("last_month", ["last month", r"re:(?:(?:le|du|au|pour le|sur le)\s+)?mois (?:dernier|passe|precedent)"]),
    ("this_month", ["this month", "ce mois-ci", "ce mois ci", "ce mois", "current month", "month to date",
                    "du mois"]),
    ("this_quarter", ["this quarter", "ce trimestre", "current quarter", "quarter to date"]),
    ("last_year", ["last year",
                   r"re:(?:(?:de |pour |sur )?l'|d')?(?:annee (?:derniere|passee|precedente)|an (?:dernier|passe))"]),
    ("this_year", ["this year", "cette annee", "current year", "year to date", "ytd", "depuis le debut de l'annee"]),
    ("yesterday", ["yesterday", "hier"]),
    ("today", ["today", "aujourd'hui", "ce jour"]),
]  # fmt: skip
PERIODS: list[tuple[PeriodName, re.Pattern[str]]] = [(n, phrase_pattern(p)) for n, p in PERIOD_PHRASES]


def find_period(text: Text) -> tuple[PeriodName | None, Text]:
    """The first named period in the text, and the text without it (so "7 days" is not a quantity)."""
    for name, pattern in PERIODS:
        m = text.search(pattern)
        if m:
            return name, text.blank(m.start(), m.end())
    return None, text


# A day said in the message ("due a week from friday", "pour jeudi 26", "by the 15th")
DAY_SAID = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|lundi|mardi|mercredi|jeudi|vendredi|samedi"
    r"|dimanche|tomorrow|demain|today|aujourd'hui|tonight|week|semaine|month|mois|(?:the|le)\s+\d{1,2}(?:st|nd|rd|th|er)?"
    r"|january|february|march|april|june|july|august|september|october|november|december|janvier|fevrier|avril"
    r"|juin|juillet|aout|septembre|octobre|novembre|decembre)\b"
)
