"""``odoo-agent mcp`` driven by the MCP SDK's own client, over stdio and streamable HTTP.

The server is a real subprocess (``python -m agent mcp``) replaying or recording its own cassette;
the test's own Odoo checks use the test cassette. The MCP client in this process talks over pipes
or loopback HTTP (httpx2), which no cassette sees.
"""

from __future__ import annotations

import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import anyio
import pytest
from mcp import Client, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp.types import CallToolResult

from agent.contract import Reply
from agent.mcp_server import direct_tools
from odoo_tools import OdooClient
from odoo_tools.client.compat import product_kind_vals
from odoo_tools.policy import Policy
from odoo_tools.registry import Risk
from odoo_tools.tools import list_tools
from tests.conftest import CASSETTES, OdooSession, _mode, agent_process
from tests.test_cli_graph import NEWCOMER
from tests.test_graph import checked, word

pytestmark = pytest.mark.live
BASE = CASSETTES / "test_mcp"


def server(mode: str, cassette: Path, home: Path, *args: str) -> tuple[list[str], dict[str, str]]:
    """The server's command line and environment: no ODOO_* in a replay, like ``agent()`` in test_cli_graph."""
    env, switch = agent_process(mode, cassette, home)
    return [sys.executable, "-m", "agent", "mcp", *args, *switch], env


def reply_of(result: CallToolResult) -> Reply:
    """The contract Reply in the structured content; the first text block is its chat-ready message."""
    reply = checked(Reply.model_validate(result.structured_content))
    assert result.content[0].type == "text" and result.content[0].text == reply.message
    assert result.is_error == (reply.status == "error")
    return reply


def error_text(result: CallToolResult) -> str:
    assert result.is_error and result.content[0].type == "text"
    text = result.content[0].text
    assert "Traceback" not in text and "\n" not in text
    return text


def test_stdio_reads_directly_and_writes_only_after_resume(odoo: OdooSession, tmp_path: Path) -> None:
    home = tmp_path / "home"
    name = word("test_stdio_reads_directly_and_writes_only_after_resume")
    command, env = server(odoo.mode, BASE / "stdio.yaml", home, "--approver", "alice")
    params = StdioServerParameters(command=command[0], args=command[1:], env=env, cwd=str(tmp_path))
    stray: list[Exception] = []  # a line on the server's stdout that is not JSON-RPC arrives here

    async def on_message(message: object) -> None:
        if isinstance(message, Exception):
            stray.append(message)

    with OdooClient(odoo.config("json2")) as client:
        partner = client.create("res.partner", {"name": f"{name} Trading", "is_company": True})
        kind = product_kind_vals(client.fields_get("product.product"), "goods")
        product = client.create("product.product", {"name": f"{name} Gadget", "list_price": 30, **kind})

        async def session() -> int:
            with (tmp_path / "server.err").open("w") as errlog:
                transport = stdio_client(params, errlog=errlog)
                async with Client(transport, read_timeout_seconds=120, message_handler=on_message) as mcp:
                    listed = {t.name: t for t in (await mcp.list_tools()).tools}
                    assert {"ask", "resume"} <= listed.keys()
                    assert "ONLY after the person explicitly said yes" in (listed["resume"].description or "")
                    reads = {t.name for t in list_tools() if t.risk == Risk.READ}
                    assert listed.keys() - {"ask", "resume"} == reads  # the default policy lets every read run
                    for tool in reads:
                        assert "risk: read" in (listed[tool].description or "")
                        assert listed[tool].annotations and listed[tool].annotations.read_only_hint
                    assert "save_to" not in listed["invoice_pdf"].input_schema["properties"]

                    found = await mcp.call_tool("partner_search", {"name": f"{name} Trading"})
                    assert not found.is_error and found.structured_content
                    assert [(p["id"], p["display_name"]) for p in found.structured_content["found"]] == [
                        (partner, f"{name} Trading")
                    ]

                    text = f"quote {name} Trading for 2 {name} Gadget and confirm it"
                    asked = reply_of(await mcp.call_tool("ask", {"text": text}))
                    assert asked.status == "needs_approval" and asked.thread_id
                    assert [(s.tool, s.status) for s in asked.plan] == [
                        ("quotation_create", "done"),
                        ("order_confirm", "needs_approval"),
                    ]
                    # A write tool is not callable directly: only ask/resume reach it.
                    assert "ask" in error_text(await mcp.call_tool("order_confirm", {"order": "x"}))

                    assert asked.approval is not None
                    approved = reply_of(await mcp.call_tool("resume", {"thread_id": asked.thread_id,
                                                                       "decision": "approve",
                                                                       "token": asked.approval.token}))  # fmt: skip
                    assert approved.status == "done" and approved.plan[1].status == "done"

                    again = reply_of(await mcp.call_tool("resume", {"thread_id": asked.thread_id,
                                                                    "decision": "approve"}))  # fmt: skip
                    assert again.error and again.error.type == "nothing_pending"
                    unknown = await mcp.call_tool("resume", {"thread_id": "t-nope", "decision": "approve"})
                    assert error_text(unknown) == "Thread t-nope is not waiting for anything."
                    return next(r.id for r in approved.records if r.model == "sale.order")

        order = anyio.run(session)
        assert stray == []  # stdout carries only the protocol
        assert odoo.mode != "replay" or "Replaying" in (tmp_path / "server.err").read_text()
        assert client.read("sale.order", [order], ["state"])[0]["state"] == "sale"
        with sqlite3.connect(home / "audit.sqlite") as db:
            rows = db.execute("SELECT tool, status, approver FROM audit ORDER BY id").fetchall()
        assert rows == [("quotation_create", "done", None), ("order_confirm", "done", "alice")]

        client.call("sale.order", "action_cancel", [order])
        client.write("product.product", [product], {"active": False})
        client.write("res.partner", [partner], {"active": False})


