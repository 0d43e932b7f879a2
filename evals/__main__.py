"""``python -m evals`` (and ``odoo-agent eval``, which runs it): the evaluation suite and its scorecard."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from agent.api import ParserChoice
from evals.console import jobs_of, run_eval
from evals.runner import Mode

__all__ = ["app", "main"]

app = typer.Typer(add_completion=False)


@app.command()
def eval_(
    mode: Annotated[Mode, typer.Option(help="replay (cassettes, no server) | live (ODOO_URL) | record (live, rewrite)")
                    ] = "replay",
    parser: Annotated[ParserChoice, typer.Option(help="offline | llm | auto")] = "offline",
    tag: Annotated[list[str] | None, typer.Option(help="Only cases with this tag, e.g. domain=sales (repeatable)")
                   ] = None,
    case_id: Annotated[list[str] | None, typer.Option("--id", help="Only these case ids (glob, repeatable)")] = None,
    jobs: Annotated[str, typer.Option(help="Replay in this many processes; auto: one per core")] = "auto",
    out: Annotated[Path, typer.Option(help="Where report.json and report.html go")] = Path("eval-report"),
    compare_to: Annotated[Path | None, typer.Option("--compare", help="An earlier report.json: regressions")] = None,
    failures: Annotated[bool, typer.Option(help="List each case that did not pass")] = False,
    write_baseline: Annotated[Path | None, typer.Option(help="Also save the gate's baseline here")] = None,
) -> None:  # fmt: skip
    """Run the evaluation suite over recorded conversations and print the scorecard.

    Example:
        odoo-agent eval                                   (replay: no Odoo, no API key)
        odoo-agent eval --tag domain=sales --tag lang=fr --failures
        odoo-agent eval --compare evals/baseline.json
        odoo-agent eval --mode live                       (against ODOO_URL; fresh names each run)
    """
    console = Console()
    try:
        processes = jobs_of(jobs)
    except ValueError as exc:
        console.print(str(exc), style="red")
        raise typer.Exit(2) from exc
    code = run_eval(console, mode=mode, parser=parser, tags=tag or [], ids=case_id or [], jobs=processes, out=out,
                    compare_to=compare_to, failures=failures, baseline=write_baseline)  # fmt: skip
    raise typer.Exit(code)


def main() -> None:
    """Entry point; ``odoo-agent eval`` sets the program name its help shows."""
    app(prog_name=os.environ.get("ODOO_AGENT_EVAL_PROG", "python -m evals"))


if __name__ == "__main__":
    main()
