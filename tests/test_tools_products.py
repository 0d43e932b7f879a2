"""Product tools against a real Odoo 19 (cassettes; ``-m live`` for a server)."""

from __future__ import annotations

import zlib
from collections.abc import Iterator

import pytest

import odoo_tools.products  # noqa: F401  (registers the tools)
from odoo_tools import OdooClient, OdooValidationError
from odoo_tools.errors import DuplicateSuspectedError
from odoo_tools.registry import REGISTRY
from odoo_tools.resolve import AmbiguousMatchError, NoMatchError

pytestmark = pytest.mark.live


def name_of(request: pytest.FixtureRequest) -> str:
    return f"odoo-agent test {request.node.name}"


@pytest.fixture
def product(client: OdooClient, request: pytest.FixtureRequest) -> Iterator[dict[str, int]]:
    """A storable product named after the test, in Furniture / Office; deleted afterwards."""
    office = client.search_read("product.category", [["complete_name", "=", "Furniture / Office"]], ["id"])[0]["id"]
    tid = client.create("product.template", {
        "name": name_of(request), "type": "consu", "is_storable": True, "list_price": 80.0, "standard_price": 50.0,
        "default_code": f"OA-{request.node.name[5:25]}", "barcode": str(zlib.crc32(request.node.name.encode())),
        "categ_id": office,
    })  # fmt: skip
    variant = client.read("product.template", [tid], ["product_variant_id"])[0]["product_variant_id"][0]
    yield {"template": tid, "variant": variant}
    client.unlink("product.template", [tid])


def run(client: OdooClient, name: str, args: dict[str, object]) -> object:
    return REGISTRY[name].run(client, args)


def test_product_search_by_reference_barcode_kind_and_category(
    client: OdooClient, product: dict[str, int], request: pytest.FixtureRequest
) -> None:
    code = f"OA-{request.node.name[5:25]}"
    out = run(client, "product_search", {"default_code": code})
    assert [p.id for p in out.products] == [product["variant"]] and "1 product" in out.message
    found = out.products[0]
    assert (found.type, found.storable, found.list_price, found.standard_price) == ("goods", True, 80.0, 50.0)
    assert found.category == "Furniture / Office" and found.default_code == code and found.published is False
    by_barcode = run(client, "product_search", {"barcode": found.barcode})
    assert [p.id for p in by_barcode.products] == [product["variant"]]
    name = name_of(request)
    for kind, hits in (("storable", 1), ("goods", 1), ("service", 0)):
        assert len(run(client, "product_search", {"name": name, "kind": kind}).products) == hits, kind
    assert len(run(client, "product_search", {"name": name, "category": "office"}).products) == 1
    none = run(client, "product_search", {"name": name, "category": "Outdoor"})
    assert none.products == [] and none.message == "No product matches."


def test_product_create_and_refuse_duplicates(client: OdooClient, request: pytest.FixtureRequest) -> None:
    name = name_of(request)
    out = run(client, "product_create", {"name": name, "kind": "service", "list_price": 120, "standard_price": 75.5,
                                         "default_code": "OA-CREATE-1", "category": "Services"})  # fmt: skip
    tid = out.product.template_id
    row = client.read("product.template", [tid], ["name", "type", "is_storable", "list_price", "standard_price",
                                                  "default_code", "categ_id"])[0]  # fmt: skip
    assert (row["name"], row["type"], row["is_storable"]) == (name, "service", False)
    assert (row["list_price"], row["standard_price"], row["categ_id"][1]) == (120.0, 75.5, "Services")
    assert out.created[0].id == out.product.id and out.product.type == "service" and out.reorder_rule is None
    with pytest.raises(DuplicateSuspectedError, match="A similar product already exists"):
        run(client, "product_create", {"name": name.upper()})
    with pytest.raises(DuplicateSuspectedError, match="already has the default_code 'oa-create-1'"):
        run(client, "product_create", {"name": "Xqzzvrt Other Thing", "default_code": "oa-create-1"})
    assert client.search_count("product.template", [["name", "ilike", name]]) == 1
    client.unlink("product.template", [tid])


