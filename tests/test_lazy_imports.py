"""Each command loads only what it runs: OpenClaw starts ``odoo-agent ask`` as a new process per message.

Checked by what a fresh process holds in ``sys.modules`` after the command, never by timing: no REPL
(prompt_toolkit) outside ``chat``, no LLM SDK (openai) with the offline parser, no vcrpy without a
cassette, no LangGraph (nor langchain_core, langsmith) for the commands that do not run the graph, and
no library at all for ``--help``.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
GRAPH = ("langgraph", "langchain_core", "langsmith")
LLM = ("openai",)
REPL = ("prompt_toolkit",)
MCP = ("mcp", "uvicorn")
CASSETTES = ("vcr",)

# Runs the CLI in this process, then prints the names of every module loaded, as the last line (with the mark
# GC_ON when the cyclic garbage collector is on at the end, as a turn must leave it).
GC_ON = "<gc enabled>"
_RUN = """
import gc, json, sys
from agent.cli import main
sys.argv = ["odoo-agent", *json.loads(sys.argv[1])]
try:
    main()
except SystemExit:
    pass
print()
print(json.dumps(sorted(sys.modules) + (["<gc enabled>"] if gc.isenabled() else [])))
"""


def loaded(args: list[str], home: Path, **env: str) -> set[str]:
    """The modules a fresh ``odoo-agent ARGS`` process holds when it ends (its Odoo settings dropped)."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("ODOO_", "OPENAI_"))}
    base.update(PYTHONPATH=str(ROOT), ODOO_AGENT_HOME=str(home), **env)
    done = subprocess.run([sys.executable, "-c", _RUN, json.dumps(args)], env=base, cwd=home.parent,
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    return set(json.loads(done.stdout.splitlines()[-1]))


def present(modules: set[str], packages: tuple[str, ...]) -> list[str]:
    return sorted(p for p in packages if p in modules)


def test_help_loads_no_library(tmp_path: Path) -> None:
    modules = loaded(["--help"], tmp_path / "home")
    assert "agent.cli" in modules
    heavy = (*GRAPH, *LLM, *REPL, *MCP, *CASSETTES, "httpx", "pydantic_settings")
    assert present(modules, heavy) == []
    # Nor the agent's own heavy parts: the parser, the tools, the client, the settings.
    ours = ("graphs.parsing.engine", "graphs.parsing.intents", "odoo_tools.tools", "odoo_tools.client.odoo_client",
            "agent.config", "agent.session")  # fmt: skip
    assert present(modules, ours) == []


def test_offline_parse_and_tools_run_no_graph(tmp_path: Path) -> None:
    parsed = loaded(["parse", "quote Acme for 10 widgets at $50", "--json"], tmp_path / "home")
    assert "graphs.parsing.engine" in parsed  # it did parse
    assert present(parsed, (*GRAPH, *LLM, *REPL, *MCP, *CASSETTES, "httpx", "odoo_tools.tools")) == []
    listed = loaded(["tools", "--json"], tmp_path / "home")
    assert "odoo_tools.tools" in listed
    assert present(listed, (*GRAPH, *LLM, *REPL, *MCP, *CASSETTES)) == []


def test_an_offline_ask_loads_no_repl_no_llm_sdk_no_cassette(tmp_path: Path) -> None:
    """A real ``ask`` (no cassette) up to its first Odoo request: here a closed port, so the turn stops there."""
    with socket.socket() as free:  # a port nothing listens on once closed
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    env = {"ODOO_URL": f"http://127.0.0.1:{port}", "ODOO_DB": "odoo", "ODOO_USERNAME": "admin",
           "ODOO_API_KEY": "k", "ODOO_MAX_RETRIES": "0"}  # fmt: skip
    modules = loaded(["ask", "quote Acme for 10 widgets at $50", "--json"], tmp_path / "home", **env)
    assert {"langgraph", "graphs.graph", "odoo_tools.client.odoo_client"} <= modules  # it ran the graph
    assert present(modules, (*LLM, *REPL, *MCP, *CASSETTES)) == []
    assert GC_ON in modules  # paused while the agent loads, on again for the turn


def _python(code: str, *, check: bool = False) -> subprocess.CompletedProcess[str]:
    """``code`` in a fresh interpreter on this checkout: what it imports is what a new process would."""
    return subprocess.run([sys.executable, "-c", code], env={**os.environ, "PYTHONPATH": str(ROOT)},
                          capture_output=True, text=True, timeout=60, check=check)  # fmt: skip


def test_the_catalog_builds_no_tool_model_until_a_tool_runs() -> None:
    """Tool inputs and results are built on first use (``defer_build``): loading the catalog, as every turn does,
    builds none of the hundred-odd; validating one tool's input builds that model alone."""
    code = (
        "import json\n"
        "from odoo_tools.registry import REGISTRY\n"
        "from odoo_tools.tools import list_tools\n"
        "tools = list_tools()\n"
        "built = lambda: sorted({m.__name__ for t in tools for m in (t.input_model, t.output_model)"
        " if m.__pydantic_complete__})\n"
        "before = built()\n"
        "model = REGISTRY['order_status'].input_model\n"
        "model.model_json_schema()\n"
        "print(json.dumps([len(tools), before, built(), model.__name__]))\n"
    )
    done = _python(code)
    assert done.returncode == 0, done.stderr
    count, before, after, name = json.loads(done.stdout)
    assert count > 50 and before == []
    assert after == [name]


@pytest.mark.parametrize("module", ["odoo_tools.periods", "odoo_tools.client.connection", "odoo_tools.i18n"])
def test_one_module_of_odoo_tools_does_not_load_the_package(module: str) -> None:
    code = f"import json, sys, {module}; print(json.dumps(sorted(sys.modules)))"
    done = _python(code, check=True)
    held = {m for m in json.loads(done.stdout) if m.startswith(("odoo_tools", "httpx", "vcr", "pydantic_settings"))}
    # the catalog (odoo_tools.i18n: contextvars and tomllib, an area read on first use) is what the client speaks from
    light = {"odoo_tools", "odoo_tools.client", "odoo_tools.client.clock", "odoo_tools.client.urls", "odoo_tools.i18n"}
    assert held <= light | {module}


def test_the_package_still_exports_everything_and_a_tool_lookup_loads_the_catalog() -> None:
    code = (
        "from odoo_tools.registry import REGISTRY\n"
        "tool = REGISTRY['quotation_create']\n"  # before any domain module was imported
        "import odoo_tools\n"
        "from odoo_tools import OdooClient, OdooError, cassette, list_tools, product_kind_vals\n"
        "assert cassette.__name__ == 'odoo_tools.client.cassette' and OdooClient.__name__ == 'OdooClient'\n"
        "assert sorted(odoo_tools.__all__) == sorted(n for n in odoo_tools.__all__ if getattr(odoo_tools, n))\n"
        "print(tool.name, len(list_tools()) > 50)\n"
    )
    done = _python(code)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["quotation_create", "True"]
