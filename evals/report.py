"""The evaluation report: metrics per case, per tag and overall; report.json, an HTML page, a comparison.

A metric is the share of its checks that passed (``intent`` over every turn that states intents,
``final_state`` over every final query…); ``cases`` is the share of cases with every check right.
Diverged cases (a request the cassette does not hold) are counted apart, never as wrong answers.
"""

from __future__ import annotations

import html
import json
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from evals.checks import METRICS
from evals.runner import CaseResult

__all__ = ["Comparison", "Metrics", "Report", "build_report", "compare", "write_baseline", "write_html", "write_json"]


class Metrics(BaseModel):
    cases: int = 0
    passed: int = 0
    failed: int = 0
    diverged: int = 0
    errors: int = 0
    checks: dict[str, list[int]] = Field(default_factory=dict, description="metric → [passed, total]")
    odoo_calls: int = 0
    llm_calls: int = 0
    llm_tokens: int = 0
    seconds: float = 0.0

    def add(self, r: CaseResult) -> None:
        self.cases += 1
        self.passed += r.status == "passed"
        self.failed += r.status == "failed"
        self.diverged += r.status == "diverged"
        self.errors += r.status == "error"
        for c in r.checks:
            row = self.checks.setdefault(c.metric, [0, 0])
            row[0] += c.ok
            row[1] += 1
        self.odoo_calls += r.odoo_calls
        self.llm_calls += r.llm_calls
        self.llm_tokens += r.llm_tokens
        self.seconds = round(self.seconds + r.seconds, 3)

    def rate(self, metric: str) -> float | None:
        """Share of ``metric``'s checks that passed; ``"cases"`` is the share of cases that passed."""
        if metric == "cases":
            scored = self.cases - self.diverged
            return self.passed / scored if scored else None
        ok, total = self.checks.get(metric, [0, 0])
        return ok / total if total else None


class Report(BaseModel):
    meta: dict[str, Any]
    overall: Metrics
    by_tag: dict[str, Metrics]
    cases: list[CaseResult]


def build_report(results: Iterable[CaseResult], meta: dict[str, Any]) -> Report:
    results = list(results)
    overall = Metrics()
    by_tag: defaultdict[str, Metrics] = defaultdict(Metrics)
    for r in results:
        overall.add(r)
        for k, v in sorted(r.tags.items()):
            by_tag[f"{k}={v}"].add(r)
    recorded = sorted({r.recorded_at[:10] for r in results if r.recorded_at})
    models = sorted({r.model for r in results if r.model})
    meta = {**meta, "recorded": recorded, "models": models}
    return Report(meta=meta, overall=overall, by_tag=dict(sorted(by_tag.items())), cases=results)


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def scorecard_rows(report: Report, group: str = "domain") -> list[list[str]]:
    """Rows for the terminal table: one per tag value of ``group``, then the overall line."""
    rows = []
    for key, m in report.by_tag.items():
        if key.startswith(f"{group}="):
            rows.append([key.split("=", 1)[1], str(m.cases), *(_pct(m.rate(x)) for x in ("cases", *METRICS)),
                         str(m.diverged)])  # fmt: skip
    o = report.overall
    rows.append(["all", str(o.cases), *(_pct(o.rate(x)) for x in ("cases", *METRICS)), str(o.diverged)])
    return rows


class Comparison(BaseModel):
    regressions: list[str] = Field(default_factory=list, description="Cases that passed before and do not now")
    improvements: list[str] = Field(default_factory=list)
    metric_drops: list[str] = Field(default_factory=list)
    missing: list[str] = Field(default_factory=list, description="Cases of the old report not run now")


def compare(old: dict[str, Any], new: Report, metrics: bool = True) -> Comparison:
    """What changed since ``old`` (a report.json): regressions, improvements, overall metrics that dropped.

    ``metrics=False`` when ``new`` ran a subset: its overall rates do not compare with the old population's.
    """
    before = {c["id"]: c["status"] for c in old.get("cases", [])}
    now = {c.id: c.status for c in new.cases}
    out = Comparison()
    for cid, status in before.items():
        if cid not in now:
            if metrics:  # a subset leaves the others out on purpose
                out.missing.append(cid)
        elif status == "passed" and now[cid] != "passed":
            out.regressions.append(f"{cid}: {now[cid]}")
    out.improvements = [f"{cid}: passed" for cid, s in now.items() if s == "passed" and before.get(cid) != "passed"]
    old_overall = Metrics.model_validate(old.get("overall", {}))
    for metric in ("cases", *METRICS) if metrics else ():
        was, is_ = old_overall.rate(metric), new.overall.rate(metric)
        if was is not None and is_ is not None and is_ < was - 1e-9:
            out.metric_drops.append(f"{metric}: {was:.1%} → {is_:.1%}")
    return out


