"""``odoo-agent doctor`` as a user runs it: replayed cassettes, real network failures, bad config."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from agent.cli import app

DOCTOR = Path(__file__).parent / "cassettes" / "doctor"
ROOT = Path(__file__).parent.parent
runner = CliRunner()
BASE_ENV = {"ODOO_DB": "odoo", "ODOO_USERNAME": "admin", "ODOO_API_KEY": "k", "ODOO_MAX_RETRIES": "0"}


@pytest.mark.parametrize(
    ("cassette", "transport", "user"),
    [
        ("json2", "json2", "Mitchell Admin"),
        ("jsonrpc", "jsonrpc", "Mitchell Admin"),
        ("xmlrpc", "xmlrpc", "Mitchell Admin"),
        ("xmlrpc-only", "xmlrpc (only XML-RPC answered", "Mitchell Admin"),
        ("password", "xmlrpc (JSON-2 refused the credential", "Mitchell Admin"),
        ("reader", "json2", "Agent Reader"),
    ],
)
def test_doctor_replays_a_recorded_server(cassette: str, transport: str, user: str) -> None:
    result = runner.invoke(app, ["doctor", "--replay", str(DOCTOR / f"{cassette}.yaml")], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    out = " ".join(result.output.split())  # rich wraps long lines
    recorded = yaml.safe_load((DOCTOR / f"{cassette}.yaml").read_text())["metadata"]["recorded_at"]
    assert "Replaying" in out and f"recorded {recorded}" in out and "Odoo 19.0" in out
    assert f"Transport {transport}" in out
    assert f"User {user}" in out
    assert "✓sale" in out or "⊘sale" in out
    assert "✗helpdesk" in out  # Enterprise only: not installed on the recording server


def test_doctor_json_reports_everything_the_issue_lists() -> None:
    result = runner.invoke(app, ["doctor", "--json", "--replay", str(DOCTOR / "json2.yaml")])
    report = json.loads(result.output)
    assert report["server_version"] == "19.0" and report["transport"] == "json2" and report["database"] == "odoo"
    assert report["login"] == "admin"
    assert set(report["context"]) == {"allowed_company_ids", "lang", "tz"}
    assert report["context"]["allowed_company_ids"] == [1] and "1" in {str(k) for k in report["companies"]}
    assert len(report["companies"]) == 3
    assert report["modules"]["sale"] and report["modules"]["website_sale"] and not report["modules"]["helpdesk"]
    assert report["access"]["sale"] is True
    assert report["can_create_external_ids"] is True
    assert report["replay"].startswith("Replaying")


def test_doctor_says_which_apps_a_limited_key_cannot_read() -> None:
    result = runner.invoke(app, ["doctor", "--json", "--replay", str(DOCTOR / "reader.yaml")])
    report = json.loads(result.output)
    assert report["access"]["sale"] is False and report["access"]["project"] is True
    assert any(w.startswith("No read access to: sale, crm, purchase") for w in report["warnings"])
    assert report["can_create_external_ids"] is False


@pytest.mark.parametrize(
    ("cassette", "message"),
    [
        ("wrong-db", "The database 'odoo_agent_no_such_db' does not exist on http://127.0.0.1:8069. Check ODOO_DB"),
        ("wrong-key", "Odoo refused the API key (Invalid apikey). Check ODOO_USERNAME and ODOO_API_KEY"),
        ("wrong-key-xmlrpc", "Odoo refused the login 'admin' with that password or API key."),
        ("portal-user", "The API user 'portal-bot' may not even list the installed apps: it is not an internal user."),
    ],
)
def test_doctor_recorded_failures_are_one_clear_line(cassette: str, message: str) -> None:
    result = runner.invoke(app, ["doctor", "--replay", str(DOCTOR / f"{cassette}.yaml")])
    assert result.exit_code == 1
    assert message in result.output
    assert result.output.count("\n") == 1 and "Traceback" not in result.output


def test_a_request_missing_from_the_cassette_fails_loudly() -> None:
    result = runner.invoke(app, ["doctor", "--transport", "xmlrpc", "--replay", str(DOCTOR / "json2.yaml")])
    assert result.exit_code == 1
    assert "Replay: the cassette has no recording of POST /xmlrpc/2/common" in result.output


def test_replaying_a_missing_cassette() -> None:
    result = runner.invoke(app, ["doctor", "--replay", "nope.yaml"])
    assert result.exit_code == 1 and "No cassette at nope.yaml" in result.output


def test_another_process_replays_through_the_environment_switch(tmp_path: Path) -> None:
    """The switch is a product feature: a separate process honours ODOO_AGENT_CASSETTE."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ODOO_")}
    env["ODOO_AGENT_CASSETTE"] = str(DOCTOR / "xmlrpc.yaml")
    env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run(
        [sys.executable, "-m", "agent", "doctor", "--json"], env=env, cwd=tmp_path, capture_output=True, text=True,
        timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["transport"] == "xmlrpc" and report["user"] == "Mitchell Admin"


# -- real failures on loopback, no cassette ---------------------------------------------------------


@pytest.fixture
def not_odoo() -> Iterator[str]:
    """A real HTTP server on loopback that is not Odoo (answers 404 HTML to everything)."""

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            body = b"<html><body>Not Found</body></html>"
            self.send_response(404)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = _answer

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _closed_port() -> str:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{s.getsockname()[1]}"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("closed", "Cannot connect to http://127.0.0.1:"),
        ("http://odoo-agent-test.invalid", "Cannot connect to http://odoo-agent-test.invalid: unknown host name."),
        ("not-odoo", "does not point to an Odoo server"),
        ("erp.example.com", "ODOO_URL: 'erp.example.com' is not an http(s) URL with a host"),
    ],
)
def test_doctor_network_and_url_errors(url: str, message: str, not_odoo: str) -> None:
    url = {"closed": _closed_port(), "not-odoo": not_odoo}.get(url, url)
    result = runner.invoke(app, ["doctor"], env={**BASE_ENV, "ODOO_URL": url})
    assert result.exit_code == 1
    assert message in result.output
    assert result.output.startswith("error:") and result.output.count("\n") == 1


