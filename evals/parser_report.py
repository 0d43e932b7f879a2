"""Intent and slot accuracy of each parser mode on the seed cases, with the model and tokens behind each number.

    python -m evals.parser_report                 # replay: offline, llm and auto, from evals/cassettes/
    python -m evals.parser_report --record        # the same against OPENAI_BASE_URL / ODOO_AGENT_MODEL
    python -m evals.parser_report --heldout       # the held-out commands (evals/heldout/), offline parser

LLM traffic is replayed from ``evals/cassettes/parser-<mode>/<seed>.yaml``, recorded from a real model at
temperature 0 (the report prints which one and when). A request the cassette does not hold (a
prompt changed since the recording) counts as ``diverged``, apart from wrong answers.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Literal

from pydantic import BaseModel

from agent.api import LLMError, Parser, Tokens, load_settings, make_parser
from evals.cases import SeedCase, load_seed_cases, score
from evals.heldout import heldout_report, load_heldout, run_heldout
from odoo_tools import cassette

__all__ = ["CASSETTE_DIR", "ModeScore", "format_report", "run_mode"]

CASSETTE_DIR = Path(__file__).parent / "cassettes"
Mode = Literal["offline", "llm", "auto"]


class ModeScore(BaseModel):
    """One parser mode over the seed cases; ``seed`` rows are the seed sentences, ``paraphrase`` the rest."""

    mode: Mode
    model: str | None
    recorded_at: str | None
    cases: int = 0
    intent_ok: int = 0
    both_ok: int = 0
    seed_both_ok: int = 0
    seed_cases: int = 0
    diverged: int = 0
    llm_turns: int = 0
    tokens: Tokens = Tokens()
    failures: list[str] = []

    def rate(self, n: int, of: int | None = None) -> str:
        total = self.cases if of is None else of
        return f"{n / total:.0%}" if total else "–"


def _score_case(result_mode: ModeScore, case: SeedCase, parser: Parser) -> None:
    try:
        result = parser.parse(case.text)
    except LLMError as exc:
        if exc.kind != "replay_miss":
            raise
        result_mode.diverged += 1
        result_mode.failures.append(f"{case.id}: diverged (not in the cassette)")
        return
    s = score(case, result)
    result_mode.cases += 1
    result_mode.intent_ok += s.intent_ok
    result_mode.both_ok += s.ok
    if case.variant == "seed":
        result_mode.seed_cases += 1
        result_mode.seed_both_ok += s.ok
    result_mode.tokens += result.tokens
    result_mode.llm_turns += result.tokens.calls > 0
    result_mode.model = result_mode.model or result.model
    if not s.ok:
        result_mode.failures.append(f"{case.id}: {case.text!r}: {'; '.join(s.diffs)}")


def run_mode(mode: Mode, record: bool = False, cassette_dir: Path = CASSETTE_DIR) -> ModeScore:
    """Parse every seed case with ``mode``; LLM traffic through one cassette per seed command.

    Small cassettes keep a replay fast (vcrpy matches a request against every recorded one) and
    let a re-recording touch only the commands whose prompts changed.
    """
    cases = load_seed_cases()
    out = ModeScore(mode=mode, model=None, recorded_at=None)
    if mode == "offline":
        parser = make_parser(load_settings(), "offline")
        for case in cases:
            _score_case(out, case, parser)
        return out
    recorded: set[str] = set()
    for seed in dict.fromkeys(c.seed for c in cases):  # a fixed order: each cassette is matched request by request
        active = cassette.activate(cassette_dir / f"parser-{mode}" / f"{seed}.yaml", "all" if record else "none")
        recorded.add(active.meta.recorded_at.date().isoformat())
        try:
            parser = make_parser(load_settings(), mode)
            try:
                for case in (c for c in cases if c.seed == seed):
                    _score_case(out, case, parser)
            finally:
                close = getattr(parser, "close", None)  # the LLM and auto parsers hold an HTTP connection pool
                if close is not None:
                    close()
        finally:
            cassette.deactivate()
    return out.model_copy(update={"recorded_at": ", ".join(sorted(recorded))})


def format_report(scores: list[ModeScore]) -> str:
    """The table the command prints (and the test shows with ``-s``)."""
    head = f"{'mode':8} {'model':28} {'cases':>5} {'intent':>7} {'slots':>7} {'seed':>6} {'paraphr':>8} " \
           f"{'LLM turns':>9} {'prompt/turn':>11} {'compl/turn':>10} {'diverged':>8}"  # fmt: skip
    rows = [head]
    for s in scores:
        para_cases = s.cases - s.seed_cases
        per = max(s.llm_turns, 1)
        rows.append(
            f"{s.mode:8} {(s.model or '–')[:28]:28} {s.cases:>5} {s.rate(s.intent_ok):>7} {s.rate(s.both_ok):>7} "
            f"{s.rate(s.seed_both_ok, s.seed_cases):>6} {s.rate(s.both_ok - s.seed_both_ok, para_cases):>8} "
            f"{s.llm_turns:>9} {s.tokens.prompt // per:>11} {s.tokens.completion // per:>10} {s.diverged:>8}"
        )  # fmt: skip
    recorded = {s.recorded_at for s in scores if s.recorded_at}
    rows.append("slots = intent and every expected slot right; tokens are averages over the turns that called the LLM.")
    if recorded:
        rows.append(f"LLM traffic replayed from cassettes recorded at {', '.join(sorted(recorded))} (temperature 0).")
    return "\n".join(rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mode", choices=["offline", "llm", "auto", "all"], default="all")
    ap.add_argument("--record", action="store_true", help="call the configured LLM and rewrite the cassettes")
    ap.add_argument("--failures", action="store_true", help="list each failed case")
    ap.add_argument(
        "--heldout",
        nargs="*",
        type=Path,
        metavar="FILE",
        help="score the held-out commands (evals/heldout/*.yaml, or these files) with the offline parser",
    )
    args = ap.parse_args()
    if args.heldout is not None:
        heldout = run_heldout(load_heldout(args.heldout or None), make_parser(load_settings(), "offline"))
        print(heldout_report(heldout, failures=args.failures))
        return
    modes: list[Mode] = ["offline", "llm", "auto"] if args.mode == "all" else [args.mode]
    scores = [run_mode(m, record=args.record) for m in modes]
    print(format_report(scores))
    if args.failures:
        for s in scores:
            print(f"\n{s.mode}: {len(s.failures)} failed\n" + "\n".join(f"  {f}" for f in s.failures))


if __name__ == "__main__":
    main()