def test_a_replaced_plan_is_not_approved_with_the_earlier_token(request: pytest.FixtureRequest,
                                                                 tmp_path: Path) -> None:  # fmt: skip
    """ask A, ask B on the same thread, resume with A's token: nothing runs; a bad decision is an MCP error.

    The server replays the recording of the test above (same words, same clock: the same requests);
    after A's draft it sends nothing to Odoo, which the audit log shows.
    """
    if _mode(request.config) != "replay":
        pytest.skip("replays the recording of test_stdio_reads_directly_and_writes_only_after_resume")
    home = tmp_path / "home"
    name = word("test_stdio_reads_directly_and_writes_only_after_resume")
    command, env = server("replay", BASE / "stdio.yaml", home, "--approver", "alice")
    params = StdioServerParameters(command=command[0], args=command[1:], env=env, cwd=str(tmp_path))

    async def session() -> None:
        with (tmp_path / "server.err").open("w") as errlog:
            async with Client(stdio_client(params, errlog=errlog), read_timeout_seconds=120) as mcp:
                text = f"quote {name} Trading for 2 {name} Gadget and confirm it"
                first = reply_of(await mcp.call_tool("ask", {"text": text}))
                assert first.status == "needs_approval" and first.approval
                thread = first.thread_id
                second = reply_of(await mcp.call_tool("ask", {"text": NEWCOMER, "thread_id": thread}))
                assert second.status == "needs_approval" and "was dropped; here is the new plan" in second.message

                stale = reply_of(await mcp.call_tool("resume", {"thread_id": thread, "decision": "approve",
                                                                "token": first.approval.token}))  # fmt: skip
                assert stale.status == "needs_approval" and "another plan than the one pending" in stale.message
                assert [(s.tool, s.status) for s in stale.plan] == [("partner_create", "needs_approval")]
                bare = reply_of(await mcp.call_tool("resume", {"thread_id": thread, "decision": "approve"}))
                assert bare.status == "needs_approval" and "named no token" in bare.message
                unknown = await mcp.call_tool("resume", {"thread_id": thread, "decision": "maybe"})
                assert error_text(unknown).startswith("Invalid arguments for resume: decision: Input should be")
                answered = reply_of(await mcp.call_tool("resume", {"thread_id": thread, "decision": "answer",
                                                                   "answer": "yes"}))  # fmt: skip
                assert answered.error and answered.error.type == "invalid_decision"
                refused = reply_of(await mcp.call_tool("resume", {"thread_id": thread, "decision": "reject"}))
                assert refused.status == "done" and [s.status for s in refused.plan] == ["rejected"]

    anyio.run(session)
    with sqlite3.connect(home / "audit.sqlite") as db:  # A's draft only: no confirmation, no contact
        assert db.execute("SELECT tool, status FROM audit ORDER BY id").fetchall() == [("quotation_create", "done")]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_listening(port: int, process: subprocess.Popen[str], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()[1]
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"the MCP server did not listen on port {port} within {timeout}s")


def test_http_on_loopback_lists_and_calls_tools(request: pytest.FixtureRequest, tmp_path: Path) -> None:
    # No `odoo` fixture: its cassette would be active in this process while the MCP client talks HTTP.
    mode = _mode(request.config)
    port = free_port()
    command, env = server(mode, BASE / "http.yaml", tmp_path / "home", "--transport", "http", "--port", str(port))
    process = subprocess.Popen(command, env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)  # fmt: skip

    async def session() -> None:
        async with Client(f"http://127.0.0.1:{port}/mcp", read_timeout_seconds=120) as mcp:
            names = {t.name for t in (await mcp.list_tools()).tools}
            assert {"ask", "resume", "partner_search"} <= names and "order_confirm" not in names
            found = await mcp.call_tool("partner_search", {"name": "Azure Interior"})  # Odoo's demo data
            assert not found.is_error and found.structured_content
            assert "Azure Interior" in [p["display_name"] for p in found.structured_content["found"]]
            assert found.content[0].type == "text" and found.content[0].text == found.structured_content["message"]
            wrong: dict[str, Any] = {"name": "Azure", "limit": "many"}
            assert error_text(await mcp.call_tool("partner_search", wrong)).startswith(
                "Invalid arguments for partner_search: limit: Input should be a valid integer"
            )
            assert error_text(await mcp.call_tool("invoice_pdf", {"invoice": "INV/1", "save_to": "/tmp/x.pdf"})) == (
                "invoice_pdf: save_to cannot be set over MCP."
            )

    try:
        wait_listening(port, process)
        anyio.run(session)
    finally:
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert out == ""  # banners and logs go to stderr
    assert f"MCP server on http://127.0.0.1:{port}/mcp" in err


