"""Offline-parser rules for the fleet: registering a vehicle, odometer readings, fleet lists."""

from __future__ import annotations

import re

from graphs.parsing.clause import Clause, clarify
from graphs.parsing.intents import (
    CreateVehicle,
    FleetCosts,
    Intent,
    LogOdometer,
    SearchVehicles,
)  # fmt: skip
from graphs.parsing.names import first_entity
from graphs.parsing.text import fold

__all__ = ["FLEET_RULES"]

# The model after the noun ("add vehicle X", "our new van, a X"), after "the fleet:", or right after the verb when
# the noun comes later or not at all ("add the new Isuzu D-Max to the fleet", "ajoute le Renault Master immatriculé …")
# Kinds of vehicle said before the model ("le fourgon Renault Master", "the pickup Ford Ranger")
_KINDS = (
    r"van|truck|fourgon|fourgonnette|camionnette|navette|pickup|pick-up|ute|minibus|tracteur|tractor|forklift"
    r"|scooter"
)
_VEHICLE_MODEL = [
    re.compile(rf"\b(?:vehicle|vehicule|car|voiture|camion|utilitaire|{_KINDS})\s*[:,]?\s+(?:a\s+|an\s+|une?\s+)?"),
    re.compile(r"\b(?:fleet|flotte)\s*:\s*"),
    re.compile(r"\b(?:add|ajoute[rz]?|register|enregistre[rz]?|got|bought|acquired|recu|achete)\s+"
               r"(?:(?:the|a|an|our|le|la|l'|un|une|notre)\s+)?(?:(?:new|nouvelle?|nouvel)\s+)?"),
]  # fmt: skip
# A plate after its word ("plate YK71 PLW", "reg GX27 KLM", "immat GF-318-KL"): it holds a digit
# (after the short "reg"/"immat" it must hold a digit: "reg" is also a word; after "license plate" any code is one)
_PLATE = re.compile(r"\b(?:(?:license plate|licence plate|plate|plaque|immatriculation|immatricul[eé]e?)\b\s*:?\s*"
                    r"|(?:immat|reg|rego|registration)\b\s*:?\s*(?=[A-Z-]*\d))"
                    # a second group: letters ("AB12 CDE"), or digits after letters alone ("FLX 4821")
                    # or letters then digits again ("4512 HJ 01", "MH 12 AB 3456")
                    r"(?P<plate>[A-Z0-9][A-Z0-9-]{2,}(?:\s(?-i:[A-Z]{1,3})\s\d{1,4}(?:\s(?-i:[A-Z]{1,3})\s\d{1,4})?(?=\s|$|[,.;!?])"
                    r"|\s(?-i:(?=[A-Z0-9]*[A-Z])[A-Z0-9]{3}|(?<=[\s:][A-Z]{3}\s)\d{2,4})"
                    r"\b(?!\s*(?:km|kms|miles?|mi)\b))?)",
                    re.IGNORECASE)  # fmt: skip
_MODEL_STOP = re.compile(r"[,;:(]|\b(?:with|avec|license|licence|plate|plaque|immatriculation|immatriculee|immatricule"
                         r"|rego|immat|reg|in|en|to|into|à|dans|for|pour)\b")  # fmt: skip
_COLORS = ("blue", "red", "white", "black", "grey", "gray", "green", "silver", "yellow", "brown")
# French colours, any gender and number
_COLOR_WORDS = re.compile(r"\b(bleu|rouge|blanc|blanche|noir|gris|grise|vert|jaune|marron|argent)(?:e|s|es)?\b")
_NUMBER = re.compile(r"(\d{1,3}(?:[ ,.]\d{3})+|\d+)(?:\s*(?:miles?|mi|km|kilometres?|kilometers?))?")


def _color(c: Clause) -> str | None:
    """The colour as the person wrote it ("blanc" stays French: it is stored as said; a search by a French
    colour also finds the English one, in the fleet tool)."""
    english = next((w for w in _COLORS if re.search(rf"\b{w}\b", c.text.low)), None)
    if english:
        return english
    m = _COLOR_WORDS.search(c.text.low)
    return c.text.raw[m.start() : m.end()].lower() if m else None


# "register a vehicle", "we got a new Kangoo", "on a reçu une nouvelle voiture": a vehicle to add to the fleet.
_ACQUIRED = re.compile(r"\b(?:register|registre|enregistre[rz]?|got|bought|acquired|purchased|recu|achete)\b")


# "nouvelle navette Renault Trafic immat …": a new vehicle with its plate, said without a verb
_NEW_ONE = re.compile(r"^\W*(?:(?:a|an|une?|our|notre)\s+)?(?:new|nouvelle?|nouvel)\b")


def _plate_said(c: Clause, plate: re.Match[str] | None) -> bool:
    """A plate that names a vehicle without the word ("ajoute le Renault Master immatriculé …"): its keyword in lower
    case (not "3 Plate 20cm", a product's name) and no order to add it to."""
    return plate is not None and c.text.raw[plate.start()].islower() and not c.ref("order", "invoice", "purchase")


