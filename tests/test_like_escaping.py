"""User text in ilike / =ilike domains is matched as typed: % _ and \\ never act as wildcards."""

from __future__ import annotations

import pytest

from odoo_tools import OdooClient
from odoo_tools.names import like_literal
from odoo_tools.resolve import Found, NotFound, resolve
from tests.conftest import run_tool


def test_like_literal_escapes_only_the_three_characters() -> None:
    assert like_literal("Acme Corp") == "Acme Corp"  # unchanged: the happy path's requests stay the same
    assert like_literal("%") == "\\%"
    assert like_literal("a_b") == "a\\_b"
    assert like_literal("c:\\x%_") == "c:\\\\x\\%\\_"


@pytest.mark.live
def test_percent_and_underscore_are_matched_as_typed(client: OdooClient, request: pytest.FixtureRequest) -> None:
    name = f"Odoo-agent 100% sure_{request.node.name}"
    pid = client.create("res.partner", {"name": name})
    try:
        for text in ("%", "_", "100%", "% sure_"):
            found = run_tool(client, "partner_search", name=text)
            # Only names holding the text as typed (other tests name their records test_...), ours among them.
            assert pid in [p.id for p in found.partners] and all(text in p.name for p in found.partners), text
        assert [p.id for p in run_tool(client, "partner_search", name="100%").partners] == [pid]
        assert run_tool(client, "partner_search", name="\\").partners == []
        # "quote Acme% ...": the customer phrase is taken literally, so it is not Acme Corporation.
        assert isinstance(resolve(client, "res.partner", "Acme%"), NotFound)
        assert isinstance(resolve(client, "res.partner", "Acme"), Found)
        literal = resolve(client, "res.partner", "100% sure")
        assert isinstance(literal, Found) and literal.record.id == pid
    finally:
        client.unlink("res.partner", [pid])
