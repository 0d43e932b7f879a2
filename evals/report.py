"""The evaluation report: metrics per case, per tag and overall; report.json, an HTML page, a comparison.

A metric is the share of its checks that passed (``intent`` over every turn that states intents,
``final_state`` over every final query…); ``cases`` is the share of cases with every check right.
Diverged cases (a request the cassette does not hold) are counted apart, never as wrong answers.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from evals.checks import METRICS
from evals.runner import CaseResult

__all__ = [
    "Comparison", "Metrics", "Report", "build_report", "compare", "headline", "scorecard_rows", "write_baseline",
    "write_json",
]  # fmt: skip


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

    def counts(self, metric: str) -> tuple[int, int]:
        """(passed, scored) of ``metric``'s checks; for ``"cases"``, the cases that passed of those not diverged."""
        if metric == "cases":
            return self.passed, self.cases - self.diverged
        ok, total = self.checks.get(metric, [0, 0])
        return ok, total

    def rate(self, metric: str) -> float | None:
        """Share of ``metric``'s checks that passed; ``"cases"`` is the share of cases that passed."""
        ok, total = self.counts(metric)
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


def headline(meta: dict[str, Any], overall: dict[str, Any]) -> str:
    """The one line a person reads first: ``416/418 passed (99.5 %) · 0 diverged · 418 cases · replay · offline``."""
    cases, passed = int(overall["cases"]), int(overall["passed"])
    share = f"{passed / cases:.1%}".replace("%", " %") if cases else "–"
    return (f"{passed}/{cases} passed ({share}) · {overall['diverged']} diverged · {cases} cases · {meta['mode']} · "
            f"{meta['parser']} parser")  # fmt: skip


def _pct(value: float | None) -> str:
    """A whole percentage, rounded down: 449 of 450 is 99 %, never 100 %."""
    return "–" if value is None else f"{int(value * 100 + 1e-9)}%"


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
