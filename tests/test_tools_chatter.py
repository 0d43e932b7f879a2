"""Chatter tools against a real Odoo 19: internal notes on partners, leads, and models without a chatter.

Each test creates its own records named after the test and archives (or deletes) them at the end.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import odoo_tools.chatter  # noqa: F401 - registers the tools
from odoo_tools import OdooClient
from odoo_tools.chatter import ai_signature, note_html
from odoo_tools.client.errors import OdooNotFoundError, OdooValidationError
from odoo_tools.resolve import AmbiguousMatchError
from tests.conftest import run_tool as run

pytestmark = pytest.mark.live


@pytest.fixture
def name(request: pytest.FixtureRequest) -> str:
    return f"odoo-agent test {request.node.name}"


@pytest.fixture
def made(client: OdooClient) -> Iterator[dict[str, list[int]]]:
    """model -> ids created by the test: archived at teardown (tags, which cannot be archived, deleted)."""
    ids: dict[str, list[int]] = {"res.partner": [], "crm.lead": [], "res.partner.category": []}
    yield ids
    for model in ("res.partner", "crm.lead"):
        if ids[model]:
            client.write(model, ids[model], {"active": False})
    if ids["res.partner.category"]:
        client.unlink("res.partner.category", ids["res.partner.category"])


def test_note_html_escapes_and_signs() -> None:
    assert note_html("a <i>b</i>\nc\n\n d ") == (
        f"<p>a &lt;i&gt;b&lt;/i&gt;<br>c</p><p>d</p><p><em>{ai_signature()}</em></p>"
    )


def test_note_post_on_a_partner_by_name(client: OdooClient, made: dict[str, list[int]], name: str) -> None:
    pid = client.create("res.partner", {"name": name, "is_company": True})
    made["res.partner"].append(pid)
    result = run(client, "note_post", model="res.partner", record=name, body="Called <b>them</b> & left a message")
    msg = client.read("mail.message", [result.message_id], ["body", "subtype_id", "message_type", "model", "res_id",
                                                             "partner_ids"])[0]  # fmt: skip
    assert (msg["model"], msg["res_id"], msg["message_type"]) == ("res.partner", pid, "comment")
    assert msg["subtype_id"][0] == client.search("mail.message.subtype", [["name", "=", "Note"]], limit=1)[0]
    assert msg["partner_ids"] == []  # a note notifies nobody outside
    assert "Called &lt;b&gt;them&lt;/b&gt; &amp; left a message" in msg["body"] and ai_signature() in msg["body"]
    assert result.record.id == pid and result.changed == [result.record]
    assert result.created[0].model == "mail.message" and result.created[0].id == result.message_id


def test_note_post_on_a_lead_by_id_but_not_by_name(client: OdooClient, made: dict[str, list[int]], name: str) -> None:
    lead = client.create("crm.lead", {"name": name, "type": "opportunity"})
    made["crm.lead"].append(lead)
    result = run(client, "note_post", model="crm.lead", record=f"#{lead}", body="Budget confirmed.")
    assert client.read("mail.message", [result.message_id], ["model", "res_id"]) == [
        {"id": result.message_id, "model": "crm.lead", "res_id": lead}
    ]
    assert result.record.display_name == name
    with pytest.raises(OdooValidationError, match=r"Give the id of the crm\.lead record"):
        run(client, "note_post", model="crm.lead", record=name, body="Budget confirmed.")


def test_note_post_refuses_models_without_chatter(client: OdooClient, made: dict[str, list[int]], name: str) -> None:
    tag = client.create("res.partner.category", {"name": name})
    made["res.partner.category"].append(tag)
    with pytest.raises(OdooValidationError, match=r"res\.partner\.category records have no chatter"):
        run(client, "note_post", model="res.partner.category", record=tag, body="hello")
    with pytest.raises(OdooNotFoundError, match=r"There is no model 'no\.such\.model' on this Odoo"):
        run(client, "note_post", model="no.such.model", record=1, body="hello")


def test_note_post_ambiguous_partner_asks(client: OdooClient, made: dict[str, list[int]], name: str) -> None:
    made["res.partner"] += client.create_many("res.partner", [{"name": name, "city": c} for c in ("Lyon", "Gent")])
    with pytest.raises(AmbiguousMatchError) as exc:
        run(client, "note_post", model="res.partner", record=name, body="hello")
    assert sorted(c.record.id for c in exc.value.resolution.candidates) == sorted(made["res.partner"])
    assert client.search_count("mail.message", [["model", "=", "res.partner"], ["res_id", "in", made["res.partner"]],
                                                ["message_type", "=", "comment"]]) == 0  # fmt: skip
