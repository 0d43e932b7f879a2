"""``odoo-agent parse``: the parser's reading as JSON, in a real process with no Odoo and no network settings."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.conftest import ROOT


def _parse(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ODOO_", "OPENAI_"))}
    env.update(PYTHONPATH=str(ROOT), COLUMNS="200")
    return subprocess.run([sys.executable, "-m", "agent", "parse", *args], input=stdin, env=env,
                          capture_output=True, text=True, timeout=120, check=False)  # fmt: skip


def test_one_message_prints_the_graphs_own_intents() -> None:
    done = _parse("quote Acme for 10 widgets at $50, confirm it", "--json")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert set(out) == {"lang", "confidence", "intents", "notes"}
    assert out["lang"] == "en" and out["confidence"] == 1.0 and out["notes"] == []
    assert out["intents"] == [
        {
            "intent": "create_quotation",
            "customer": "Acme",
            "then": ["confirm"],
            "lines": [{"product": "widgets", "qty": 10.0, "unit_price": 50.0, "discount": None}],
        }
    ]


def test_jsonl_reads_one_message_per_line() -> None:
    done = _parse("--jsonl", stdin="show unpaid invoices\n\nfacture la commande S00042\n")
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert [(o["lang"], o["intents"][0]["intent"]) for o in lines] == [
        ("en", "list_unpaid_invoices"),
        ("fr", "invoice_order"),
    ]
    assert lines[1]["intents"][0]["order"] == "S00042"


def test_now_fixes_relative_dates() -> None:
    dates = []
    for now in ("2026-03-11T10:00:00", "2027-01-01T09:00:00+01:00"):
        done = _parse("show my meetings tomorrow", "--json", "--now", now)
        assert done.returncode == 0, done.stderr
        intent = json.loads(done.stdout)["intents"][0]
        dates.append((intent["intent"], intent["date_from"]))
    assert dates == [("list_events", "2026-03-12"), ("list_events", "2027-01-02")]


def test_bad_input_is_one_sentence_and_exit_1() -> None:
    wrong = _parse("show stock", "--now", "yesterday")
    assert wrong.returncode == 1 and "--now 'yesterday' is not an ISO date-time" in wrong.stderr
    both = _parse("show stock", "--jsonl", stdin="x\n")
    assert both.returncode == 1 and "Give one message, or --jsonl" in both.stderr
    neither = _parse()
    assert neither.returncode == 1 and "Give one message" in neither.stderr
