"""The tool registry as the CLI, graph, MCP server and skill see it. No Odoo involved."""

from __future__ import annotations

import json

import pytest
from pydantic import BaseModel
from typer.testing import CliRunner

from agent.cli import app
from odoo_tools.registry import Risk, ToolSpec, tool
from odoo_tools.results import ToolInput, ToolResult
from odoo_tools.tools import list_tools

runner = CliRunner()


def test_every_tool_is_typed_documented_and_risk_rated() -> None:
    tools = list_tools()
    assert len({t.name for t in tools}) == len(tools) >= 6
    for t in tools:
        spec = t.spec()
        assert spec.summary and spec.summary[0].isupper() and spec.summary.endswith("."), t.name
        assert spec.risk in set(Risk)
        assert spec.input_schema["type"] == "object" and spec.output_schema["type"] == "object"
        assert {"message", "found", "created", "changed"} <= set(spec.output_schema["properties"]), t.name
        assert issubclass(t.input_model, ToolInput), f"{t.name}: inputs must reject unknown fields"


def test_reads_never_claim_to_write() -> None:
    for t in list_tools():
        verb = t.name.split("_")[-1]
        if verb in {"create", "update", "confirm", "post", "cancel", "validate", "adjust", "publish", "register"}:
            assert t.risk != Risk.READ, t.name


def test_cli_lists_the_registry_as_json() -> None:
    result = runner.invoke(app, ["tools", "--json"])
    assert result.exit_code == 0
    specs = [ToolSpec.model_validate(s) for s in json.loads(result.output)]
    assert [s.name for s in specs] == [t.name for t in list_tools()]
    table = runner.invoke(app, ["tools", "--domain", "partners"])
    assert "partner_create" in table.output and "generic_read" not in table.output


class In(BaseModel):
    x: int


class Out(ToolResult):
    pass


def test_registration_checks_the_signature() -> None:
    with pytest.raises(TypeError, match="a tool is fn"):

        @tool(domain="test", risk=Risk.READ)
        def not_a_tool(client: object, args: In) -> dict:  # type: ignore[type-arg]
            return {}

    with pytest.raises(ValueError, match="registered twice"):

        @tool(domain="test", risk=Risk.READ)
        def partner_search(client: object, args: In) -> Out:
            return Out(message="")


def test_every_tool_is_reached_by_a_sentence_or_named_as_api_only() -> None:
    """``odoo-agent tools`` says which intent reaches each tool; a tool no sentence reaches must say why."""
    from graphs.planner import API_ONLY, intents_reaching
    from odoo_tools.tools import list_tools

    names = {t.name for t in list_tools()}
    unreached = sorted(n for n in names if not intents_reaching(n) and n not in API_ONLY)
    assert unreached == [], f"no intent plans these tools: {unreached} (add one, or say why in planner.API_ONLY)"
    assert sorted(n for n in API_ONLY if intents_reaching(n) or n not in names) == []
    assert intents_reaching("partner_archive") == ["archive_contact"]
    assert intents_reaching("orders_list") == ["list_orders", "next_page"]