def test_a_read_tool_the_policy_gates_is_reachable_only_through_ask(tmp_path: Path) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text("always_approve: [invoice_post, payment_register, payment_reminder, partner_search]\n")
    direct = direct_tools(Policy.load(policy))
    assert "partner_search" not in direct and "product_search" in direct
    assert all(t.risk == Risk.READ for t in direct.values())


def test_generating_an_invoice_pdf_is_reachable_only_through_ask() -> None:
    # The read is a direct tool; the write that stores the PDF is not (no MCP client runs it without a person).
    direct = direct_tools(Policy.load())
    assert "invoice_pdf" in direct and "invoice_pdf_generate" not in direct


def test_http_per_user_acts_as_each_caller(request: pytest.FixtureRequest, tmp_path: Path) -> None:
    """Issue 24: with --per-user each caller's Odoo API key is their bearer token; no key (or a refused one) is a
    401, a reader gets Odoo's own refusal where a sales manager creates — as themselves (create_uid)."""
    import os

    import httpx2
    from mcp.client.streamable_http import streamable_http_client

    mode = _mode(request.config)
    live = mode != "replay"
    keys = {"reader": os.environ.get("ODOO_TEST_READER_KEY", "") if live else "reader-key",
            "manager": os.environ.get("ODOO_TEST_MANAGER_KEY", "") if live else "manager-key"}  # fmt: skip
    if not all(keys.values()):
        pytest.skip("needs ODOO_TEST_READER_KEY and ODOO_TEST_MANAGER_KEY (tests/README.md)")
    port = free_port()
    home = tmp_path / "home"
    command, env = server(mode, BASE / "per_user.yaml", home, "--transport", "http", "--port", str(port), "--per-user")
    process = subprocess.Popen(command, env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)  # fmt: skip
    url = f"http://127.0.0.1:{port}/mcp"
    hello = {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}}}  # fmt: skip
    accept = {"Accept": "application/json, text/event-stream"}

    def as_user(http: httpx2.AsyncClient) -> Client:
        return Client(streamable_http_client(url, http_client=http), read_timeout_seconds=120)

    def keyed(who: str) -> httpx2.AsyncClient:
        return httpx2.AsyncClient(headers={"Authorization": f"Bearer {keys[who]}"}, timeout=120)

    async def session() -> None:
        async with keyed("reader") as http, as_user(http) as reader:
            found = await reader.call_tool("partner_search", {"name": "Azure Interior"})
            assert not found.is_error  # any internal user reads contacts
            refused = reply_of(await reader.call_tool("ask", {"text": "show the unpaid invoices"}))
            assert refused.status == "error" and refused.error and refused.error.type == "access", refused
        async with keyed("manager") as http, as_user(http) as manager:
            made = reply_of(await manager.call_tool("ask", {"text": "Create a lead for Zorvexa Robotics, "
                                                             "email info@zorvexa.example.com"}))  # fmt: skip
            assert made.status == "done", made.message
            (lead,) = [r.id for r in made.records if r.model == "crm.lead"]
            read = await manager.call_tool("generic_read", {"model": "crm.lead", "domain": [["id", "=", lead]],
                                                            "fields": ["create_uid"]})  # fmt: skip
            assert read.structured_content and "Sales Manager" in str(read.structured_content)

    try:
        wait_listening(port, process)
        with httpx2.Client(timeout=60) as plain:
            assert plain.post(url, json=hello, headers=accept).status_code == 401  # no key
            wrong = plain.post(url, json=hello, headers={**accept, "Authorization": "Bearer not-an-odoo-key"})
            assert wrong.status_code == 401  # a key Odoo refuses
        anyio.run(session)
    finally:
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    # one home per Odoo user: their own threads and audit log; the lead is in the manager's only
    written = {p.parent.name: [r[0] for r in sqlite3.connect(p).execute("SELECT tool FROM audit")]
               for p in (home / "users").glob("*/audit.sqlite")}  # fmt: skip
    assert sorted(written.values()) == [[], ["lead_create"]], written
    assert not (home / "audit.sqlite").exists() or not sqlite3.connect(home / "audit.sqlite").execute(
        "SELECT 1 FROM audit").fetchone()  # fmt: skip
