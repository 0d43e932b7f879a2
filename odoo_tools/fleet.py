"""Fleet: vehicles (brand and model resolved, plate), odometer readings, services due, costs, search by colour."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, Field

from odoo_tools.client import OdooClient
from odoo_tools.client.clock import get_clock
from odoo_tools.errors import OdooValidationError
from odoo_tools.i18n import t
from odoo_tools.names import like_literal
from odoo_tools.periods import PeriodName, period_range
from odoo_tools.registry import Risk, tool
from odoo_tools.resolve import RecordInput, resolve_one
from odoo_tools.results import RecordRef, ToolInput, ToolResult

__all__ = ["Vehicle", "VehicleResult", "VehiclesResult"]

FLEET = ("fleet",)
V_FIELDS = ["name", "model_id", "license_plate", "color", "odometer", "service_activity", "driver_id"]


class Vehicle(BaseModel):
    id: int
    name: str
    model: str | None
    plate: str | None
    color: str | None
    odometer: float
    service: str | None = Field(description="Odoo's service activity: overdue, today, planned")

    def ref(self) -> RecordRef:
        return RecordRef(model="fleet.vehicle", id=self.id, display_name=self.name)


def _vehicles(client: OdooClient, domain: list[Any], limit: int = 50, offset: int = 0) -> list[Vehicle]:
    fields = [f for f in V_FIELDS if client.has_field("fleet.vehicle", f)]
    rows = client.search_read("fleet.vehicle", domain, fields, limit=limit, offset=offset, order="name, id")
    return [Vehicle(id=r["id"], name=r["name"], model=r["model_id"][1] if r["model_id"] else None,
                    plate=r.get("license_plate") or None, color=r.get("color") or None,
                    odometer=r.get("odometer") or 0.0,
                    service=r.get("service_activity") if r.get("service_activity") not in (None, False, "none")
                    else None) for r in rows]  # fmt: skip


class VehicleResult(ToolResult):
    vehicle: Vehicle


class VehicleCreate(ToolInput):
    model: str = Field(description='Brand and model: "Tesla Model 3"')
    plate: str | None = None
    color: str | None = None
    idempotency_key: str | None = None


def _model(client: OdooClient, phrase: str) -> tuple[int, str]:
    """The vehicle model of ``"Brand Model"``; a brand or model missing from the catalogue is added (said back)."""
    words = phrase.split()
    if len(words) < 2:
        raise OdooValidationError(t("fleet.say_vehicle_brand_model", phrase=phrase))  # fmt: skip
    for cut in range(len(words) - 1, 0, -1):
        brand_name = like_literal(" ".join(words[:cut]))
        brand = client.search("fleet.vehicle.model.brand", [["name", "=ilike", brand_name]], limit=1)
        if brand:
            name = " ".join(words[cut:])
            model_domain = [["brand_id", "=", brand[0]], ["name", "=ilike", like_literal(name)]]
            found = client.search("fleet.vehicle.model", model_domain, limit=1)
            if found:
                return found[0], ""
            new = client.create("fleet.vehicle.model", {"name": name, "brand_id": brand[0]})
            return new, t("fleet.model_added_catalogue", m=phrase)
    brand_id = client.create("fleet.vehicle.model.brand", {"name": words[0]})  # "Tesla Model 3": brand Tesla
    new = client.create("fleet.vehicle.model", {"name": " ".join(words[1:]), "brand_id": brand_id})
    return new, t("fleet.brand_model_added_catalogue", b=words[0], m=" ".join(words[1:]))  # fmt: skip


@tool(domain="fleet", risk=Risk.WRITE, modules=FLEET)
def vehicle_create(client: OdooClient, args: VehicleCreate) -> VehicleResult:
    """Add a vehicle: its brand and model (the model joins the brand's catalogue if new), plate and colour."""
    model, extra = _model(client, args.model)
    vals = {"model_id": model, "license_plate": args.plate, "color": args.color}
    vid = client.create("fleet.vehicle", {k: v for k, v in vals.items() if v is not None},
                        idempotency_key=args.idempotency_key)  # fmt: skip
    vehicle = _vehicles(client, [["id", "=", vid]])[0]
    return VehicleResult(message=t("fleet.added_vehicle", name=vehicle.name,
                                   extra=extra), created=[vehicle.ref()], vehicle=vehicle)  # fmt: skip


class OdometerLog(ToolInput):
    vehicle: RecordInput = Field(description='"#1", an id, the plate or the name')
    value: float = Field(gt=0)
    day: date | None = None


def _vehicle(client: OdooClient, phrase: RecordInput) -> Vehicle:
    if isinstance(phrase, str):
        by_plate = client.search("fleet.vehicle", [["license_plate", "=ilike", like_literal(phrase.strip())]], limit=1)
        if by_plate:
            return _vehicles(client, [["id", "=", by_plate[0]]])[0]
    return _vehicles(client, [["id", "=", resolve_one(client, "fleet.vehicle", phrase).id]])[0]


@tool(domain="fleet", risk=Risk.WRITE, modules=FLEET)
def odometer_log(client: OdooClient, args: OdometerLog) -> VehicleResult:
    """Record an odometer reading (refused when lower than the last one)."""
    vehicle = _vehicle(client, args.vehicle)
    if args.value < vehicle.odometer:
        raise OdooValidationError(t("fleet.already_reads_would_go",
                                    name=vehicle.name, old=vehicle.odometer, new=args.value))  # fmt: skip
    day = args.day or get_clock().today()
    client.create("fleet.vehicle.odometer", {"vehicle_id": vehicle.id, "value": args.value, "date": day.isoformat()})
    after = _vehicles(client, [["id", "=", vehicle.id]])[0]
    return VehicleResult(message=t("fleet.odometer", name=after.name, value=args.value,
                                   day=day), changed=[after.ref()], vehicle=after)  # fmt: skip


# A colour is stored as the person said it ("gris"); a search by a French colour also finds the English one
# (Odoo's demo data and English speakers write "grey").
# Keys are stems: the word without its plural "s" and feminine "e" ("grises" → "gri").
_COLOR_EN = {"bleu": "blue", "roug": "red", "blanc": "white", "blanch": "white", "noir": "black", "gri": "grey",
             "gris": "grey", "vert": "green", "jaun": "yellow", "marron": "brown", "argent": "silver"}  # fmt: skip


class VehiclesQuery(ToolInput):
    service_due: bool = Field(default=False, description="Only vehicles with a service logged and not done")
    color: str | None = None
    text: str | None = Field(default=None, description="In the name or plate")
    limit: int = Field(default=50, ge=1, le=200)
    offset: int = Field(default=0, ge=0)


class VehiclesResult(ToolResult):
    vehicles: list[Vehicle]


@tool(domain="fleet", risk=Risk.READ, modules=FLEET)
def vehicles_search(client: OdooClient, args: VehiclesQuery) -> VehiclesResult:
    """Vehicles by colour, text, or with a service due (a service logged and not done yet)."""
    domain: list[Any] = []
    if args.service_due:  # a service logged and not done yet (service_activity is not searchable)
        open_services = client.search_read("fleet.vehicle.log.services", [["state", "in", ["new", "running"]]],
                                           ["vehicle_id"])  # fmt: skip
        domain.append(["id", "in", sorted({s["vehicle_id"][0] for s in open_services if s["vehicle_id"]})])
    if args.color:
        stem = args.color.lower().rstrip("s").removesuffix("e")
        english = _COLOR_EN.get(stem)  # "bleus" finds "bleue", "bleu" and "blue"
        domain += (
            ["|", ["color", "ilike", like_literal(stem)], ["color", "ilike", english]]
            if english
            else [["color", "ilike", like_literal(args.color)]]
        )
    if args.text:
        domain += ["|", ["name", "ilike", like_literal(args.text)], ["license_plate", "ilike", like_literal(args.text)]]
    found = _vehicles(client, domain, args.limit, args.offset)
    shown = "; ".join(v.name + (f" ({v.color})" if v.color else "") + (f", service {v.service}" if v.service else "")
                      for v in found)  # fmt: skip
    return VehiclesResult(message=t("fleet.vehicle_s", n=len(found),
                                    shown=shown or "–"), found=[v.ref() for v in found], vehicles=found)  # fmt: skip


class FleetCosts(ToolInput):
    period: PeriodName = "this_month"


class VehicleCost(BaseModel):
    vehicle: str
    amount: float


class FleetCostsResult(ToolResult):
    total: float
    by_vehicle: list[VehicleCost]


@tool(domain="fleet", risk=Risk.READ, modules=FLEET)
def fleet_costs(client: OdooClient, args: FleetCosts) -> FleetCostsResult:
    """Service and maintenance costs in a period, by vehicle (one grouped read)."""
    p = period_range(args.period)
    domain = [["date", ">=", p.start.isoformat()], ["date", "<=", p.end.isoformat()], ["state", "!=", "cancelled"]]
    rows = client.read_group("fleet.vehicle.log.services", domain, ["vehicle_id"], ["amount:sum"])
    costs = [VehicleCost(vehicle=r["vehicle_id"][1] if r["vehicle_id"] else "–", amount=r["amount:sum"] or 0.0)
             for r in rows]  # fmt: skip
    total = sum(c.amount for c in costs)
    shown = "; ".join(f"{c.vehicle} {c.amount:,.2f}" for c in costs)
    return FleetCostsResult(message=t("fleet.maintenance_costs", a=p.start, b=p.end,
                                      total=total, shown=shown or "–"), total=total, by_vehicle=costs)  # fmt: skip