def write_baseline(report: Report, path: Path) -> None:
    """What the pytest gate compares against: the overall metrics and each case's status (no transcripts)."""
    data = {"meta": report.meta, "overall": report.overall.model_dump(),
            "cases": [{"id": r.id, "status": r.status} for r in report.cases]}  # fmt: skip
    path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")


def write_json(report: Report, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(report.model_dump_json(indent=1) + "\n", encoding="utf-8")


_CSS = """body{font:14px system-ui,sans-serif;margin:2em;max-width:1200px}table{border-collapse:collapse}
td,th{padding:2px 8px;border-bottom:1px solid #ddd;text-align:left}.bar{background:#e8e8e8;width:240px;height:12px}
.fill{background:#3a7;height:12px}.failed{color:#b22}.diverged{color:#a60}.error{color:#b22}pre{white-space:pre-wrap}
details{margin:.5em 0;border-left:3px solid #b22;padding-left:.6em}"""


def _bar(rate: float | None) -> str:
    width = 0 if rate is None else round(rate * 100)
    return f'<div class="bar"><div class="fill" style="width:{width}%"></div></div> {_pct(rate)}'


def _failure(r: CaseResult) -> str:
    e = html.escape
    lines = [f"<details><summary class='{r.status}'>{e(r.id)} — {r.status} "
             f"({', '.join(e(t) for t in r.tags.values())})</summary>"]  # fmt: skip
    if r.diverged_at:
        lines.append(f"<p>First request not in the cassette:</p><pre>{e(r.diverged_at[:3000])}</pre>")
    if r.error:
        lines.append(f"<pre>{e(r.error)}</pre>")
    for t in r.turns:
        lines.append(f"<p><b>person:</b> {e(t.person)}<br><b>agent ({e(t.status)}):</b> {e(t.message)}<br>"
                     f"<b>plan:</b> {e(', '.join(t.plan) or '–')}</p>")  # fmt: skip
        for c in t.checks:
            if not c.ok:
                lines.append(f"<p class='failed'>✗ {e(c.metric)} · {e(c.what)}: {e(c.detail)}</p>")
    turn_checks = {id(c) for t in r.turns for c in t.checks}
    for c in r.checks:
        if not c.ok and id(c) not in turn_checks:
            lines.append(f"<p class='failed'>✗ {e(c.metric)} · {e(c.what)}: {e(c.detail)}</p>")
    if r.state:
        lines.append(f"<p>Odoo state found:</p><pre>{e(json.dumps(r.state, indent=1, default=str)[:4000])}</pre>")
    lines.append("</details>")
    return "\n".join(lines)


def write_html(report: Report, path: Path) -> None:
    """One self-contained page: the metrics, a bar per domain and metric, then every failure's transcript."""
    e = html.escape
    meta = "".join(f"<tr><th>{e(str(k))}</th><td>{e(str(v))}</td></tr>" for k, v in report.meta.items())
    metrics = ("cases", *METRICS)
    head = "".join(f"<th>{m}</th>" for m in metrics)
    body = []
    for key, m in [*report.by_tag.items(), ("all", report.overall)]:
        if key == "all" or key.startswith("domain="):
            cells = "".join(f"<td>{_bar(m.rate(x))}</td>" for x in metrics)
            body.append(f"<tr><th>{e(key)} ({m.cases})</th>{cells}</tr>")
    bad = [r for r in report.cases if r.status != "passed"]
    page = (f"<!doctype html><meta charset=utf-8><title>odoo-agent eval</title><style>{_CSS}</style>"
            f"<h1>odoo-agent evaluation</h1><table>{meta}</table><h2>By domain</h2>"
            f"<table><tr><th></th>{head}</tr>{''.join(body)}</table>"
            f"<h2>Not passed ({len(bad)})</h2>{''.join(_failure(r) for r in bad)}")  # fmt: skip
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page, encoding="utf-8")
