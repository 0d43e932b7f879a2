"""Manufacturing tools against a real Odoo 19: BoM, MO created, confirmed, finished; status and in-progress list."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

import odoo_tools.manufacturing  # noqa: F401 - registers the tools
from odoo_tools import OdooClient
from odoo_tools.client.compat import product_kind_vals
from odoo_tools.client.errors import OdooValidationError
from odoo_tools.resolve import NoMatchError
from tests.conftest import run_tool as run
from tests.test_graph import word

pytestmark = pytest.mark.live


class Parts:
    """Two components with stock and a finished product named after the test."""

    def __init__(self, client: OdooClient, name: str) -> None:
        self.client, self.name = client, name
        kind = product_kind_vals(client.fields_get("product.product"), "storable")
        self.a, self.b = (client.create("product.product", {"name": f"{name} {part}", **kind})
                          for part in ("Sprocket", "Gear"))  # fmt: skip
        for pid in (self.a, self.b):
            client.create("stock.quant", {"product_id": pid, "location_id": self.stock(), "inventory_quantity": 500})
        quants = client.search("stock.quant", [["product_id", "in", [self.a, self.b]]])
        client.call("stock.quant", "action_apply_inventory", quants)

    def stock(self) -> int:
        warehouse = self.client.search("stock.warehouse", [], limit=1, order="id")
        return self.client.read("stock.warehouse", warehouse, ["lot_stock_id"])[0]["lot_stock_id"][0]

    def cleanup(self) -> None:
        mos = self.client.search("mrp.production", [["product_id.name", "=like", f"{self.name}%"],
                                                    ["state", "not in", ["done", "cancel"]]])  # fmt: skip
        if mos:
            self.client.call("mrp.production", "action_cancel", mos)
        boms = self.client.search("mrp.bom", [["product_tmpl_id.name", "=like", f"{self.name}%"]])
        if boms:
            self.client.write("mrp.bom", boms, {"active": False})
        products = self.client.search("product.product", [["name", "=like", f"{self.name}%"]])
        self.client.write("product.product", products, {"active": False})


@pytest.fixture
def parts(client: OdooClient, request: pytest.FixtureRequest) -> Iterator[Parts]:
    p = Parts(client, word(request.node.name))
    yield p
    p.cleanup()


def _bom(client: OdooClient, parts: Parts, create: bool = True) -> Any:
    return run(client, "bom_create", product=f"{parts.name} Gizmo", create_product=create,
               components=[{"product": f"{parts.name} Sprocket", "qty": 3},
                           {"product": f"{parts.name} Gear", "qty": 2}])  # fmt: skip


def test_the_finished_product_is_created_only_when_asked(client: OdooClient, parts: Parts) -> None:
    with pytest.raises(NoMatchError, match="No product matches"):
        _bom(client, parts, create=False)
    out = _bom(client, parts)
    assert [r.model for r in out.created] == ["mrp.bom", "product.product"]
    assert out.components == [f"3 × {parts.name} Sprocket", f"2 × {parts.name} Gear"]
    lines = client.search_read("mrp.bom.line", [["bom_id", "=", out.bom.id]], ["product_qty"], order="id")
    assert [ln["product_qty"] for ln in lines] == [3, 2]


def test_mo_created_confirmed_finished(client: OdooClient, parts: Parts) -> None:
    _bom(client, parts)
    made = run(client, "production_create", product=f"{parts.name} Gizmo", qty=5).production
    assert made.state == "draft" and made.qty == 5
    confirmed = run(client, "production_confirm", production=made.name).production
    assert confirmed.state == "confirmed"
    with pytest.raises(OdooValidationError, match="only a draft can be confirmed"):
        run(client, "production_confirm", production=made.id)
    listed = run(client, "productions_list", limit=200)
    assert made.id in [m.id for m in listed.productions]
    done = run(client, "production_finish", production=made.name).production
    assert (done.state, done.qty_produced) == ("done", 5)
    consumed = client.read("product.product", [parts.a, parts.b], ["qty_available"])
    assert [c["qty_available"] for c in consumed] == [500 - 15, 500 - 10]
    assert run(client, "production_status", production=made.id).message.startswith(f"{made.name}: 5 × ")


def test_an_mo_needs_a_bom(client: OdooClient, parts: Parts) -> None:
    with pytest.raises(OdooValidationError, match="has no bill of materials"):
        run(client, "production_create", product=f"{parts.name} Sprocket", qty=1)
