"""``langgraph dev`` serves the command graph (langgraph.json): a run stops at the approval, a resume confirms.

The server is a real ``langgraph dev`` process on loopback, replaying (or recording) its own
cassette through the ODOO_AGENT_CASSETTE switch; the test drives it with ``langgraph-sdk`` and
makes and checks its fixture records through the test's own cassette.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from langgraph_sdk.client import SyncLangGraphClient

from odoo_tools import OdooClient
from odoo_tools.client.clock import get_clock
from odoo_tools.client.compat import product_kind_vals
from tests.conftest import CASSETTES, ROOT, OdooSession, _mode, agent_process
from tests.test_cli_graph import NEWCOMER
from tests.test_graph import word

pytestmark = pytest.mark.live
GRAPH = "odoo-agent"  # the graph id in langgraph.json
STARTUP_SECONDS = 90
# The test process replays Odoo through vcrpy, which patches httpx's transports process-wide; the
# SDK's calls to the loopback server are not Odoo traffic, so they use the method as it was before
# any cassette (this module is imported at collection, before a fixture activates one).
_SEND = httpx.HTTPTransport.handle_request


class _Unrecorded(httpx.HTTPTransport):
    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return _SEND(self, request)


def _langgraph() -> str:
    found = Path(sys.executable).with_name("langgraph")
    path = str(found) if found.exists() else shutil.which("langgraph")
    if path is None:
        pytest.skip("the langgraph CLI is not installed (pip install 'langgraph-cli[inmem]')")
    return path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _server_env(mode: str, cassette: Path, home: Path) -> dict[str, str]:
    env, _ = agent_process(mode, cassette, home, ODOO_AGENT_PARSER="offline")  # the switch goes by env here
    # The server process must send nothing but Odoo traffic, which its cassette holds.
    env.update(LANGGRAPH_CLI_NO_ANALYTICS="1", LANGGRAPH_NO_VERSION_CHECK="true", LANGSMITH_TRACING="false")
    if mode != "live":
        record = "none" if mode == "replay" else os.environ["ODOO_AGENT_RECORD_MODE"]
        env.update(ODOO_AGENT_CASSETTE=str(cassette), ODOO_AGENT_RECORD_MODE=record)
    return env


def _stop(proc: subprocess.Popen[bytes]) -> bool:
    """Ctrl-C the server's process group, as a person would; SIGKILL if it lingers. True when it stopped itself.

    SIGINT, not SIGTERM: uvicorn re-raises the signal after its graceful shutdown, and only
    SIGINT's KeyboardInterrupt lets the process run its exit handlers (which write a recording).
    """
    if proc.poll() is not None:
        return True
    os.killpg(proc.pid, signal.SIGINT)
    try:
        proc.wait(timeout=30)
        return True
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        return False


# A server started for one test with more settings (by test name, like REPLAYS).
SERVER_ENV = {"test_each_caller_acts_as_their_own_odoo_user": {"ODOO_AGENT_SERVER_AUTH": "odoo-keys"}}
# Tests that replay another test's server recording (they send Odoo nothing new, so record nothing).
REPLAYS = {"test_a_replaced_plan_is_not_approved_with_the_earlier_token":
           "test_a_run_stops_for_approval_and_a_resume_confirms"}  # fmt: skip


@pytest.fixture
def server(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[SyncLangGraphClient]:
    """``langgraph dev`` on a free loopback port, in a temp project dir holding the repo's langgraph.json."""
    assert not _SEND.__module__.startswith("vcr"), "imported while a cassette was active"
    mode, recording = _mode(request.config), REPLAYS.get(request.node.name, request.node.name)
    if recording != request.node.name and mode != "replay":
        pytest.skip(f"replays the recording of {recording}")  # never re-records another test's cassette
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(ROOT / "langgraph.json", project / "langgraph.json")
    (project / "agent").symlink_to(ROOT / "agent")  # the graph path is ./agent/server.py, relative to the cwd
    cassette = CASSETTES / "test_langgraph_server" / f"{recording}.server.yaml"
    port, log = _free_port(), tmp_path / "server.log"
    with log.open("wb") as out:
        proc = subprocess.Popen([_langgraph(), "dev", "--no-browser", "--no-reload", "--host", "127.0.0.1",
                                 "--port", str(port)], cwd=project,
                                env={**_server_env(mode, cassette, tmp_path / "home"),
                                     **SERVER_ENV.get(request.node.name, {})},
                                stdout=out, stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip
    http = httpx.Client(base_url=f"http://127.0.0.1:{port}", transport=_Unrecorded(), timeout=120)
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while not _answers(http):
            assert proc.poll() is None, f"langgraph dev exited ({proc.returncode}):\n{_tail(log)}"
            assert time.monotonic() < deadline, f"langgraph dev not up in {STARTUP_SECONDS}s:\n{_tail(log)}"
            time.sleep(0.25)
        yield SyncLangGraphClient(http)
    finally:
        http.close()
        stopped = _stop(proc)
    assert stopped, f"langgraph dev ignored Ctrl-C for 30s:\n{_tail(log)}"
    if mode == "record":
        assert cassette.is_file(), f"the server wrote no cassette:\n{_tail(log)}"


def _tail(log: Path) -> str:
    return log.read_text(errors="replace")[-3000:]


def _answers(http: httpx.Client) -> bool:
    try:
        return http.get("/ok").status_code == 200
    except httpx.TransportError:
        return False


def _steps(plan: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(s["tool"], s["status"]) for s in plan]


def test_a_run_stops_for_approval_and_a_resume_confirms(
    odoo: OdooSession, server: SyncLangGraphClient, tmp_path: Path
) -> None:
    (assistant,) = server.assistants.search(graph_id=GRAPH)
    schema = server.assistants.get_schemas(assistant["assistant_id"])["context_schema"]
    assert set(schema["properties"]) == {"approver"}  # ServerContext: JSON only, the Odoo client stays in the server

    with OdooClient(odoo.config("json2")) as client:
        name = word("test_a_run_stops_for_approval_and_a_resume_confirms")
        partner = client.create("res.partner", {"name": f"{name} Trading", "is_company": True})
        kind = product_kind_vals(client.fields_get("product.product"), "goods")
        product = client.create("product.product", {"name": f"{name} Gadget", "list_price": 30, **kind})
        orders: list[int] = []
        try:
            _run_and_resume(server, client, name, orders, tmp_path / "home")
        finally:  # a live run that failed half-way must not leave a second "<name> Trading" for the next one
            for order in orders:
                client.call("sale.order", "action_cancel", [order])
            client.write("product.product", [product], {"active": False})
            client.write("res.partner", [partner], {"active": False})


def _run_and_resume(server: SyncLangGraphClient, client: OdooClient, name: str, orders: list[int], home: Path) -> None:
    # Idempotency keys derive from the thread id: fixed in replay, fresh on every recording.
    thread = str(uuid.uuid5(uuid.NAMESPACE_URL, f"odoo-agent:{name}:{get_clock().now():%Y%m%d%H%M%S}"))
    server.threads.create(thread_id=thread)

    asked = server.runs.wait(thread, GRAPH, input={"text": f"quote {name} Trading for 2 {name} Gadget and confirm it"})
    assert isinstance(asked, dict)
    (pending,) = asked["__interrupt__"]
    assert pending["value"]["kind"] == "approval", pending
    plan = pending["value"]["plan"]
    assert _steps(plan) == [("quotation_create", "done"), ("order_confirm", "needs_approval")]
    orders += [r["id"] for r in plan[0]["result"]["created"] if r["model"] == "sale.order"]
    (order,) = orders
    state = server.threads.get_state(thread)
    assert state["next"] == ["approve"] and state["interrupts"][0]["value"] == pending["value"]
    assert server.threads.get(thread)["status"] == "interrupted"
    assert client.read("sale.order", [order], ["state"])[0]["state"] == "draft"

    assert pending["value"]["steps"] == ["s2"] and pending["value"]["token"]
    yes = {"kind": "approve", "token": pending["value"]["token"]}
    done = server.runs.wait(thread, GRAPH, command={"resume": yes}, context={"approver": "alice"})
    assert isinstance(done, dict) and "__interrupt__" not in done
    assert done["status"] == "done" and done["error"] is None
    assert _steps(done["plan"]) == [("quotation_create", "done"), ("order_confirm", "done")]
    assert done["approval"]["approver"] == "alice"  # from the run's context
    assert [(r["model"], r["id"], r["action"]) for r in done["records"]] == [
        ("sale.order", order, "created"),
        ("sale.order", order, "updated"),
    ]
    assert server.threads.get(thread)["status"] == "idle"
    assert client.read("sale.order", [order], ["state"])[0]["state"] == "sale"
    with sqlite3.connect(home / "audit.sqlite") as db:
        rows = db.execute("SELECT thread_id, turn, tool, status, approver FROM audit ORDER BY id").fetchall()
    assert rows == [(thread, 1, "quotation_create", "done", None), (thread, 1, "order_confirm", "done", "alice")]


def test_a_replaced_plan_is_not_approved_with_the_earlier_token(server: SyncLangGraphClient, tmp_path: Path) -> None:
    """Run A, then a run with B's text on the thread, then resume with A's token: nothing runs, B is shown again.

    The server replays the recording of the test above (same thread id, same requests for A); B and
    the resumes send Odoo nothing, which the audit log shows.
    """
    recorded = CASSETTES / "test_langgraph_server" / "test_a_run_stops_for_approval_and_a_resume_confirms.yaml"
    at = yaml.safe_load(recorded.read_text())["metadata"]["recorded_at"]  # the clock that test ran on
    name = word("test_a_run_stops_for_approval_and_a_resume_confirms")
    thread = str(uuid.uuid5(uuid.NAMESPACE_URL, f"odoo-agent:{name}:{datetime.fromisoformat(at):%Y%m%d%H%M%S}"))
    server.threads.create(thread_id=thread)

    def waiting(result: Any) -> dict[str, Any]:
        assert isinstance(result, dict)
        (pending,) = result["__interrupt__"]
        assert pending["value"]["kind"] == "approval", pending
        return dict(pending["value"])

    first = waiting(server.runs.wait(thread, GRAPH, input={"text": f"quote {name} Trading for 2 {name} Gadget and "
                                                                    "confirm it"}))  # fmt: skip
    second = waiting(server.runs.wait(thread, GRAPH, input={"text": NEWCOMER}))
    assert "was dropped; here is the new plan" in second["note"] and second["token"] != first["token"]
    stale = waiting(server.runs.wait(thread, GRAPH, command={"resume": {"kind": "approve", "token": first["token"]}}))
    assert "another plan than the one pending" in stale["note"]
    assert _steps(stale["plan"]) == [("partner_create", "needs_approval")]
    old_style = waiting(server.runs.wait(thread, GRAPH, command={"resume": {"action": "approve"}}))
    assert old_style["note"].startswith("Not a decision") and old_style["token"] != stale["token"]
    done = server.runs.wait(thread, GRAPH, command={"resume": {"kind": "reject", "reason": "not asked"}})
    assert isinstance(done, dict) and _steps(done["plan"]) == [("partner_create", "rejected")]
    with sqlite3.connect(tmp_path / "home" / "audit.sqlite") as db:  # A's draft only: no confirmation, no contact
        assert db.execute("SELECT tool, status FROM audit ORDER BY id").fetchall() == [("quotation_create", "done")]


def test_each_caller_acts_as_their_own_odoo_user(odoo: OdooSession, server: SyncLangGraphClient,
                                                 request: pytest.FixtureRequest, tmp_path: Path) -> None:  # fmt: skip
    """Issue 24: with ODOO_AGENT_SERVER_AUTH=odoo-keys a caller's Odoo API key is their bearer token: none (or one
    Odoo refuses) is a 401; a reader meets Odoo's own refusal where a sales manager creates, as themselves; a
    thread is its maker's only."""
    live = _mode(request.config) != "replay"
    keys = {"reader": os.environ.get("ODOO_TEST_READER_KEY", "") if live else "reader-key",
            "manager": os.environ.get("ODOO_TEST_MANAGER_KEY", "") if live else "manager-key"}  # fmt: skip
    if not all(keys.values()):
        pytest.skip("needs ODOO_TEST_READER_KEY and ODOO_TEST_MANAGER_KEY (tests/README.md)")
    base = server.http.client.base_url

    opened: list[httpx.Client] = []

    def as_user(who: str) -> SyncLangGraphClient:
        opened.append(httpx.Client(base_url=base, transport=_Unrecorded(), timeout=120,
                                   headers={"Authorization": f"Bearer {keys[who]}"}))  # fmt: skip
        return SyncLangGraphClient(opened[-1])

    with httpx.Client(base_url=base, transport=_Unrecorded(), timeout=60) as plain:
        assert plain.post("/threads", json={}).status_code == 401  # no key
        wrong = plain.post("/threads", json={}, headers={"Authorization": "Bearer not-an-odoo-key"})
        assert wrong.status_code == 401  # a key Odoo refuses
    reader, manager = as_user("reader"), as_user("manager")
    stamp = f"{get_clock().now():%Y%m%d%H%M%S}"  # the test cassette's clock: thread ids (and keys) replay alike
    theirs = str(uuid.uuid5(uuid.NAMESPACE_URL, f"odoo-agent:reader:{stamp}"))
    reader.threads.create(thread_id=theirs)
    refused = reader.runs.wait(theirs, GRAPH, input={"text": "show the unpaid invoices"})
    assert isinstance(refused, dict) and refused["status"] == "error" and refused["error"]["type"] == "access"

    mine = str(uuid.uuid5(uuid.NAMESPACE_URL, f"odoo-agent:manager:{stamp}"))
    manager.threads.create(thread_id=mine)
    made = manager.runs.wait(mine, GRAPH, input={"text": "Create a lead for Quornelo Robotics, email "
                                                        "info@quornelo.example.com"})  # fmt: skip
    assert isinstance(made, dict) and made["status"] == "done", made.get("message")
    (lead,) = [r["id"] for r in made["records"] if r["model"] == "crm.lead"]
    with pytest.raises(httpx.HTTPStatusError) as other:  # the reader cannot read the manager's thread
        reader.threads.get(mine)
    assert other.value.response.status_code == 404
    for client in opened:
        client.close()
    home = tmp_path / "home" / "users"
    written = {p.parent.name: [r[0] for r in sqlite3.connect(p).execute("SELECT tool FROM audit")]
               for p in home.glob("*/audit.sqlite")}  # fmt: skip
    assert sorted(written.values()) == [[], ["lead_create"]], written
    assert lead > 0
