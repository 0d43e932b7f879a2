"""``odoo-agent eval`` in a terminal: pick the cases, run them with a progress bar, print the scorecard."""

from __future__ import annotations

import fnmatch
import json
import os
from pathlib import Path
from typing import Any

from rich import box
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from agent.api import ParserChoice
from evals.checks import METRICS
from evals.dataset import Case, load_cases
from evals.html_report import write_html
from evals.report import build_report, compare, headline, scorecard_rows, write_baseline, write_json
from evals.runner import CASSETTES, CaseResult, Mode, cassette_path, run_cases

__all__ = ["jobs_of", "run_eval", "select"]


def jobs_of(value: str) -> int:
    """``--jobs``: a number of processes, or ``auto`` (one per core); a replay's cases run side by side."""
    if value == "auto":
        return os.cpu_count() or 1
    if not value.isdigit() or int(value) < 1:
        raise ValueError(f"--jobs {value}: give a number of processes (1 or more) or auto.")
    return int(value)


def select(cases: list[Case], tags: list[str], ids: list[str]) -> list[Case]:
    """Cases with every ``k=v`` tag given and, when ids are given, an id matching one of the globs."""
    wanted = [t.split("=", 1) for t in tags]
    return [
        c
        for c in cases
        if all(c.tags.get(k) == v for k, v in wanted) and (not ids or any(fnmatch.fnmatch(c.id, p) for p in ids))
    ]


# Short headers keep the table inside 80 columns; the legend under it says what they stand for.
_SHORT = {"intent": "int", "slots": "slots", "resolution": "res", "plan": "plan", "approval": "appr",
          "question": "ask", "reply": "reply", "final_state": "state"}  # fmt: skip


def _scorecard(console: Console, rows: list[list[str]], meta: dict[str, Any], overall: dict[str, Any]) -> None:
    console.print(Text(headline(meta, overall), style="bold"))
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, padding=(0, 0, 0, 1), title="odoo-agent eval", expand=False)
    table.add_column("domain", no_wrap=True, min_width=len("manufacturing"))
    for header in ("cases", "pass", *(_SHORT[m] for m in METRICS), "div"):
        table.add_column(header, justify="right", no_wrap=True, min_width=max(len(header), 3))
    for row in rows:
        table.add_row(*(cell.replace("%", "") for cell in row), style="bold" if row[0] == "all" else None)
    console.print(table)
    legend = ("% of checks passed · int intent · res resolution · appr approval · ask question asked · "
              "state final Odoo state · div diverged")  # fmt: skip
    console.print(Text(legend, style="dim"))
    console.print(Text(f"mode {meta['mode']} · parser {meta['parser']} · model {', '.join(meta['models']) or '–'} · "
                       f"cassettes recorded {', '.join(meta['recorded']) or '–'}", style="dim"))  # fmt: skip


def _cases(console: Console, mode: Mode, parser: ParserChoice, tags: list[str], ids: list[str]) -> list[Case]:
    """The cases to run, or none (said why): no match, or a replay with no recording of any of them."""
    cases = select(load_cases(), tags, ids)
    if not cases:
        console.print("No case matches those filters.", style="red")
        return []
    if mode != "replay":
        return cases
    recorded = [c for c in cases if cassette_path(c, parser).exists()]
    if not recorded:  # an installed wheel holds the cases, not their recordings (tens of MB): once, not N "diverged"
        console.print(f"No recording of these cases under {CASSETTES}: the replayed suite runs from a source "
                      "checkout (git clone, then `odoo-agent eval` in it), or use --mode live against an Odoo.",
                      style="red")  # fmt: skip
        return []
    if parser != "offline" and len(recorded) < len(cases):  # an LLM is recorded on a subset: say which are left out
        console.print(f"{len(cases) - len(recorded)} case(s) have no {parser} recording and are left out "
                      f"(record them with --mode record --parser {parser}).", style="yellow")  # fmt: skip
        return recorded
    return cases


def run_eval(console: Console, *, mode: Mode, parser: ParserChoice, tags: list[str], ids: list[str], jobs: int,
             out: Path, compare_to: Path | None, failures: bool, baseline: Path | None = None) -> int:  # fmt: skip
    """Exit code: 0, or 1 when --compare finds a regression or a metric that dropped (or nothing matched)."""
    bad = [t for t in tags if "=" not in t]
    if bad:
        console.print(f"--tag {bad[0]}: write it as KEY=VALUE, e.g. domain=sales or lang=fr.", style="red")
        return 1
    old: dict[str, Any] | None = None
    if compare_to is not None:
        try:
            old = json.loads(compare_to.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            console.print(f"--compare {compare_to}: not a readable report.json ({exc}).", style="red")
            return 1
    cases = _cases(console, mode, parser, tags, ids)
    if not cases:
        return 1
    results: list[CaseResult] = []
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console, transient=True) as bar:  # fmt: skip
        task = bar.add_task("eval", total=len(cases))

        def step(r: CaseResult) -> None:
            results.append(r)
            bar.update(task, advance=1, description=f"{r.id[:40]:40}")

        run_cases(cases, mode=mode, parser=parser, jobs=jobs, progress=step)
    report = build_report(results, {"mode": mode, "parser": parser, "filters": [*tags, *ids], "cases": len(cases)})
    _scorecard(console, scorecard_rows(report), report.meta, report.overall.model_dump())
    write_json(report, out / "report.json")
    write_html(report, out / "report.html")
    console.print(f"Report: {out / 'report.json'} · {out / 'report.html'}", highlight=False)
    if baseline is not None:
        write_baseline(report, baseline)
        console.print(f"Baseline written: {baseline}", highlight=False)
    if failures:
        for r in results:
            if r.status != "passed":
                why = r.diverged_at or r.error or "; ".join(f"{c.what}: {c.detail}" for c in r.checks if not c.ok)
                console.print(Text(f"{r.status:8} {r.id}: {why[:300]}", style="red"))
    if old is None:
        return 0
    # A filtered run is compared case by case only: its overall rates are not the old report's population.
    diff = compare(old, report, metrics=not (tags or ids))
    for label, items, style in (("regressions", diff.regressions, "red"), ("metric drops", diff.metric_drops, "red"),
                                ("improvements", diff.improvements, "green")):  # fmt: skip
        console.print(Text(f"{label}: {len(items)}", style=style if items else "dim"))
        for item in items:
            console.print(Text(f"  {item}", style=style))
    return 1 if diff.regressions or diff.metric_drops else 0
