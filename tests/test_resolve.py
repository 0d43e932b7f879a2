"""The resolver against a real Odoo 19: exact, typo, accent, two close candidates, none.

Each test creates its own partners/products with distinctive names, and archives them at the end.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from odoo_tools import OdooClient
from odoo_tools.client.compat import product_kind_vals
from odoo_tools.resolve import Ambiguous, Found, NotFound, normalize, resolve, score

pytestmark = pytest.mark.live


class Made:
    """Records a test creates; archived at teardown even when the test fails."""

    def __init__(self, client: OdooClient) -> None:
        self.client, self.ids = client, {"res.partner": [], "product.product": []}

    def partners(self, *names: str) -> list[int]:
        ids = self.client.create_many("res.partner", [{"name": n, "is_company": True} for n in names])
        self.ids["res.partner"] += ids
        return ids

    def products(self, *names: str) -> list[int]:
        kind = product_kind_vals(self.client.fields_get("product.product"), "goods")
        ids = self.client.create_many("product.product", [{"name": n, **kind} for n in names])
        self.ids["product.product"] += ids
        return ids


@pytest.fixture
def made(client: OdooClient) -> Iterator[Made]:
    m = Made(client)
    yield m
    for model, ids in m.ids.items():
        if ids:
            client.write(model, ids, {"active": False})


def test_exact_name_and_exact_reference(client: OdooClient, made: Made) -> None:
    ids = made.partners("Zyphora Robotics", "Zyphora Robotics Europe")
    client.write("res.partner", [ids[1]], {"email": "eu@zyphora.example"})
    exact = resolve(client, "res.partner", "zyphora robotics")
    assert isinstance(exact, Found) and exact.record.id == ids[0] and exact.via == "name"
    by_email = resolve(client, "res.partner", "EU@zyphora.example")
    assert isinstance(by_email, Found) and by_email.record.id == ids[1] and by_email.via == "reference"
    by_id = resolve(client, "res.partner", ids[1])
    assert isinstance(by_id, Found) and by_id.via == "id"


def test_typo_and_word_order(client: OdooClient, made: Made) -> None:
    ids = made.partners("Quillborne Logistics")
    typo = resolve(client, "res.partner", "Quilborne Logistcs")
    assert isinstance(typo, Found) and typo.record.id == ids[0] and typo.score >= 88
    swapped = resolve(client, "res.partner", "logistics quillborne")
    assert isinstance(swapped, Found) and swapped.record.id == ids[0]


def test_accent_missing_from_the_phrase(client: OdooClient, made: Made) -> None:
    """A fresh Odoo 19 has accent-insensitive search off: 'Chateau' does not ilike 'Château'."""
    ids = made.partners("Château Vérac Distribution")
    assert client.search_count("res.partner", [["name", "ilike", "Chateau Verac"]]) == 0
    found = resolve(client, "res.partner", "Chateau Verac Distribution")
    assert isinstance(found, Found) and found.record.id == ids[0]


def test_company_suffix_does_not_make_a_new_company(client: OdooClient, made: Made) -> None:
    ids = made.partners("Brightwater Corp")
    found = resolve(client, "res.partner", "Brightwater")
    assert isinstance(found, Found) and found.record.id == ids[0]


def test_two_close_candidates_are_a_question_never_a_pick(client: OdooClient, made: Made) -> None:
    ids = made.partners("Halvorsen Marine", "Halvorsen Marine")
    client.write("res.partner", [ids[0]], {"city": "Bergen"})
    client.write("res.partner", [ids[1]], {"city": "Oslo"})
    result = resolve(client, "res.partner", "Halvorsen Marine")
    assert isinstance(result, Ambiguous)
    assert {c.record.id for c in result.candidates} == set(ids)
    assert {c.details.get("city") for c in result.candidates} == {"Bergen", "Oslo"}  # what tells them apart
    assert "Bergen" in result.question() and "Oslo" in result.question()
    products = made.products("Tarnwick Widget Blue", "Tarnwick Widget Red")
    widget = resolve(client, "product.product", "tarnwick widget")
    assert isinstance(widget, Ambiguous) and {c.record.id for c in widget.candidates} == set(products)


def test_nothing_plausible_is_not_found_with_suggestions(client: OdooClient) -> None:
    result = resolve(client, "res.partner", "Xqzzvrt Unknownco")
    assert isinstance(result, NotFound)
    assert all(c.score < 70 for c in result.closest)


def test_order_numbers_resolve_from_what_people_type(client: OdooClient) -> None:
    name = client.search_read("sale.order", [], ["name"], limit=1, order="id")[0]["name"]  # e.g. S00001
    number = int(name.lstrip("S"))
    for typed in (name, f"SO{number}", f"so {number:05d}", f"#{number}"):
        found = resolve(client, "sale.order", typed)
        assert isinstance(found, Found) and found.record.display_name == name, typed


def test_normalisation_rules() -> None:
    """Pure functions, no Odoo: case, accents, punctuation, legal suffixes."""
    assert normalize("Château-Vérac S.A.R.L.", strip_suffixes=True) == "chateau verac s a r l"
    assert normalize("ACME Corp.", strip_suffixes=True) == "acme"
    assert score("Acme", "Acme Corp", strip_suffixes=True) == 100
    assert score("acme", "Acme Robotics") > score("acme", "Acne Studios")
