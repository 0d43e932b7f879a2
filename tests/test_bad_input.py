"""Issue 20 rows 5–7: bad bytes, control characters, over-long text and credentials in the URL are refused
in one sentence (one JSON error with --json), before the store or Odoo; ordinary text still works.

Odoo here is a real HTTP server on loopback that counts what it receives: every refusal must leave it at 0.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import anyio
import pytest
from mcp import types
from pydantic import ValidationError

from agent.config import ConfigError, load_settings
from agent.contract import ErrorOut, Reply, Usage
from agent.inputs import LIMITS
from agent.mcp_server import AgentServer, _result
from agent.session import AgentSession, list_threads
from graphs.decisions import Answer, Reject
from graphs.inputs import BadInputError, check_text
from odoo_tools.client import OdooClient
from odoo_tools.client.connection import ConnectionConfig
from odoo_tools.client.urls import strip_userinfo
from odoo_tools.registry import REGISTRY
from odoo_tools.results import CAPS, RecordRef, ToolResult
from tests.conftest import ROOT

BAD_BYTES = b"quote Acme \xff\xfe for 10 widgets"
SECRET = "S3CRETKEY0123456789"


@pytest.fixture
def counting_server() -> Iterator[tuple[str, list[str]]]:
    """A real HTTP server on loopback; the list holds the path of every request it got."""
    seen: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            seen.append(self.path)
            self.send_response(503)
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_GET = do_POST = _answer

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()


def _agent(args: list[str | bytes], url: str, home: Path, **extra: str) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ODOO_", "OPENAI_"))}
    env.update(PYTHONPATH=str(ROOT), COLUMNS="200", ODOO_URL=url, ODOO_DB="odoo", ODOO_USERNAME="admin",
               ODOO_API_KEY="k", ODOO_MAX_RETRIES="0", ODOO_AGENT_HOME=str(home), **extra)  # fmt: skip
    return subprocess.run([sys.executable, "-m", "agent", *args], env=env, capture_output=True, timeout=60)


# -- row 5: bytes that are not UTF-8, control characters ----------------------------------------------------


def test_non_utf8_argv_is_one_json_error_and_nothing_is_created(counting_server, tmp_path: Path) -> None:
    url, seen = counting_server
    done = _agent([b"ask", BAD_BYTES, b"--json"], url, tmp_path / "home")
    assert done.returncode == 1 and b"Traceback" not in done.stderr
    reply = Reply.model_validate_json(done.stdout)
    assert reply.status == "error" and reply.error is not None and reply.error.type == "bad_input"
    assert "not UTF-8" in reply.message and reply.thread_id == ""
    assert seen == [] and not (tmp_path / "home").exists()  # no request, no store, no half thread


def test_control_character_is_one_sentence_in_human_mode(counting_server, tmp_path: Path) -> None:
    url, seen = counting_server
    done = _agent(["ask", "show unpaid invoices\x1b[2J"], url, tmp_path / "home")
    assert done.returncode == 1 and b"Traceback" not in done.stderr
    assert b"control character (U+001B" in done.stdout + done.stderr
    assert seen == []


def test_resume_answer_with_bad_bytes_is_refused_before_the_store(counting_server, tmp_path: Path) -> None:
    url, seen = counting_server
    done = _agent([b"resume", b"--thread", b"t-1", b"--answer", b"Acme\xff", b"--json"], url, tmp_path / "home")
    reply = Reply.model_validate_json(done.stdout)
    assert done.returncode == 1 and reply.error is not None and reply.error.type == "bad_input"
    assert "The answer" in reply.message and seen == [] and not (tmp_path / "home").exists()


def test_parse_door_refuses_bad_bytes_on_argv_and_stdin(tmp_path: Path) -> None:
    for args, stdin in (([b"parse", BAD_BYTES, b"--json"], None), ([b"parse", b"--jsonl"], b"ok\n" + BAD_BYTES)):
        env = {k: v for k, v in os.environ.items() if not k.startswith(("ODOO_", "OPENAI_"))}
        env.update(PYTHONPATH=str(ROOT), COLUMNS="200")
        done = subprocess.run([sys.executable, "-m", "agent", *args], input=stdin, env=env, capture_output=True,
                              timeout=60, cwd=tmp_path)  # fmt: skip
        assert done.returncode == 1, done.stderr
        assert b"Traceback" not in done.stderr and b"not UTF-8" in done.stderr


def test_ordinary_text_still_reads(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ODOO_", "OPENAI_"))}
    env.update(PYTHONPATH=str(ROOT))
    text = "devis Acmé 🎉\tpour\r\n10 widgets à 50 €"
    done = subprocess.run([sys.executable, "-m", "agent", "parse", text, "--json"], env=env, capture_output=True,
                          text=True, timeout=60, cwd=tmp_path)  # fmt: skip
    assert done.returncode == 0, done.stderr
    intent = json.loads(done.stdout)["intents"][0]
    assert intent["intent"] == "create_quotation" and intent["customer"].startswith("Acmé")


@pytest.fixture
def session(counting_server, tmp_path: Path) -> Iterator[tuple[AgentSession, list[str]]]:
    """The session every door shares (MCP's ask/resume, the REPL), over the counting server."""
    url, seen = counting_server
    cfg = ConnectionConfig(url=url, db="odoo", username="admin", api_key="k", max_retries=0)
    agent = AgentSession.local(OdooClient(cfg), home=tmp_path / "home", approver="tester")
    try:
        yield agent, seen
    finally:
        agent.close()


@pytest.mark.parametrize("text", ["quote Acme\udcff for 2 widgets", "stock of X\x00", "a\x7fb", "x" * 4001])
def test_the_session_refuses_before_a_thread_exists(session, text: str, tmp_path: Path) -> None:
    agent, seen = session
    reply = agent.ask(text)
    assert reply.status == "error" and reply.error is not None and reply.error.type == "bad_input"
    assert seen == [] and list_threads(tmp_path / "home") == []
    json.loads(reply.model_dump_json())  # the reply itself is always encodable


def test_the_session_refuses_bad_answers_and_reasons(session) -> None:
    agent, seen = session
    for decision in (Answer(answer="Acme\udcff"), Reject(reason="no\x07"), Answer(answer="y" * 4001)):
        reply = agent.resume("t-1", decision)
        assert reply.error is not None and reply.error.type == "bad_input", reply.message
    assert agent.resume("t-\x1b", Answer(answer="x")).thread_id == ""  # the bad id is not echoed back
    assert seen == []


# -- row 6: the message cap ---------------------------------------------------------------------------------


def test_message_cap_is_typed_and_said_in_one_sentence() -> None:
    assert check_text("x" * CAPS.text) == "x" * CAPS.text
    with pytest.raises(BadInputError, match=r"4,001 characters long, over the limit of 4,000"):
        check_text("x" * (CAPS.text + 1))
    with pytest.raises(ValidationError):
        type(LIMITS)(reply_bytes=0)


def test_a_100kb_message_never_reaches_odoo_or_the_store(counting_server, tmp_path: Path) -> None:
    url, seen = counting_server
    done = _agent(["ask", "create customer " + "A" * 100_000, "--json"], url, tmp_path / "home")
    reply = Reply.model_validate_json(done.stdout)
    assert done.returncode == 1 and reply.error is not None and reply.error.type == "bad_input"
    assert seen == [] and not (tmp_path / "home").exists()


# -- row 7: credentials inside the URL ----------------------------------------------------------------------


def test_credentials_in_odoo_url_are_refused_at_start_without_echo(counting_server, tmp_path: Path) -> None:
    url, seen = counting_server
    with_key = url.replace("http://", f"http://admin:{SECRET}@")
    done = _agent(["ask", "show unpaid invoices", "--json"], with_key, tmp_path / "home")
    assert done.returncode == 1 and SECRET.encode() not in done.stdout + done.stderr
    reply = Reply.model_validate_json(done.stdout)
    assert reply.message.startswith("ODOO_URL: the URL holds a login or key") and seen == []
    assert reply.error is not None and reply.error.type == "bad_config"
    doctor = _agent(["doctor"], with_key, tmp_path / "home")
    assert doctor.returncode == 1 and SECRET.encode() not in doctor.stdout + doctor.stderr


def test_credentials_in_the_url_are_refused_by_every_typed_config(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ODOO_URL", f"https://admin:{SECRET}@erp.example.com")
    with pytest.raises(ConfigError) as caught:
        load_settings()
    assert SECRET not in str(caught.value)
    with pytest.raises(ValidationError) as invalid:
        ConnectionConfig(url=f"https://{SECRET}@erp.example.com", db="d", username="u", api_key="k")
    assert SECRET not in str(invalid.value)


def test_userinfo_never_leaves_in_a_reply() -> None:
    text = f"See http://admin:{SECRET}@erp.example.com/odoo/sales/7 or https://u@h:8069/x, mail a@b.c"
    assert strip_userinfo(text) == "See http://erp.example.com/odoo/sales/7 or https://h:8069/x, mail a@b.c"
    reply = Reply(thread_id="t", status="error", message=text, intents=[], plan=[], question=None, records=[],
                  error=ErrorOut(type="x", message=text), usage=Usage.none())  # fmt: skip
    assert SECRET not in reply.model_dump_json()


# -- row 6: field caps in the typed tool arguments, MCP replies bounded ---------------------------------------


def test_every_tool_argument_is_capped_names_at_256() -> None:
    create = REGISTRY["partner_create"].input_model
    assert create.model_validate({"name": "N" * CAPS.name}).name == "N" * CAPS.name
    with pytest.raises(ValidationError, match="over the limit of 256 for a name"):
        create.model_validate({"name": "N" * (CAPS.name + 1)})
    with pytest.raises(ValidationError, match="at most 4000 characters"):
        create.model_validate({"name": "A" * 100_000})
    tags = REGISTRY["partner_tag"].input_model
    with pytest.raises(ValidationError, match="over the limit of 256"):  # inside lists too
        tags.model_validate({"partner": "Acme", "tags": ["ok", "T" * 300]})
    note = REGISTRY["note_post"].input_model  # free text takes more than a name, still bounded
    posted = note.model_validate({"model": "res.partner", "record": 1, "body": "b" * 3000})
    assert len(posted.body) == 3000
    with pytest.raises(ValidationError):
        note.model_validate({"model": "res.partner", "record": 1, "body": "b" * 1_000_000})


def test_mcp_refuses_an_over_long_argument_before_odoo(session) -> None:
    agent, seen = session
    server = AgentServer(agent)
    for size, said in ((1000, "over the limit of 256 for a name"), (1_000_000, "at most 4000 characters")):
        params = types.CallToolRequestParams(name="partner_search", arguments={"name": "A" * size})
        result = anyio.run(server._call, None, params)
        assert result.is_error and said in result.content[0].text
        assert len(result.content[0].text) < 1000 and seen == []
    asked = anyio.run(server._call, None, types.CallToolRequestParams(name="ask", arguments={"text": "B" * 10**6}))
    assert asked.is_error and "over the limit of 4,000" in asked.content[0].text and seen == []


def test_mcp_replies_are_cut_with_a_note_and_stay_under_1_mb() -> None:
    huge = ToolResult(message="read 1 record", found=[RecordRef(model="x", id=1, display_name="D" * 2_000_000)])
    result = _result(huge.message, huge)
    size = sum(len(c.text.encode()) for c in result.content) + len(json.dumps(result.structured_content).encode())
    assert not result.is_error and size < LIMITS.reply_bytes < 1_000_000
    name = result.structured_content["found"][0]["display_name"]
    assert name.endswith(f"… [cut: {2_000_000 - LIMITS.reply_field:,} more characters]")
    ToolResult.model_validate(result.structured_content)  # still the declared output shape
    many = ToolResult(message="many", found=[RecordRef(model="x", id=i, display_name="E" * 1999) for i in range(900)])
    too_big = _result(many.message, many)
    assert too_big.is_error and "too large to send" in too_big.content[0].text
    assert len(too_big.content[0].text.encode()) < LIMITS.reply_bytes


def test_chat_refuses_bad_lines_and_goes_on(counting_server, tmp_path: Path) -> None:
    """The REPL on a pipe: each bad line is one sentence, the session goes on, no thread is started."""
    url, seen = counting_server
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ODOO_", "OPENAI_"))}
    env.update(PYTHONPATH=str(ROOT), COLUMNS="200", ODOO_URL=url, ODOO_DB="odoo", ODOO_USERNAME="admin",
               ODOO_API_KEY="k", ODOO_MAX_RETRIES="0", ODOO_AGENT_HOME=str(tmp_path / "home"))  # fmt: skip
    lines = b"quote Acme\xff for 2 widgets\nshow \x1b[2J stock\n" + b"x" * 5000 + b"\n/quit\n"
    done = subprocess.run([sys.executable, "-m", "agent", "chat"], input=lines, env=env, capture_output=True,
                          timeout=60)  # fmt: skip
    out = done.stdout.decode()
    assert done.returncode == 0 and b"Traceback" not in done.stderr, done.stderr
    assert "not UTF-8" in out and "control character (U+001B" in out and "over the limit of 4,000" in out
    assert "bye" in out and seen == [] and list_threads(tmp_path / "home") == []


def test_a_run_entering_the_graph_directly_is_refused_like_the_other_doors(session) -> None:
    """LangGraph Server hands ``{"text": …}`` straight to the graph: the parse node refuses it in one sentence."""
    agent, seen = session
    config = {"configurable": {"thread_id": "t-server"}}
    state = agent.graph.invoke({"text": "create customer " + "A" * 100_000}, config, context=agent.context)
    assert state["error"]["type"] == "bad_input" and "over the limit of 4,000" in state["message"]
    assert state["text"] == "" and state["plan"] == [] and seen == []
    state = agent.graph.invoke({"text": "stock of X\x00"}, config, context=agent.context)
    assert state["error"]["type"] == "bad_input" and "control character" in state["message"]