def _create_vehicle(c: Clause) -> Intent | None:
    plate = _PLATE.search(c.text.raw)
    acquired = c.has("create", "add") or c.text.search(_ACQUIRED) or (plate and c.text.search(_NEW_ONE))
    if not (c.has("vehicle") or _plate_said(c, plate)) or not acquired or c.has("odometer"):
        return None
    text = c.text.blank(plate.start("plate"), plate.end()) if plate else c.text  # its keyword ends the model
    hit = first_entity(text, _VEHICLE_MODEL, _MODEL_STOP, capitalised=True)
    if hit is None:
        return clarify(c, "parser.to_add_vehicle", ["vehicle"]) if c.whole else None
    model = hit.value
    color = _color(c)
    if color and fold(model).endswith(f" {fold(color)}"):  # "Renault Master blanc immat …": the colour is read apart
        model = model[: -len(color)].rstrip()
    return CreateVehicle(model=model, plate=plate.group("plate") if plate else None, color=color)


# "for vehicle KA-01", "la voiture AB-123-CD": a plate-like word (with a digit in it) after the noun.
_VEHICLE_PLATE = re.compile(r"\b(?:vehicle|v[eé]hicule|voiture|car|van)\s+"
                            # "van EL 12345": letters, a space, then digits (Nordic plates)
                            r"(?P<plate>(?-i:[A-Z]{1,3})\s\d{2,6}\b|(?=[\w-]*\d)[A-Za-z0-9][A-Za-z0-9-]*)",
                            re.IGNORECASE)  # fmt: skip


# A reading in kilometres or miles on a vehicle: "log 61k km on vehicle #3"
DISTANCE = re.compile(r"\d\s*k?\s*(?:km|kms|kilometres?|kilometers?|miles?|mi)\b")
# A licence plate as written, without the word "plate": "FR-882-LM", "AB-123-CD", "KA-01-HH-1234"
_DISTANCE_SAID = re.compile(r"(?<![\w-])(\d{1,3}(?:[ ,.]\d{3})+|\d+)\s*(?:miles?|mi|km|kms|kilometres?|kilometers?)\b")
_PLATE_LIKE = re.compile(r"\b(?P<plate>(?=[A-Z0-9-]*\d)(?=[A-Z0-9-]*[A-Z])[A-Z0-9]{1,4}(?:-[A-Z0-9]{1,4}){1,3}"
                         r"|[A-Z]{2}\d{2}\s[A-Z]{3})\b")  # fmt: skip


def _odometer(c: Clause) -> Intent | None:
    plated = c.has("vehicle") or c.ref("any") or _PLATE_LIKE.search(c.text.raw)
    if not (
        c.has("odometer") or re.search(r"\breleve kilometrique\b", c.text.low) or (c.text.search(DISTANCE) and plated)
    ):
        return None
    ref = c.ref("any")
    rest = c.text
    for m in re.finditer(r"§\d+", rest.low):
        rest = rest.blank(m.start(), m.end())
    plate_like = _PLATE_LIKE.search(rest.raw)
    if plate_like:  # "FR-882-LM" holds digits that are no reading
        rest = rest.blank(plate_like.start(), plate_like.end())
    said = rest.low.replace("¤", "")
    # the number said with its unit is the reading ("le F-150 plaque V34 KLM, est rendu à 182400 km")
    number = _DISTANCE_SAID.search(said) or _NUMBER.search(said)
    if not number:
        return None
    value = float(re.sub(r"[ ,.](?=\d{3}\b)", "", number.group(1)))
    plate = _PLATE.search(c.text.raw) or _VEHICLE_PLATE.search(c.text.raw) or _PLATE_LIKE.search(c.text.raw)
    vehicle = f"#{ref}" if ref else (plate.group("plate") if plate else None)
    return LogOdometer(vehicle=vehicle, value=value) if vehicle else clarify(c, "parser.to_log_odometer", ["vehicle"])


# "due for a service", "need a service", "service overdue": the phrase list's wording with its small words moved
_SERVICE_DUE = re.compile(
    r"\b(?:due|needs?|need|overdue)\s+(?:for\s+)?(?:an?\s+|their\s+)?servic|\bservice\s+(?:is\s+)?(?:due|overdue)"
)


_COST_WORDS = re.compile(r"\b(?:coute\w*|coutait|spent|spend|spending|expensive|depense\w*)\b")


def _fleet_lists(c: Clause) -> Intent | None:
    if (c.has("maintenance") or c.has("vehicle")) and (c.has("cost") or c.text.search(_COST_WORDS)):
        return FleetCosts(period=c.period or "this_month")
    if not c.has("vehicle"):
        return None
    if c.has("maintenance") or c.text.search(_SERVICE_DUE):
        return SearchVehicles(service_due=True)
    color = _color(c)
    return SearchVehicles(color=color) if color or c.has("list", "search") else None


FLEET_RULES = (
    _odometer,
    _create_vehicle,
    _fleet_lists,
)
