"""Offline-parser rules for the calendar, the fleet, the website shop and support tickets."""

from __future__ import annotations

import re
from datetime import datetime

from graphs import parse_rules as pr
from graphs.clause import Clause, clarify
from graphs.intents import (
    CreateEvent,
    CreateTicket,
    CreateVehicle,
    FleetCosts,
    Intent,
    ListEvents,
    LogOdometer,
    PublishProduct,
    SearchVehicles,
    WebsiteOrders,
    WebsiteRevenue,
)  # fmt: skip
from graphs.when import day_in, duration_in, next_week, time_in

__all__ = ["MORE_RULES"]

# --- calendar -------------------------------------------------------------------------------------

_EVENT_NAME = [re.compile(r"\b(?:meeting|event|reunion|evenement|rendez-vous|appointment)\s*:\s*"),
               re.compile(r"\b(?:called|named|nomme|intitule)\s+")]  # fmt: skip
_EVENT_STOP = re.compile(r"[,;(]|\b(?:tomorrow|today|demain|on|at|le|a|à|for|pour|with|avec|next|from)\b")
_SCHEDULED_THING = re.compile(
    r"\b(?:(?:an?|une?)\s+)?(?:\d+(?:[.,]\d+)?\s*[- ]?\s*(?:hours?|h|heures?|minutes?)\s+)?"
    r"(?P<what>[a-z][\w -]*?(?:session|meeting|call|review|point|workshop|demo)"
    r"|(?:session|reunion|point|atelier|revue)\s+(?:de|d')\s*[a-z]+)\b"
)
_WITH = re.compile(r"\b(?:with|avec)\s+(?P<who>[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?)")


def _create_event(c: Clause) -> Intent | None:
    colon = re.match(r"\s*(?:meeting|event|reunion|evenement|rendez-vous)\s*:", c.text.low)
    if not c.has("meeting") or not (c.has("create", "schedule", "add") or colon) or c.has("list"):
        return None
    hit = pr.first_entity(c.text, _EVENT_NAME, _EVENT_STOP)
    thing = c.text.search(_SCHEDULED_THING)
    name = hit.value if hit else (c.text.raw[thing.start("what") : thing.end("what")] if thing else None)
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


# --- fleet ----------------------------------------------------------------------------------------

_VEHICLE_MODEL = [re.compile(r"\b(?:vehicle|vehicule|car|voiture)\s*:?\s+(?:a\s+|an\s+|une?\s+)?")]
_PLATE = re.compile(r"\b(?:license plate|licence plate|plate|plaque|immatriculation|immatricul[eé]e?)\s*:?\s*"
                    r"(?P<plate>[A-Z0-9][A-Z0-9-]{2,})", re.IGNORECASE)  # fmt: skip
_MODEL_STOP = re.compile(r"[,;:(]|\b(?:with|avec|license|licence|plate|plaque|immatriculation|immatriculee|in|en)\b")
_COLORS = ("blue", "red", "white", "black", "grey", "gray", "green", "silver", "yellow", "brown")
# French colours, any gender and number, to the English names Odoo's demo data uses
_COLOR_WORDS = re.compile(r"\b(bleu|rouge|blanc|blanche|noir|gris|grise|vert|jaune|marron|argent)(?:e|s|es)?\b")
_NUMBER = re.compile(r"(\d{1,3}(?:[ ,.]\d{3})+|\d+)(?:\s*(?:miles?|mi|km|kilometres?|kilometers?))?")


def _color(c: Clause) -> str | None:
    english = next((w for w in _COLORS if re.search(rf"\b{w}\b", c.text.low)), None)
    if english:
        return english
    m = _COLOR_WORDS.search(c.text.low)
    return _COLOR_FR.get(m.group(1).replace("blanche", "blanc").replace("grise", "gris")) if m else None


def _create_vehicle(c: Clause) -> Intent | None:
    if not c.has("vehicle") or not c.has("create", "add") or c.has("odometer"):
        return None
    plate = _PLATE.search(c.text.raw)
    text = c.text.blank(plate.start(), plate.end()) if plate else c.text
    hit = pr.first_entity(text, _VEHICLE_MODEL, _MODEL_STOP, capitalised=True)
    if hit is None:
        return clarify(c, ("To add the vehicle", "Pour ajouter le véhicule"), ["vehicle"]) if c.whole else None
    return CreateVehicle(model=hit.value, plate=plate.group("plate") if plate else None, color=_color(c))


