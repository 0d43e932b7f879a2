"""Issue 30: the demo — a conversation recorded against a real Odoo 19, shipped in the package, replayed without
an Odoo, configuration or key: ``chat --demo`` in a real pty, ``ask --demo`` / ``resume --demo`` a process per turn.

Its recording (``agent/demo/conversation.yaml``) was made by ``odoo-agent chat --record … --new-thread --thread
t-demo --parser offline`` with ``ODOO_COMPANY=1``, a fresh home, the messages of ``agent/demo/messages.yaml`` in
order and "y" to the approval (see agent/demo.py).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
from fnmatch import fnmatch
from pathlib import Path
from typing import Any

import pexpect

from agent import demo

ROOT = Path(__file__).parent.parent
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\r")


def _bare_env(home: Path) -> dict[str, str]:
    """What a newcomer has: no ODOO_*, no LLM, a home of their own."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ODOO_", "OPENAI_"))}
    env.update(HOME=str(home), COLUMNS="160", PYTHONPATH=str(ROOT))
    return env


def _agent(args: list[str], home: Path) -> tuple[int, dict[str, Any]]:
    done = subprocess.run([sys.executable, "-m", "agent", *args, "--json"], env=_bare_env(home), capture_output=True,
                          text=True, timeout=120, check=False, cwd=home)  # fmt: skip
    assert "Traceback" not in done.stderr, done.stderr
    return done.returncode, json.loads(done.stdout)


def test_the_demo_chats_in_a_terminal_without_an_odoo(tmp_path: Path) -> None:
    child = pexpect.spawn(sys.executable, ["-m", "agent", "chat", "--demo"], env={**_bare_env(tmp_path),
                          "TERM": "xterm", "PROMPT_TOOLKIT_NO_CPR": "1"}, cwd=str(tmp_path), encoding="utf-8",
                          timeout=90, dimensions=(50, 160))  # fmt: skip
    seen: list[str] = []

    def until(text: str) -> str:
        child.expect(re.escape(text))
        chunk = ANSI.sub("", child.before or "")
        seen.append(chunk)
        return " ".join(chunk.split())

    banner = until("odoo>")
    assert "recorded against a real Odoo 19" in banner and all(m in banner for m in demo.messages())

    def say(line: str, *answer: str, then: str = "odoo>") -> None:
        """Type ``line``; the reply shows each of ``answer`` (prompt-toolkit redraws its prompt on Enter, so the
        reply's own words are waited for, then the next prompt)."""
        child.sendline(line)
        for text in answer:
            until(text)
        until(then)

    say("what is the weather like?", "knows only its own messages")
    say("2", f"next is 1) {demo.messages()[0]}")  # not the next one
    say("1", "Cable Management Box (all warehouses): 90 on hand")
    say(demo.messages()[1].upper(), "Created quotation S00279 for Azure Interior")  # its words, whatever the case
    say("3", "Needs your approval: Confirm the order; Invoice the order", then="approve? [y]es / [n]o / [e]dit >")
    say("y", "Created Draft Invoice (S00279)")
    say("4", "unpaid invoice(s)")
    say("5", "Pipeline: 34 open opportunities")
    say("1", "That was the whole demo")
    child.sendline("/quit")
    child.expect(pexpect.EOF)
    assert "Replay:" not in "".join(seen) and "cassette" not in "".join(seen)


def test_ask_and_resume_replay_the_demo_a_process_per_turn(tmp_path: Path) -> None:
    code, first = _agent(["ask", "--demo", "1"], tmp_path)
    assert code == 0 and first["status"] == "done" and first["thread_id"] == demo.THREAD
    code, other = _agent(["ask", "--demo", "quote Acme for 3 widgets"], tmp_path)
    assert code == 1 and other["error"]["type"] == "demo_unknown_message" and demo.messages()[2] in other["error"][
        "message"]  # fmt: skip
    code, skipped = _agent(["ask", "--demo", "3"], tmp_path)
    assert code == 1 and skipped["error"]["type"] == "demo_out_of_order" and "next is 2)" in skipped["error"]["message"]
    assert _agent(["ask", "--demo", "2"], tmp_path)[1]["status"] == "done"
    code, asked = _agent(["ask", "--demo", "3"], tmp_path)
    assert code == 2 and asked["status"] == "needs_approval" and asked["approval"]
    code, done = _agent(["resume", "--demo", "--thread", demo.THREAD, "--approve", "--token",
                         asked["approval"]["token"]], tmp_path)  # fmt: skip
    assert code == 0 and "Created Draft Invoice (S00279)" in done["message"], done
    code, rejected = _agent(["resume", "--demo", "--thread", demo.THREAD, "--edit", '{"s1": {"order": 7}}'], tmp_path)
    assert rejected["status"] == "error" and "Replay" not in rejected["message"]
    code, again = _agent(["ask", "--demo", "1"], tmp_path)  # the first message starts over
    assert code == 0 and again["status"] == "done"
    assert not (tmp_path / ".local" / "share" / "odoo-agent" / "threads.sqlite").exists()  # real threads untouched


def test_without_settings_the_error_points_at_the_demo(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "agent", "ask", "stock of Widget"], env=_bare_env(tmp_path),
                          capture_output=True, text=True, timeout=120, check=False, cwd=tmp_path)  # fmt: skip
    assert (
        done.returncode == 1 and "ODOO_URL" in done.stderr + done.stdout and "chat --demo" in done.stderr + done.stdout
    )


def test_the_demo_ships_in_the_package() -> None:
    """Its recording is package data (a wheel has it), unlike the eval corpus."""
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["agent"]
    for path in (demo.CASSETTE, demo.DIR / "messages.yaml"):
        assert path.exists() and any(fnmatch(str(path.relative_to(ROOT / "agent")), glob) for glob in data)
