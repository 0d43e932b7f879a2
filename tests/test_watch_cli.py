"""``odoo-agent watch --once``, ``automations list`` and ``webhook`` as separate processes: each pass of the
watcher is a new process on one home (its cursor and what it handled persist), each replaying its own
cassette; the receiver refuses to start without a secret before it opens anything."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import SecretStr

from odoo_tools import OdooClient
from odoo_tools.approvers import ApproverCredential
from tests.conftest import CASSETTES, ROOT, OdooSession, agent_process
from tests.test_graph import word

pytestmark = pytest.mark.live
BASE = CASSETTES / "test_watch_cli"


def rules_file(home: Path, name: str) -> Path:
    path = home.parent / "automations.yaml"
    path.write_text(json.dumps({"rules": [{"name": "partner-note", "when": {"model": "res.partner",
                    "domain": [["name", "ilike", name]]}, "do": {"flow": "note", "text": "Seen by the agent"}}]}),
                    encoding="utf-8")  # fmt: skip
    return path


def watch_once(odoo: OdooSession, cassette: Path, home: Path, rules: Path) -> dict[str, object]:
    env, switch = agent_process(odoo.mode, cassette, home, ODOO_AGENT_AUTOMATIONS=str(rules))
    done = subprocess.run([sys.executable, "-m", "agent", "watch", "--once", "--json", *switch], env=env,
                          cwd=home.parent, capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    report: dict[str, object] = json.loads(done.stdout)
    return report


def test_each_pass_in_its_own_process_runs_a_change_once(odoo: OdooSession, tmp_path: Path) -> None:
    name = f"{word('test_each_pass_in_its_own_process')} Watched"
    home = tmp_path / "home"
    rules = rules_file(home, name)
    first = watch_once(odoo, BASE / "first.yaml", home, rules)
    assert first["outcomes"] == [] and first["polled"] == ["partner-note"]  # the cursor starts at Odoo's newest
    key = "scrubbed" if odoo.replaying else os.environ.get("ODOO_TEST_MANAGER_KEY", "")
    if not key:
        pytest.skip("needs ODOO_TEST_MANAGER_KEY (see tests/README.md)")
    with OdooClient(ApproverCredential(login="manager", api_key=SecretStr(key)).connection(odoo.config())) as manager:
        partner = manager.create("res.partner", {"name": name})
    second = watch_once(odoo, BASE / "second.yaml", home, rules)
    assert [o["status"] for o in second["outcomes"]] == ["done"]  # type: ignore[union-attr,index]
    third = watch_once(odoo, BASE / "third.yaml", home, rules)
    assert third["outcomes"] == []  # a new process: the change is known handled
    with OdooClient(odoo.config()) as admin:
        assert admin.search_count("mail.message", [["model", "=", "res.partner"], ["res_id", "=", partner],
                                                   ["body", "ilike", "Seen by the agent"]]) == 1  # fmt: skip
        admin.write("res.partner", [partner], {"active": False})


def test_list_and_a_receiver_without_a_secret(tmp_path: Path) -> None:
    home = tmp_path / "home"
    rules = rules_file(home, "Anyone")
    env = {k: v for k, v in os.environ.items() if not k.startswith("ODOO_")}
    env.update(PYTHONPATH=str(ROOT), ODOO_AGENT_HOME=str(home), ODOO_AGENT_AUTOMATIONS=str(rules))
    listed = subprocess.run([sys.executable, "-m", "agent", "automations", "list", "--json"], env=env,
                            capture_output=True, text=True, timeout=120)  # fmt: skip
    assert listed.returncode == 0 and [r["name"] for r in json.loads(listed.stdout)] == ["partner-note"]
    refused = subprocess.run([sys.executable, "-m", "agent", "webhook"], env=env, capture_output=True, text=True,
                             timeout=120)  # fmt: skip
    assert refused.returncode == 1 and "does not start without one" in refused.stderr + refused.stdout
