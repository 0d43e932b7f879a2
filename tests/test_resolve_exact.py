"""The exact-first resolver: one request for every name of a model, settling only what is conclusive.

The pattern and the decision are checked without Odoo; the request count and the answers against a
real Odoo 19 (``live``, replayed from cassettes).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from odoo_tools import OdooClient, known
from odoo_tools.client.compat import product_kind_vals
from odoo_tools.resolve import Ambiguous, Found, ModelProfile, ResolverSettings, resolve
from odoo_tools.resolve_exact import _settle, contains_pattern, like_regex, resolve_exact


def test_the_pattern_contains_the_phrase_with_vowels_and_accents_as_wildcards() -> None:
    assert contains_pattern("Chateau Margaux") == "%Ch_t___ M_rg__x%"
    assert like_regex(contains_pattern("Chateau Margaux")).fullmatch("Domaine du Château Margaux")
    assert not like_regex(contains_pattern("Chateau Margaux")).fullmatch("Chateau Latour")
    # a company's legal suffix is left out, so "Acme" and "Acme Corp" both come back
    assert contains_pattern("Acme Corp", strip_suffixes=True) == "%_cm_%"
    assert contains_pattern("Corp", strip_suffixes=True) == "%C_rp%"  # never an empty pattern


def test_like_wildcards_typed_by_a_person_match_only_themselves() -> None:
    pattern = contains_pattern("50% off_pack")
    assert pattern == "%50\\% _ff\\_p_ck%"
    assert like_regex(pattern).fullmatch("Promo 50% off_pack")
    assert not like_regex(pattern).fullmatch("Promo 500 offXpack")


def _row(rid: int, name: str, **refs: str) -> dict[str, object]:
    return {"id": rid, "display_name": name, "name": name, **refs}


def test_only_a_conclusive_answer_settles_a_phrase() -> None:
    settings = ResolverSettings()

    def settle(phrase: str, rows: list[dict[str, object]], strip: bool = False) -> int | None:
        profile = ModelProfile(model="product.product", ref_fields=["default_code"], strip_suffixes=strip)
        ref = _settle(phrase, rows, profile, like_regex(contains_pattern(phrase, strip_suffixes=strip)), settings)
        return ref.id if ref else None

    assert settle("Oak Desk", [_row(1, "Oak Desk"), _row(2, "Oak Desk Drawer Unit")]) == 1
    assert settle("oak desk", [_row(1, "Oak Desk")]) == 1  # case does not matter
    assert settle("Oak Desk", [_row(1, "Oak Desk"), _row(2, "Oak Desks")]) is None  # a typo twin: ask
    assert settle("Oak", [_row(2, "Oak Desk Drawer Unit")]) is None  # contained, not equal: the full way
    assert settle("Acme", [_row(1, "Acme"), _row(2, "Acme Corp")], strip=True) is None  # same company name
    assert settle("D-100", [_row(1, "Desk", default_code="D-100"), _row(2, "D-100 Lamp")]) == 1
    assert settle("D-100", [_row(1, "Desk", default_code="D-100"), _row(2, "Lamp", default_code="d-100")]) is None


# -- against a real Odoo 19 -----------------------------------------------------------------------------


@pytest.fixture
def products(client: OdooClient) -> Iterator[list[int]]:
    kind = product_kind_vals(client.fields_get("product.product"), "goods")
    names = ["Vextrani Gadget", "Vextrani Widget", "Vextrani Bolt", "Vextrani Bolt Cutter", "Vextrani Nuts",
             "Vextrani Nut"]  # fmt: skip
    ids = client.create_many("product.product", [{"name": n, "sale_ok": True, **kind} for n in names])
    yield ids
    client.write("product.product", ids, {"active": False})


@pytest.mark.live
def test_three_products_in_one_request_then_known_without_another(client: OdooClient, products: list[int]) -> None:
    known.forget(client)
    client.fields_get("product.product")  # metadata, not resolution
    before = client.stats.count
    sale = [["sale_ok", "=", True]]
    settled = resolve_exact(client, "product.product", ["Vextrani Gadget", "vextrani widget", "Vextrani Bolt",
                                                        "Vextrani Nut"], domain=sale)  # fmt: skip
    assert client.stats.count - before == 1
    assert {p: r.id for p, r in settled.items()} == {
        "Vextrani Gadget": products[0], "vextrani widget": products[1], "Vextrani Bolt": products[2],
    }  # fmt: skip
    # "Vextrani Nut" has a twin ("Vextrani Nuts"): left to the full resolver, which asks
    again = client.stats.count
    found = resolve(client, "product.product", "Vextrani Gadget", domain=sale)
    by_id = resolve(client, "product.product", products[1], domain=sale)
    assert isinstance(found, Found) and found.record.id == products[0]
    assert isinstance(by_id, Found) and by_id.record.display_name == "Vextrani Widget"
    assert client.stats.count == again  # known: no request
    twin = resolve(client, "product.product", "Vextrani Nut", domain=sale)
    assert isinstance(twin, Ambiguous) and {c.record.id for c in twin.candidates} >= {products[4], products[5]}
    # under another domain a record is not known: it is checked again
    other = client.stats.count
    resolve(client, "product.product", products[1], domain=[["purchase_ok", "=", True]])
    assert client.stats.count == other + 1
    # facts read along with the names: a product's free stock for the preview
    assert known.facts(client, "product.product", [products[0]], ["free_qty"]) is not None
    known.forget(client)
    assert known.facts(client, "product.product", [products[0]], ["free_qty"]) is None