def test_product_create_with_min_stock_and_idempotency_key(client: OdooClient, request: pytest.FixtureRequest) -> None:
    args = {"name": name_of(request), "list_price": 25, "min_qty": 10, "idempotency_key": request.node.name}
    out = run(client, "product_create", args)
    assert out.product.storable and out.product.list_price == 25.0
    assert out.reorder_rule is not None
    assert [r.model for r in out.created] == ["product.product", "stock.warehouse.orderpoint"]
    fields = ["product_id", "product_min_qty", "product_max_qty", "trigger"]
    rule = client.read("stock.warehouse.orderpoint", [out.reorder_rule.id], fields)[0]
    assert (rule["product_id"][0], rule["product_min_qty"], rule["product_max_qty"]) == (out.product.id, 10.0, 10.0)
    again = run(client, "product_create", args)  # the same request re-sent: nothing new
    assert again.created == [] and again.found[0].id == out.product.id and again.message.startswith("Already created")
    with pytest.raises(OdooValidationError, match="A minimum stock needs a storable product"):
        run(client, "product_create", {"name": "Xqzzvrt Service", "kind": "service", "min_qty": 1})
    client.unlink("stock.warehouse.orderpoint", [out.reorder_rule.id])
    client.unlink("product.template", [out.product.template_id])


def test_product_update_price(client: OdooClient, product: dict[str, int], request: pytest.FixtureRequest) -> None:
    out = run(client, "product_update_price", {"product": name_of(request), "list_price": 99.9, "standard_price": 61})
    assert (out.old_list_price, out.old_standard_price) == (80.0, 50.0)
    row = client.read("product.product", [product["variant"]], ["list_price", "standard_price"])[0]
    assert (row["list_price"], row["standard_price"]) == (99.9, 61.0)
    assert (out.product.list_price, out.product.standard_price) == (99.9, 61.0)
    assert out.changed[0].id == product["variant"] and "sales price 80 -> 99.9, cost 50 -> 61" in out.message
    only_cost = run(client, "product_update_price", {"product": product["variant"], "standard_price": 62})
    assert (only_cost.product.list_price, only_cost.product.standard_price) == (99.9, 62.0)
    with pytest.raises(OdooValidationError, match="Nothing to change"):
        run(client, "product_update_price", {"product": product["variant"]})
    with pytest.raises(NoMatchError, match="No product matches 'Xqzzvrt Nothing'"):
        run(client, "product_update_price", {"product": "Xqzzvrt Nothing", "list_price": 1})


def test_product_publish_and_unpublish(
    client: OdooClient, product: dict[str, int], request: pytest.FixtureRequest
) -> None:
    out = run(client, "product_publish", {"product": name_of(request)})
    assert out.product.published is True and "Published" in out.message
    assert client.read("product.template", [product["template"]], ["is_published"])[0]["is_published"] is True
    off = run(client, "product_publish", {"product": product["variant"], "published": False})
    assert off.product.published is False and off.changed[0].id == product["variant"]
    assert client.read("product.template", [product["template"]], ["is_published"])[0]["is_published"] is False


def test_ambiguous_product_is_never_published(client: OdooClient, request: pytest.FixtureRequest) -> None:
    name = name_of(request)
    tids = client.create_many("product.template", [{"name": name, "default_code": "OA-TWIN-1"},
                                                   {"name": name, "default_code": "OA-TWIN-2"}])  # fmt: skip
    with pytest.raises(AmbiguousMatchError) as err:
        run(client, "product_publish", {"product": name})
    candidates = {c.record.display_name for c in err.value.resolution.candidates}
    assert candidates == {f"[OA-TWIN-1] {name}", f"[OA-TWIN-2] {name}"}
    assert {r["is_published"] for r in client.read("product.template", tids, ["is_published"])} == {False}
    client.unlink("product.template", tids)