def test_doctor_without_configuration_names_what_is_missing() -> None:
    result = runner.invoke(app, ["doctor"])
    assert result.exit_code == 1
    assert "ODOO_URL, ODOO_DB, ODOO_USERNAME, ODOO_API_KEY not set" in result.output


def test_an_empty_message_is_one_sentence_and_no_thread(tmp_path: Path) -> None:
    """Issue 30: ``ask ""`` (or blanks) is an error in one sentence, JSON with ``--json``, exit 1, nothing stored."""
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("ODOO_")}, "ODOO_AGENT_HOME": str(tmp_path)}
    for text in ("", "   \t "):
        done = subprocess.run([sys.executable, "-m", "agent", "ask", text, "--json"], env=env, capture_output=True,
                              text=True, timeout=120, check=False, cwd=ROOT)  # fmt: skip
        reply = json.loads(done.stdout)
        assert done.returncode == 1 and reply["status"] == "error" and reply["error"]["type"] == "bad_input"
        assert reply["message"].startswith("The message is empty") and reply["thread_id"] == ""
    assert not (tmp_path / "threads.sqlite").exists()
    parsed = runner.invoke(app, ["parse", " "])  # the same refusal at every door that reads a message
    assert parsed.exit_code != 0 and "empty" in parsed.output


def test_version_and_empty_lists_say_so(tmp_path: Path) -> None:
    shown = runner.invoke(app, ["--version"])
    assert shown.exit_code == 0 and re.fullmatch(r"odoo-agent \d+\.\d+\.\d+\S*\n", shown.output)
    env = {"ODOO_AGENT_HOME": str(tmp_path / "home")}
    listed = runner.invoke(app, ["threads"], env=env)
    assert listed.exit_code == 0 and "No conversation yet" in " ".join(listed.output.split())
    logged = runner.invoke(app, ["audit"], env=env)
    assert logged.exit_code == 0 and "No write recorded yet" in " ".join(logged.output.split())
    assert json.loads(runner.invoke(app, ["threads", "--json"], env=env).output) == []  # JSON stays a list


def test_audit_days_are_read_as_days_or_refused(tmp_path: Path) -> None:
    """Issue 30: ``--since yesterday`` was compared as text and found nothing; now a day is a day."""
    from odoo_tools.audit import AuditStore

    home = tmp_path / "home"
    home.mkdir(mode=0o700)
    store = AuditStore(home / "audit.sqlite")
    store.done(store.sending("t-1", "s1", "quotation_create", "k1", {"customer": 1}), {"created": []})
    env = {"ODOO_AGENT_HOME": str(home)}

    def ids(*args: str) -> list[int]:
        out = runner.invoke(app, ["audit", "--json", *args], env=env)
        assert out.exit_code == 0, out.output
        return [r["id"] for r in json.loads(out.output)]

    assert ids("--since", "yesterday") == ids("--since", "today") == ids("--until", "today") == [1]
    assert ids("--until", "yesterday") == [] and ids("--since", "2000-01-01") == [1]
    refused = runner.invoke(app, ["audit", "--since", "last tuesdy"], env=env)
    said = " ".join(refused.output.split())
    assert refused.exit_code == 1 and "--since last tuesdy: give a day as YYYY-MM-DD" in said


