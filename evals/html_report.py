"""The evaluation's HTML page: the headline, then per-domain and per-tag tables, totals and every failure.

Written for a person: every percentage with its n/N, the headline first, a breakdown by each tag
(domain, language, difficulty, feature ...), no horizontal scroll at 1280 px, and readable printed.
One self-contained file, no script.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

from evals.checks import METRICS
from evals.report import Metrics, Report, headline
from evals.runner import CaseResult

__all__ = ["write_html"]

_SHORT = {"intent": "intent", "slots": "slots", "resolution": "resolve", "plan": "plan", "approval": "approve",
          "question": "ask", "reply": "reply", "final_state": "state"}  # fmt: skip
_CSS = """
body{font:14px/1.4 system-ui,sans-serif;margin:1.5em auto;max-width:1180px;padding:0 1em;color:#222}
h1{font-size:1.4em;margin:.2em 0}.headline{font-size:1.25em;font-weight:600;margin:.3em 0 .6em}
.meta,.totals{color:#555;margin:.2em 0}table{border-collapse:collapse;width:100%;margin:.4em 0 1.2em}
th,td{padding:3px 6px;border-bottom:1px solid #e3e3e3;text-align:right;white-space:nowrap;font-size:13px}
th:first-child,td:first-child{text-align:left}thead th{border-bottom:2px solid #bbb}
.n{color:#777;font-size:11px;margin-left:3px}.bar{height:3px;background:#e8e8e8;margin-top:2px}
.fill{height:3px;background:#3a7}.low .fill{background:#c63}tr.all td{font-weight:600}
.failed{color:#b22}.diverged{color:#a60}.error{color:#b22}pre{white-space:pre-wrap;word-break:break-word}
details{margin:.5em 0;border-left:3px solid #b22;padding-left:.6em}
@media print{body{margin:0;max-width:none;font-size:11px}.bar{display:none}details{break-inside:avoid}
details>*{display:block}}
"""


def _cell(m: Metrics, metric: str) -> str:
    """A rate with its n/N and a thin bar (none when the metric has no check here)."""
    ok, total = m.counts(metric)
    if not total:
        return "<td>–</td>"
    rate = ok / total
    low = " class='low'" if rate < 0.9 else ""
    shown = f"{rate:.1%}" if ok < total and round(rate * 100) == 100 else f"{rate:.0%}"  # never "100%" short of all
    return (f"<td{low}>{shown}<span class='n'>{ok}/{total}</span>"
            f"<div class='bar'><div class='fill' style='width:{round(rate * 100)}%'></div></div></td>")  # fmt: skip


def _table(title: str, rows: list[tuple[str, Metrics]]) -> str:
    e = html.escape
    head = "".join(f"<th>{_SHORT.get(m, m)}</th>" for m in METRICS)
    body = "".join(
        f"<tr{' class=all' if label == 'all' else ''}><td>{e(label)}</td><td>{m.cases}</td>{_cell(m, 'cases')}"
        + "".join(_cell(m, x) for x in METRICS) + f"<td>{m.diverged}</td></tr>"
        for label, m in rows
    )  # fmt: skip
    return (f"<h2>{e(title)}</h2><table><thead><tr><th></th><th>cases</th><th>pass</th>{head}<th>diverged</th>"
            f"</tr></thead><tbody>{body}</tbody></table>")  # fmt: skip


def _by_tag(report: Report) -> list[str]:
    """One table per tag key, domain first: each of its values, then all."""
    keys = sorted({k.split("=", 1)[0] for k in report.by_tag}, key=lambda k: (k != "domain", k))
    tables = []
    for key in keys:
        rows = [(k.split("=", 1)[1], m) for k, m in report.by_tag.items() if k.startswith(f"{key}=")]
        title = "By domain" if key == "domain" else f"By {key}"
        tables.append(_table(title, [*rows, ("all", report.overall)]))
    return tables


def _meta(meta: dict[str, Any]) -> str:
    """The run's facts as one line of words (never a Python list)."""

    def said(value: Any) -> str:
        if isinstance(value, list | tuple):
            return ", ".join(str(v) for v in value) or "–"
        return str(value)

    keys = ("mode", "parser", "models", "recorded", "filters")
    names = {"models": "model", "recorded": "recorded", "filters": "filters"}
    return " · ".join(f"{names.get(k, k)} {said(meta.get(k, '–'))}" for k in keys)


def _state(state: list[dict[str, Any]]) -> str:
    """The Odoo state found: per final query its model and domain, then one compact line per row."""
    lines = []
    for query in state:
        lines.append(f"{query.get('model')} {json.dumps(query.get('where', []), ensure_ascii=False)}")
        lines += [f"  {json.dumps(row, ensure_ascii=False, default=str)}" for row in query.get("rows", [])] or ["  –"]
    return "\n".join(lines)[:4000]


def _failure(r: CaseResult) -> str:
    e = html.escape
    lines = [f"<details><summary class='{r.status}'>{e(r.id)} — {r.status} "
             f"({', '.join(e(t) for t in r.tags.values())})</summary>"]  # fmt: skip
    if r.diverged_at:
        lines.append(f"<p>First request not in the cassette:</p><pre>{e(r.diverged_at[:3000])}</pre>")
    if r.error:
        lines.append(f"<pre>{e(r.error)}</pre>")
    for turn in r.turns:
        lines.append(f"<p><b>person:</b> {e(turn.person)}<br><b>agent ({e(turn.status)}):</b> {e(turn.message)}<br>"
                     f"<b>plan:</b> {e(', '.join(turn.plan) or '–')}</p>")  # fmt: skip
        lines += [f"<p class='failed'>✗ {e(c.metric)} · {e(c.what)}: {e(c.detail)}</p>" for c in turn.checks
                  if not c.ok]  # fmt: skip
    turn_checks = {id(c) for turn in r.turns for c in turn.checks}
    lines += [f"<p class='failed'>✗ {e(c.metric)} · {e(c.what)}: {e(c.detail)}</p>" for c in r.checks
              if not c.ok and id(c) not in turn_checks]  # fmt: skip
    if r.state:
        lines.append(f"<p>Odoo state found:</p><pre>{e(_state(r.state))}</pre>")
    lines.append("</details>")
    return "\n".join(lines)


def write_html(report: Report, path: Path) -> None:
    """The page: headline, facts, totals, a table per tag, then each case that did not pass."""
    o = report.overall
    totals = (f"{o.odoo_calls:,} Odoo calls · {o.llm_calls:,} LLM calls · {o.llm_tokens:,} LLM tokens · "
              f"{o.seconds:,.1f} s in the cases")  # fmt: skip
    bad = [r for r in report.cases if r.status != "passed"]
    page = (
        "<!doctype html><html lang=en><meta charset=utf-8><meta name=viewport content='width=device-width'>"
        f"<title>odoo-agent eval</title><style>{_CSS}</style><h1>odoo-agent evaluation</h1>"
        f"<p class=headline>{html.escape(headline(report.meta, o.model_dump()))}</p>"
        f"<p class=meta>{html.escape(_meta(report.meta))}</p><p class=totals>{html.escape(totals)}</p>"
        + "".join(_by_tag(report))
        + f"<h2>Not passed ({len(bad)})</h2>{''.join(_failure(r) for r in bad)}</html>"
    )  # fmt: skip
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page, encoding="utf-8")
