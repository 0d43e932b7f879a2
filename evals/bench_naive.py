"""The bench's ``naive_calls``: each workflow done the seed connector's way, as a plain script over our client.

The seed connector (the OpenClaw Odoo skill) resolves every name with its own search, reads each
product once for its price and once for its stock, creates the order and then each line with its own
``create``, and makes one call per step (confirm, invoice, post). These scripts do the same job that
way; the bench runs them in the same run as the agent and counts every call of the client, its
handshake included.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from odoo_tools import OdooClient

__all__ = ["NAIVE", "Fixture"]


@dataclass
class Fixture:
    """The bench run's records: its word, the ids by key, the scale rows' record ids."""

    word: str
    ids: dict[str, int] = field(default_factory=dict)
    scale: list[int] = field(default_factory=list)


def _find(client: OdooClient, model: str, name: str) -> int | None:
    found = client.search(model, [["name", "=", name]], limit=1)
    return found[0] if found else None


def _partner(client: OdooClient, name: str) -> int:
    return _find(client, "res.partner", name) or client.create("res.partner", {"name": name, "is_company": True})


def _product(client: OdooClient, name: str) -> dict[str, Any]:
    """One search for the name, one read for the price, one for the stock (as the seed connector does)."""
    pid = _find(client, "product.product", name)
    if pid is None:
        raise LookupError(f"no product {name!r}")
    price = client.read("product.product", [pid], ["list_price"])[0]["list_price"]
    stock = client.read("product.product", [pid], ["qty_available"])[0]["qty_available"]
    return {"id": pid, "price": price, "stock": stock}


def _quote(client: OdooClient, customer: int, lines: list[tuple[str, float]]) -> int:
    products = [(_product(client, name), qty) for name, qty in lines]
    order = client.create("sale.order", {"partner_id": customer})
    for product, qty in products:
        client.create("sale.order.line", {"order_id": order, "product_id": product["id"], "product_uom_qty": qty,
                                          "price_unit": product["price"]})  # fmt: skip
    return order


def w1(client: OdooClient, fx: Fixture, new: str) -> None:
    w = fx.word
    _quote(client, _partner(client, f"{w} Trading"), [(f"{w} Gadget", 2), (f"{w} Widget", 3), (f"{w} Bolt", 4)])


def w2(client: OdooClient, fx: Fixture, new: str) -> None:
    w = fx.word
    _quote(client, _partner(client, f"{new} Newco"), [(f"{w} Gadget", 2), (f"{w} Widget", 3), (f"{w} Bolt", 4)])


def w3(client: OdooClient, fx: Fixture, new: str) -> None:
    w = fx.word
    order = _quote(client, _partner(client, f"{w} Trading"), [(f"{w} Gadget", 10)])
    client.call("sale.order", "action_confirm", [order])
    ctx = {"active_model": "sale.order", "active_ids": [order]}
    wizard = client.create("sale.advance.payment.inv", {"advance_payment_method": "delivered",
                                                        "sale_order_ids": [[6, 0, [order]]]})  # fmt: skip
    client.call("sale.advance.payment.inv", "create_invoices", [wizard], context=ctx)
    invoices = client.read("sale.order", [order], ["invoice_ids"])[0]["invoice_ids"]
    client.call("account.move", "action_post", invoices)


def w4(client: OdooClient, fx: Fixture, new: str) -> None:
    _product(client, f"{fx.word} Gadget")


def w5(client: OdooClient, fx: Fixture, new: str) -> None:
    """The rules, then one read per product for its stock."""
    rules = client.search_read("stock.warehouse.orderpoint", [], ["product_id", "product_min_qty"])
    for rule in rules:
        client.read("product.product", [rule["product_id"][0]], ["qty_available"])


def w6(client: OdooClient, fx: Fixture, new: str) -> None:
    """The stages, then the open opportunities of each."""
    for stage in client.search_read("crm.stage", [], ["name"]):
        client.search_read("crm.lead", [["type", "=", "opportunity"], ["stage_id", "=", stage["id"]]],
                           ["name", "expected_revenue", "probability"])  # fmt: skip


def w7(client: OdooClient, fx: Fixture, new: str) -> None:
    company = _partner(client, f"{new} Robotics")
    client.create("crm.lead", {"name": f"{new} Robotics", "partner_id": company, "expected_revenue": 50000,
                               "email_from": f"info@{new.lower()}.example.com"})  # fmt: skip


def _rfq(client: OdooClient, vendor_name: str, product_name: str, qty: float) -> None:
    vendor = _partner(client, vendor_name)
    product = _product(client, product_name)
    order = client.create("purchase.order", {"partner_id": vendor})
    client.create("purchase.order.line", {"order_id": order, "product_id": product["id"], "product_qty": qty})


def w8a(client: OdooClient, fx: Fixture, new: str) -> None:
    _rfq(client, f"{fx.word} Supplies", f"{fx.word} Widget", 500)


def w8b(client: OdooClient, fx: Fixture, new: str) -> None:
    _rfq(client, f"{new} Metals", f"{fx.word} Widget", 500)


def w9a(client: OdooClient, fx: Fixture, new: str) -> None:
    project = _find(client, "project.project", f"{fx.word} Website")
    client.create("project.task", {"name": f"Fix {new} login button", "project_id": project})


def w9b(client: OdooClient, fx: Fixture, new: str) -> None:
    project = _find(client, "project.project", f"{new} Mobile App") or client.create(
        "project.project", {"name": f"{new} Mobile App"}
    )
    client.create("project.task", {"name": f"{new} wireframes", "project_id": project})


def w10(client: OdooClient, fx: Fixture, new: str) -> None:
    client.create("calendar.event", {"name": f"{new} Standup", "start": "2030-01-01 10:00:00",
                                     "stop": "2030-01-01 11:00:00", "duration": 1.0})  # fmt: skip


NAIVE: dict[str, Callable[[OdooClient, Fixture, str], None]] = {
    "W1": w1, "W2": w2, "W3": w3, "W4": w4, "W5": w5, "W6": w6, "W7": w7, "W8a": w8a, "W8b": w8b, "W9a": w9a,
    "W9b": w9b, "W10": w10,
}  # fmt: skip