def test_a_failure_asked_for_json_answers_json(tmp_path: Path) -> None:
    """Issue 30: ``doctor --json`` and ``threads X --json`` printed nothing on stdout when they failed."""
    env = {"ODOO_AGENT_HOME": str(tmp_path / "home"), "ODOO_URL": "", "ODOO_DB": ""}
    lost = runner.invoke(app, ["threads", "t-nope", "--json"], env=env)
    said = json.loads(lost.stdout)
    assert lost.exit_code == 1 and said["status"] == "error" and said["error"]["type"] == "unknown_thread"
    assert "t-nope" in said["error"]["message"]
    doctor = runner.invoke(app, ["doctor", "--json"], env=env)
    report = json.loads(doctor.stdout)
    assert doctor.exit_code == 1 and report["status"] == "error" and report["error"]["message"]


@pytest.mark.parametrize(("command", "typed"), [("ask", "--approver"), ("resume", "--token"), ("audit", "--since")])
def test_flags_show_no_value_placeholder(command: str, typed: str) -> None:
    """Issue 30: ``--json <bool>`` read as if the flag took a value (``--json true`` is refused)."""
    shown = runner.invoke(app, [command, "--help"], env={"COLUMNS": "120"})
    assert shown.exit_code == 0 and "--help" in shown.output
    assert "<bool>" not in shown.output
    (line,) = [ln for ln in shown.output.splitlines() if ln.lstrip("│ ").startswith(typed)]
    assert "<str>" in line  # an option that takes a value still shows its type


def test_a_mistyped_thread_is_an_error_unless_new_thread(tmp_path: Path) -> None:
    """Issue 30: ``--thread`` with an id no conversation has was silently a new conversation."""
    import socket

    from agent.session import list_threads

    with socket.socket() as s:  # a port nothing listens on: Odoo down, so nothing can be written anywhere
        s.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{s.getsockname()[1]}"
    env = {**{k: v for k, v in os.environ.items() if not k.startswith(("ODOO_", "OPENAI_"))}, **BASE_ENV,
           "ODOO_URL": url, "ODOO_AGENT_HOME": str(tmp_path / "home")}  # fmt: skip

    def ask(*extra: str) -> tuple[int, dict[str, Any]]:
        argv = [sys.executable, "-m", "agent", "ask", "stock of Widget", "--thread", "t-typo", *extra, "--json"]
        done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=120, check=False, cwd=ROOT)
        return done.returncode, json.loads(done.stdout)

    code, reply = ask()
    assert code == 1 and reply["error"] == {"type": "unknown_thread", "message": reply["message"]}
    assert "'t-typo'" in str(reply["message"]) and "--new-thread" in str(reply["message"])
    assert list_threads(tmp_path / "home") == []
    code, started = ask("--new-thread")  # the same id, started on purpose: it goes to Odoo (down here)
    assert code == 1 and started["thread_id"] == "t-typo" and started["error"]["type"] != "unknown_thread"
    chat = subprocess.run([sys.executable, "-m", "agent", "chat", "--thread", "t-nope"], env=env, capture_output=True,
                          text=True, timeout=120, check=False, cwd=ROOT, input="")  # fmt: skip
    assert chat.returncode == 1 and "'t-nope'" in chat.stderr and "--new-thread" in chat.stderr


def test_the_readme_llm_replay_needs_no_llm_settings(tmp_path: Path) -> None:
    """Issue 30: the README's LLM example, replayed on a machine with no LLM settings, answers as recorded (the
    recording names its model) under a banner that says the recording holds no Odoo exchange."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ODOO_", "OPENAI_"))}
    env.update(ODOO_AGENT_HOME=str(tmp_path / "home"), COLUMNS="200")
    cassette = ROOT / "tests" / "cassettes" / "test_cli_llm" / "auto-llm.yaml"
    done = subprocess.run([sys.executable, "-m", "agent", "ask", "got any Acoustic Bloc Screens left on the shelves?",
                           "--parser", "auto", "--json", "--replay", str(cassette)], env=env, capture_output=True,
                          text=True, timeout=120, check=False, cwd=ROOT)  # fmt: skip
    reply = json.loads(done.stdout)
    assert reply["usage"]["model"] == "smollm2-135m-instruct-q4_1" and reply["usage"]["llm_calls"] == 1
    assert reply["usage"]["odoo_calls"] == 0 and "no Odoo exchange in it" in " ".join(done.stderr.split())
    assert "Odoo ? (?)" not in done.stderr
