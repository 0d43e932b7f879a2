"""``odoo-agent ask --parser llm|auto`` as a user runs it: one process, Odoo and LLM traffic in one cassette.

Recorded against the loopback Odoo 19 and SmolLM2-135M-Instruct on llama-cpp-python's server
(tests/README.md). The replay needs neither server nor any OPENAI_* setting: the cassette says
which endpoint, model, output mode and parser made it.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from agent.contract import Reply
from odoo_tools.audit import AuditStore
from tests.conftest import CASSETTES, agent_process

pytestmark = pytest.mark.live
BASE = CASSETTES / "test_cli_llm"


def ask(text: str, parser: str, mode: str, name: str, home: Path) -> Reply:
    replaying = mode == "replay"
    env, switch = agent_process(mode, BASE / f"{name}.yaml", home, secrets=("ODOO_", "OPENAI_"))
    if not replaying:
        env.setdefault("ODOO_AGENT_LLM_OUTPUT", "json_object")  # llama.cpp's server refuses json_schema
    done = subprocess.run([sys.executable, "-m", "agent", "ask", text, "--parser", parser, "--json", *switch],
                          env=env, cwd=home.parent, capture_output=True, text=True, timeout=300)  # fmt: skip
    assert done.stdout.count("\n") == 1, done.stderr
    return Reply.model_validate_json(done.stdout)


def test_ask_with_the_llm_parser(both_servers_mode: str, tmp_path: Path) -> None:
    reply = ask("do we still have any Acoustic Bloc Screens?", "llm", both_servers_mode, "llm", tmp_path / "home")
    assert reply.usage.parser == "llm" and reply.usage.model == "smollm2-135m-instruct-q4_1"
    assert reply.usage.llm_calls >= 1 and reply.usage.prompt_tokens > 100 and reply.usage.completion_tokens > 0
    assert reply.usage.llm_tokens == reply.usage.prompt_tokens + reply.usage.completion_tokens
    assert reply.status in ("done", "needs_input", "error") and reply.message


def test_auto_keeps_what_the_rules_understand_without_calling_the_llm(both_servers_mode: str, tmp_path: Path) -> None:
    text = "How many Acoustic Bloc Screens do we have in stock?"
    reply = ask(text, "auto", both_servers_mode, "auto-offline", tmp_path / "home")
    # the demo database has several variants of it: the resolver asks which one
    assert reply.status == "needs_input" and reply.usage.parser == "auto:offline"
    assert reply.usage.llm_calls == 0 and reply.usage.llm_tokens == 0 and reply.usage.model is None
    assert reply.intents == [{"intent": "stock_level", "product": "Acoustic Bloc Screens"}]
    assert "Acoustic Bloc Screens" in reply.message


def test_auto_asks_the_llm_where_the_rules_give_up(both_servers_mode: str, tmp_path: Path) -> None:
    text = "got any Acoustic Bloc Screens left on the shelves?"
    reply = ask(text, "auto", both_servers_mode, "auto-llm", tmp_path / "home")
    assert reply.usage.llm_calls >= 1 and reply.usage.model == "smollm2-135m-instruct-q4_1"
    assert reply.usage.parser in ("auto:llm", "auto:offline") and reply.message


def test_tokens_per_turn_are_logged_in_the_audit_store(both_servers_mode: str, tmp_path: Path) -> None:
    home = tmp_path / "home"
    reply = ask("got any Acoustic Bloc Screens left on the shelves?", "auto", both_servers_mode, "auto-llm", home)
    turns = AuditStore(home / "audit.sqlite").turns(reply.thread_id)
    assert len(turns) == 1
    row = turns[0]
    assert (row["parser"], row["model"]) == (reply.usage.parser, reply.usage.model)
    assert (row["prompt_tokens"], row["completion_tokens"], row["llm_calls"]) == (
        reply.usage.prompt_tokens,
        reply.usage.completion_tokens,
        reply.usage.llm_calls,
    )
    assert row["intents"] == [i["intent"] for i in reply.intents]
