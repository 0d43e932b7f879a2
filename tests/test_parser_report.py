"""The parser report (evals/parser_report.py) replayed: honest LLM numbers, and ``auto`` never below ``offline``.

``pytest tests/test_parser_report.py -s`` prints the table the README quotes.
"""

from __future__ import annotations

import pytest

from evals.cases import load_seed_cases
from evals.parser_report import format_report, run_mode


def test_auto_never_scores_below_offline_and_the_llm_is_measured(capsys: pytest.CaptureFixture[str]) -> None:
    offline, llm, auto = run_mode("offline"), run_mode("llm"), run_mode("auto")
    with capsys.disabled():
        print("\n" + format_report([offline, llm, auto]))
    assert offline.cases == llm.cases == auto.cases == len(load_seed_cases())
    assert llm.diverged == 0 and auto.diverged == 0, llm.failures[:3]  # the cassettes match today's prompts
    assert auto.intent_ok >= offline.intent_ok and auto.both_ok >= offline.both_ok
    assert llm.model == "smollm2-135m-instruct-q4_1" and llm.llm_turns == llm.cases
    assert llm.tokens.prompt > 0 and llm.tokens.completion > 0 and llm.recorded_at
    assert offline.tokens.calls == 0 and offline.model is None
    # auto consults the model only where the rules are unsure: a few turns, never a lower score
    # auto asks the LLM only where the rules are unsure (a word, number or request they could not place): a minority
    assert 0 < auto.llm_turns < offline.cases // 4