_COLOR_FR = {"bleu": "blue", "rouge": "red", "blanc": "white", "noir": "black", "gris": "grey", "vert": "green",
             "jaune": "yellow", "marron": "brown", "argent": "silver"}  # fmt: skip


# "for vehicle KA-01", "la voiture AB-123-CD": a plate-like word (with a digit in it) after the noun.
_VEHICLE_PLATE = re.compile(r"\b(?:vehicle|v[eé]hicule|voiture|car|van)\s+"
                            r"(?P<plate>(?=[\w-]*\d)[A-Za-z0-9][A-Za-z0-9-]*)", re.IGNORECASE)  # fmt: skip


def _odometer(c: Clause) -> Intent | None:
    if not c.has("odometer"):
        return None
    ref = c.ref("any")
    rest = c.text
    for m in re.finditer(r"§\d+", rest.low):
        rest = rest.blank(m.start(), m.end())
    number = _NUMBER.search(rest.low.replace("¤", ""))
    if not number:
        return None
    value = float(re.sub(r"[ ,.](?=\d{3}\b)", "", number.group(1)))
    plate = _PLATE.search(c.text.raw) or _VEHICLE_PLATE.search(c.text.raw)
    vehicle = f"#{ref}" if ref else (plate.group("plate") if plate else None)
    return LogOdometer(vehicle=vehicle, value=value) if vehicle else clarify(c, ("To log the odometer",
                                                                               "Pour relever le compteur"), ["vehicle"])


def _fleet_lists(c: Clause) -> Intent | None:
    if c.has("maintenance") and c.has("cost"):
        return FleetCosts(period=c.period or "this_month")
    if not c.has("vehicle"):
        return None
    if c.has("maintenance"):
        return SearchVehicles(service_due=True)
    color = _color(c)
    return SearchVehicles(color=color) if color or c.has("list", "search") else None


# --- website --------------------------------------------------------------------------------------

_PUBLISH_WHAT = [re.compile(r"\b(?:publish|publie|publier|unpublish|depublie|depublier|take down|hide)\s+(?:the\s+)?"
                            r"(?:product\s+|produit\s+)?")]  # fmt: skip
_PUBLISH_STOP = re.compile(pr.NAME_STOP.pattern + r"|\b(?:to|on|from|sur|du|off)\b")


def _publish(c: Clause) -> Intent | None:
    if not c.has("publish", "unpublish"):
        return None
    hit = pr.quoted(c.text) or pr.first_entity(c.text, _PUBLISH_WHAT, _PUBLISH_STOP)
    if hit is None:
        return clarify(c, ("To publish the product", "Pour publier le produit"), ["product"])
    return PublishProduct(product=hit.value, published=not c.has("unpublish"))


def _website(c: Clause) -> Intent | None:
    if not c.has("website"):
        return None
    how_much = re.search(r"\b(?:how much|combien)\b", c.text.low)  # "how much did the shop make?"
    if c.has("revenue") or (c.has("sale") and c.has("total")) or how_much:
        return WebsiteRevenue(period=c.period)
    return WebsiteOrders(period=c.period) if c.has("order", "sale") else None


# --- tickets --------------------------------------------------------------------------------------

_TICKET_SUBJECT = re.compile(r"[:—-]\s*(?P<subject>.+)$|\babout\s+(?P<about>.+)$|\bconcernant\s+(?P<fr>.+)$")


def _ticket(c: Clause) -> Intent | None:
    if not c.has("ticket") or c.has("list"):
        return None
    m = _TICKET_SUBJECT.search(c.text.raw)
    subject = next((g for g in (m.group("subject"), m.group("about"), m.group("fr")) if g), None) if m else None
    customer = pr.first_entity(c.text, pr.CUSTOMER_ANCHORS[:1], pr.CUSTOMER_STOP, capitalised=True)
    if not subject:
        return clarify(c, ("To open the ticket", "Pour ouvrir le ticket"), ["name"])
    return CreateTicket(subject=subject.strip(" ."), customer=customer.value if customer else None)


MORE_RULES = (_create_event, _list_events, _odometer, _create_vehicle, _fleet_lists, _publish, _website, _ticket)
