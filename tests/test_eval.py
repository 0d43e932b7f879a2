"""The evaluation suite: its dataset, its checks (which must be able to fail), and the gate CI runs.

The gate replays every case (``--mode replay --parser offline``) and fails when a case that
passes in ``evals/baseline.json`` does not pass now, or when an overall metric drops.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from agent.contract import Reply
from evals.checks import METRICS, audit_checks, turn_checks
from evals.dataset import Case, Expect, case_word, load_cases
from evals.report import build_report, compare
from evals.runner import CaseResult, cassette_path, run_cases

BASELINE = Path(__file__).parent.parent / "evals" / "baseline.json"


def _reply(**kw: object) -> Reply:
    base = {
        "thread_id": "t",
        "status": "done",
        "message": "Confirmed S00042.",
        "intents": [],
        "plan": [],
        "question": None,
        "records": [],
        "error": None,
        "usage": {"parser": "offline", "model": None, "llm_tokens": 0, "odoo_calls": 0, "seconds": 0},
    }
    return Reply.model_validate({**base, **kw})


def test_the_dataset_has_enough_tagged_cases_in_both_languages() -> None:
    cases = load_cases()
    conversations = [c for c in cases if c.kind == "conversation"]
    assert len(cases) >= 150 and len(conversations) >= 60
    for c in conversations:
        assert {"domain", "lang", "difficulty", "feature"} <= c.tags.keys(), c.id
    langs = [c.tags["lang"] for c in conversations]
    assert langs.count("fr") >= len(langs) // 4
    features = {c.tags["feature"] for c in conversations}
    assert {"chain", "disambiguation", "approval-rejected", "injection"} <= features
    assert all(c.final for c in conversations if any(t.approve for t in c.turns)), "a write is checked in Odoo"


def test_case_words_are_stable_and_salted_runs_get_new_ones() -> None:
    assert case_word("sales-x") == case_word("sales-x") != case_word("sales-y")
    assert case_word("sales-x", salt="run2") != case_word("sales-x")
    case = Case(id="c", tags={}, turns=[{"say": "quote {W} Ltd"}])
    assert case.fill(case.turns[0]).say == f"quote {case.word} Ltd"


def test_turn_checks_fail_on_every_kind_of_mismatch() -> None:
    plan = [
        {
            "id": "s1",
            "tool": "order_confirm",
            "args": {},
            "risk": "financial",
            "description": "Confirm",
            "status": "needs_approval",
        }
    ]
    reply = _reply(status="needs_approval", plan=plan, intents=[{"intent": "confirm_order", "order": "S00042"}])
    good = Expect(
        status="needs_approval",
        intents=["confirm_order"],
        slots={"order": "s00042"},
        tools=["order_confirm"],
        approval=["order_confirm"],
        question=False,
        says=["confirmed"],
        resolved={"0.order": "so"},
    )
    assert all(c.ok for c in turn_checks(good, reply, {"0.order": 7}, {"so": 7}))
    bad = Expect(
        status="done",
        intents=["cancel_order"],
        slots={"order": "S1"},
        tools=[],
        approval=[],
        question=True,
        says=["cancelled"],
        never_says=["confirmed"],
        resolved={"0.order": "so"},
    )
    checks = turn_checks(bad, reply, {"0.order": 8}, {"so": 7})
    assert not any(c.ok for c in checks)
    assert {c.metric for c in checks} == {"reply", "intent", "slots", "plan", "approval", "question", "resolution"}


def test_a_risky_write_without_an_approver_is_caught() -> None:
    from odoo_tools.audit import AuditRow

    row = {
        "id": 1,
        "thread_id": "t:1",
        "step_id": "s2",
        "tool": "order_confirm",
        "idempotency_key": "k",
        "status": "done",
        "args": {},
        "at": "2026-01-01T00:00:00",
    }
    assert not audit_checks([AuditRow.model_validate(row)])[0].ok
    assert audit_checks([AuditRow.model_validate({**row, "approver": "alice"})])[0].ok
    assert audit_checks([AuditRow.model_validate({**row, "tool": "quotation_create"})])[0].ok


def test_compare_reports_regressions_improvements_and_metric_drops() -> None:
    def result(cid: str, status: str, ok: bool) -> CaseResult:
        return CaseResult(
            id=cid,
            kind="conversation",
            tags={"domain": "sales"},
            status=status,  # type: ignore[arg-type]
            checks=[{"metric": "plan", "ok": ok, "what": "x"}],
        )

    old = json.loads(build_report([result("a", "passed", True), result("b", "failed", False)], {}).model_dump_json())
    new = build_report([result("a", "failed", False), result("b", "passed", True)], {})
    diff = compare(old, new)
    assert diff.regressions == ["a: failed"] and diff.improvements == ["b: passed"] and diff.metric_drops == []
    worse = build_report([result("a", "passed", False), result("b", "failed", False)], {})
    assert compare(old, worse).metric_drops == ["plan: 50.0% → 0.0%"]


def test_every_conversation_has_its_cassette() -> None:
    missing = [c.id for c in load_cases() if c.kind == "conversation" and not cassette_path(c, "offline").exists()]
    assert not missing, f"record them: odoo-agent eval --mode record --id … ({missing[:5]})"


@pytest.fixture(scope="module")
def replayed() -> list[CaseResult]:
    return run_cases(load_cases(), mode="replay", parser="offline")


def test_the_gate_no_case_that_passed_in_the_baseline_fails_and_no_metric_drops(replayed: list[CaseResult]) -> None:
    report = build_report(replayed, {"mode": "replay", "parser": "offline"})
    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))
    diff = compare(baseline, report)
    assert not diff.regressions, diff.regressions
    assert not diff.metric_drops, diff.metric_drops
    assert not diff.missing, f"cases gone since the baseline: {diff.missing}"
    assert report.overall.diverged == 0, [r.id for r in replayed if r.status == "diverged"]
    assert report.overall.errors == 0, [f"{r.id}: {r.error}" for r in replayed if r.status == "error"]
    assert all(report.overall.rate(m) is not None for m in METRICS)


def test_the_llm_recordings_replay_and_say_which_model_made_them() -> None:
    """The LLM numbers come from real recordings (SmolLM2 on loopback), replayed: none diverged, none hand-made."""
    conversations = [c for c in load_cases() if c.kind == "conversation"]
    results = run_cases(conversations, mode="replay", parser="llm")
    assert [r.id for r in results if r.status in ("diverged", "error")] == []
    report = build_report(results, {"mode": "replay", "parser": "llm"})
    assert report.meta["models"] == ["smollm2-135m-instruct-q4_1"] and report.meta["recorded"]
    assert report.overall.llm_calls > len(conversations) and report.overall.llm_tokens > 0


def test_a_request_the_cassette_does_not_hold_is_diverged_with_the_request_shown() -> None:
    case = next(c for c in load_cases() if c.id == "sales-reject-keeps-the-draft")
    changed = case.model_copy(update={"turns": [case.turns[0].model_copy(update={"say": "quote {W} Trading for 3 "
                                                                                  "{W} Gadget and confirm it"}),
                                                *case.turns[1:]]})  # fmt: skip
    result = run_cases([changed], mode="replay")[0]
    assert result.status == "diverged", result
    shown = result.diverged_at or ""
    assert "Can't play back this request" in shown and "POST http" in shown  # the request itself
    assert "Closest recorded requests" in shown and "body differs" in shown  # and what differs from the recording


def test_odoo_agent_eval_runs_the_suite_as_its_own_program(tmp_path: Path) -> None:
    """``odoo-agent eval`` runs ``python -m evals`` with its arguments: same scorecard, same exit codes."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ODOO_")}  # a replay needs no server
    env.update(COLUMNS="160", PYTHONPATH=str(BASELINE.parent.parent))

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "agent", "eval", *args], env=env, capture_output=True,
                              text=True, timeout=300, cwd=tmp_path, check=False)  # fmt: skip

    done = run("--id", "adv-bulk-21-quotations", "--out", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    assert "odoo-agent eval" in done.stdout and "mode replay · parser offline" in done.stdout
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    assert [(c["id"], c["status"]) for c in report["cases"]] == [("adv-bulk-21-quotations", "passed")]
    wrong = run("--mode", "nope")
    assert wrong.returncode == 2 and "'nope' is not one of" in wrong.stderr and "--mode" in wrong.stderr
    helped = run("--help")
    assert helped.returncode == 0 and "Usage: odoo-agent eval" in helped.stdout and "--compare" in helped.stdout


def test_the_scorecard_reads_at_80_columns_and_leads_with_the_headline(tmp_path: Path) -> None:
    """Issue 31: every domain's row (manufacturing is the longest name) fits 80 columns, nothing cut ("…"),
    the headline first; ``--jobs`` defaults to one process per core and refuses nonsense."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ODOO_")}
    env.update(COLUMNS="80", PYTHONPATH=str(BASELINE.parent.parent))
    ids = ["mrp-chain-bom-then-mo-then-confirm", "website-publish-product", "adv-inject-system-confirm",
           "delivery-validated-after-the-order", "crm-chain-opportunity-qualified-won"]  # fmt: skip
    args = [a for i in ids for a in ("--id", i)]
    done = subprocess.run([sys.executable, "-m", "evals", *args, "--out", str(tmp_path / "out")], env=env,
                          capture_output=True, text=True, timeout=300, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    lines = [line for line in done.stdout.splitlines() if line.strip()]  # the progress bar leaves a blank line
    assert lines[0] == "5/5 passed (100.0 %) · 0 diverged · 5 cases · replay · offline parser", lines[:3]
    assert all(len(line) <= 80 for line in lines), [line for line in lines if len(line) > 80]
    assert "…" not in done.stdout
    table = [line.split() for line in lines if line.strip().startswith(("manufacturing", "ecommerce", "all"))]
    assert [row[0] for row in table] == ["ecommerce", "manufacturing", "all"]
    assert all(row[2] == "100" for row in table)  # the pass rate, whole and unshortened
    wrong = subprocess.run([sys.executable, "-m", "evals", "--jobs", "zero"], env=env, capture_output=True, text=True,
                           timeout=120, check=False)  # fmt: skip
    assert wrong.returncode == 2 and "--jobs zero" in wrong.stdout


def test_without_its_recordings_the_replay_says_so_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 30: an installed wheel has the cases but not ``evals/cassettes``: one sentence, not N "diverged"."""
    from rich.console import Console

    import evals.runner
    from evals.console import run_eval

    monkeypatch.setattr(evals.runner, "CASSETTES", tmp_path / "none")
    monkeypatch.setattr(evals.runner, "PARSER_CASSETTES", tmp_path / "none")
    console = Console(record=True, width=200)
    code = run_eval(console, mode="replay", parser="offline", tags=[], ids=[], jobs=1, out=tmp_path / "out",
                    compare_to=None, failures=False)  # fmt: skip
    said = console.export_text()
    assert code == 1 and "source checkout" in said and "--mode live" in said
    assert "diverged" not in said and not (tmp_path / "out").exists()
