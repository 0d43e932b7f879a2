"""The ``odoo-agent`` command line: a thin layer over the library.

It stays one module (over 400 lines): each command is a few lines of options and printing over the
library, and they share the option types, the session opener and the error exits defined here.

A command imports what it runs inside its own body: OpenClaw starts a process per message, so ``--help``
loads no library, ``ask`` no REPL and no LLM SDK (offline), and only the commands that run the graph load
LangGraph. Module level holds only what typer needs to build the commands (the option types).
"""

from __future__ import annotations

import gc
import io
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, cast

import typer
from rich.console import Console
from rich.table import Column, Table
from rich.text import Text

import agent.help_format  # noqa: F401 - flags print without a <bool> placeholder
from agent.choices import ParserChoice
from odoo_tools.client.connection import TransportChoice
from odoo_tools.i18n import t

if TYPE_CHECKING:
    from agent.config import Settings
    from agent.contract import Reply
    from agent.doctor import DoctorReport
    from agent.mcp_users import UserSessions
    from agent.session import AgentSession
    from odoo_tools.audit import AuditStore
    from odoo_tools.client.connection import ConnectionConfig

app = typer.Typer(help="Run your Odoo ERP by talking to it.", no_args_is_help=True, add_completion=False)
console = Console()
err_console = Console(stderr=True)

ReplayOpt = Annotated[
    Path | None, typer.Option("--replay", help="Replay HTTP traffic from this cassette (no server needed).")
]
RecordOpt = Annotated[
    Path | None, typer.Option("--record", help="Record HTTP traffic into this cassette (needs a server).")
]
ConfigOpt = Annotated[
    Path | None,
    typer.Option("--config", help="The seed connector's config.json.", envvar="ODOO_AGENT_CONFIG"),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]
McpTransport = Literal["stdio", "http"]  # typer refuses any other value before the command runs


def _version(shown: bool) -> None:
    if shown:
        from importlib.metadata import version

        typer.echo(f"odoo-agent {version('odoo-agent')}")  # i18n-exempt: the program name and its version
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", help="Print the version and stop.", is_eager=True,
                                          callback=_version)] = False,
) -> None:  # fmt: skip
    """Run your Odoo ERP by talking to it."""


def fail(message: str, *, as_json: bool = False, kind: str = "error") -> typer.Exit:
    """Print one sentence on stderr (with ``as_json``, also ``{"status": "error", "error": {type, message}}`` on
    stdout, so a script reading JSON gets JSON) and return the exit to raise."""
    if as_json:
        typer.echo(json.dumps({"status": "error", "error": {"type": kind, "message": message}}, ensure_ascii=False))
    err_console.print(f"[red]{t('agent.error_prefix')}[/red] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(1)


def _kind(exc: Exception) -> str:
    return str(getattr(exc, "kind", "") or type(exc).__name__)


@app.command()
def doctor(
    replay: ReplayOpt = None, record: RecordOpt = None, config: ConfigOpt = None, as_json: JsonOpt = False,
    transport: Annotated[TransportChoice | None, typer.Option(help="auto | json2 | jsonrpc | xmlrpc")] = None,
) -> None:  # fmt: skip
    """Check the connection to Odoo and list what the server offers.

    Example:
        odoo-agent doctor
        odoo-agent doctor --replay tests/cassettes/doctor/json2.yaml
    """
    from agent.config import ConfigError, load_settings
    from agent.connect import metadata_cache
    from agent.doctor import run_doctor
    from agent.switch import open_session
    from odoo_tools.client import OdooClient, cassette
    from odoo_tools.client.errors import OdooError

    try:
        settings = load_settings(config, transport=transport)
        cfg, banner = open_session(settings, replay, record, transport)
        metadata_cache(settings).clear(cfg)  # doctor learns everything afresh, and so does the next process
        with OdooClient(cfg) as client:
            report = run_doctor(client)
    except (ConfigError, OdooError, FileNotFoundError) as exc:
        raise fail(str(exc), as_json=as_json, kind=_kind(exc)) from None
    finally:
        cassette.deactivate()
    if as_json:
        typer.echo(json.dumps({"replay": banner, **report.model_dump()}, indent=2, default=str))
        return
    if banner:
        console.print(f"[yellow]{banner}[/yellow]", highlight=False)
    _print_report(report)


def _print_report(report: DoctorReport) -> None:
    table = Table(show_header=False, box=None)
    rows = [
        (t("agent.row_server"), f"{report.url} — Odoo {report.server_version}"),
        (t("agent.row_transport"), report.transport + (f" ({report.transport_note})" if report.transport_note else "")),
        (t("agent.row_database"), report.database),
        (t("agent.row_user"), f"{report.user} ({report.login}, uid {report.uid})"),
        (t("agent.row_context"), ", ".join(f"{k}={v}" for k, v in report.context.items())),
        (t("agent.row_companies"), ", ".join(f"{n} ({i})" for i, n in report.companies.items())),
        (
            t("agent.row_external_ids"),
            t("agent.doctor_ids_may_create" if report.can_create_external_ids else "agent.doctor_ids_may_not_create"),
        ),
        (
            t("agent.row_modules"),
            " ".join(_module_mark(report, m) + m for m in report.modules),
        ),
    ]
    for key, value in rows:
        table.add_row(f"[bold]{key}[/bold]", value)
    console.print(table)
    console.print(f"[dim]{t('agent.doctor_legend')}[/dim]")
    for warning in report.warnings:
        console.print(f"[yellow]{t('agent.note_prefix')}[/yellow] {warning}", highlight=False)
    console.print(f"[green]{t('agent.ok')}[/green] — {t('agent.calls', n=report.calls)}")


ThreadOpt = Annotated[str | None, typer.Option("--thread", help="Go on with this conversation (an id from a reply)")]
DemoOpt = Annotated[bool, typer.Option("--demo", help="Replay the bundled demo conversation: no Odoo needed")]
NewThreadOpt = Annotated[
    bool, typer.Option("--new-thread", help="Start the conversation --thread names (an unknown id is an error)")
]
ApproverOpt = Annotated[str | None, typer.Option("--approver", help="Who approves (default ODOO_AGENT_USER)")]


ParserOpt = Annotated[
    ParserChoice | None,
    typer.Option("--parser", help="offline | llm | auto (default: auto when an LLM is configured, else offline)"),
]
ModelOpt = Annotated[str | None, typer.Option("--model", help="LLM model name (overrides ODOO_AGENT_MODEL)")]


def setup_errors(*more: type[Exception]) -> tuple[type[Exception], ...]:
    """What opening a session may raise (and ``more``), each said in one sentence; imported only when one is raised."""
    from agent.config import ConfigError
    from graphs.parsing.llm_client import LLMError
    from odoo_tools.audit import CorruptStoreError
    from odoo_tools.client.errors import OdooError
    from odoo_tools.policy import PolicyError

    return ConfigError, OdooError, LLMError, FileNotFoundError, PolicyError, CorruptStoreError, *more


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off while a turn loads the agent, then what was loaded frozen.

    The imports and the session make some hundred thousand objects that live as long as the process (classes,
    pydantic schemas, compiled patterns) and next to no garbage, yet they set the collector off again and
    again, each full pass walking all of them: about a tenth of a turn's start-up. Frozen (``gc.freeze``),
    they are left out of later passes; the collector runs as before for everything the turn makes next.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


@contextmanager
def _agent(replay: Path | None, record: Path | None, approver: str | None, parser: ParserChoice | None,
           model: str | None, *, one_turn: bool = False, home: Callable[[Path], Path] | None = None,
           ) -> Iterator[tuple[Settings, AgentSession]]:  # fmt: skip
    """Settings, the cassette switch (its banner on stderr: stdout may be a protocol) and a session; closed after.

    ``one_turn`` (ask): the turn will talk to Odoo, so the handshake starts while the graph is imported. A chat
    or an MCP server waits for its first message, and a resume may only reject: they connect on first use.
    ``home``: the home to use instead of the configured one, given that one (the demo's)."""
    with _collector_paused():
        from agent.config import load_settings
        from agent.connect import open_client
        from agent.switch import open_session, with_recorded_llm
    from odoo_tools.client import cassette

    try:
        with _collector_paused():
            settings = load_settings(agent_model=model)
            if home is not None:
                settings = settings.model_copy(update={"agent_home": home(settings.agent_home)})
            cfg, banner = open_session(settings, replay, record)
            settings = with_recorded_llm(settings)
            if banner:
                err_console.print(f"[yellow]{banner}[/yellow]", highlight=False)
            # The handshake runs while the graph is imported: the first request no longer waits for start-up.
            active = cassette.active()  # a replay whose recording holds no Odoo exchange would only miss
            silent = active is not None and active.replaying and active.meta.odoo_server_version is None
            client = open_client(settings, cfg, connect_soon=one_turn and not silent)
            from agent.runtime import open_agent_session

            session = open_agent_session(settings, cfg, approver=approver, parser=parser, client=client)
            if (credential := settings.approver_credential()) is not None:
                session.use_approver(credential)
        try:
            yield settings, session
        finally:
            session.close()
    finally:
        cassette.deactivate()


def _turn(replay: Path | None, record: Path | None, approver: str | None, as_json: bool, run: Any,
          parser: ParserChoice | None = None, model: str | None = None,
          texts: tuple[tuple[str, str | None], ...] = (), one_turn: bool = False,
          home: Callable[[Path], Path] | None = None, demo: bool = False) -> None:  # fmt: skip
    """Check the incoming ``texts`` (what, text), open the session (cassette switch included), run one turn,
    print the reply. Bad text is refused before the settings, the store or Odoo are touched."""
    from agent.contract import ErrorOut, Reply, Usage
    from graphs.inputs import BadInputError, check_text

    try:
        for what, value in texts:
            if value is not None:
                check_text(value, what, 256 if what == "graph.input_thread_id" else None)
        with _agent(replay, record, approver, parser, model, one_turn=one_turn, home=home) as (_, session):
            reply = run(session)
    except setup_errors(BadInputError) as exc:
        reply = Reply(thread_id="", status="error", message=str(exc), intents=[], plan=[], question=None, records=[],
                      error=ErrorOut(type=getattr(exc, "kind", type(exc).__name__), message=str(exc)),
                      usage=Usage.none())  # fmt: skip
    if demo:
        from agent import demo as bundled

        if bundled.not_recorded(reply):  # never "the cassette has no recording of POST …"
            said = t("agent.demo_not_recorded", messages=bundled.numbered())
            reply = reply.model_copy(update={"message": said, "error": ErrorOut(type="demo_not_recorded",
                                                                                 message=said)})  # fmt: skip
    if as_json:
        typer.echo(reply.model_dump_json())
    else:
        _print_reply(reply)
    raise typer.Exit(EXIT_CODES[reply.status])


def _print_reply(reply: Reply) -> None:
    from agent.render import print_reply

    print_reply(console, reply)
    if reply.status in ("needs_approval", "needs_input"):
        how = f"--approve --token {reply.approval.token} | --reject" if reply.approval else "--answer TEXT"
        console.print(f"[dim]odoo-agent resume --thread {reply.thread_id} {how}[/dim]")  # i18n-exempt: a command line


@app.command()
def ask(
    text: Annotated[str, typer.Argument(help="What you want, in plain English or French")],
    thread: ThreadOpt = None, new_thread: NewThreadOpt = False, replay: ReplayOpt = None, record: RecordOpt = None,
    approver: ApproverOpt = None, as_json: JsonOpt = False, parser: ParserOpt = None, model: ModelOpt = None,
    demo: DemoOpt = False,
) -> None:  # fmt: skip
    """Ask the agent; risky steps stop for your approval.

    Example:
        odoo-agent ask "quote Acme for 10 widgets at $50, confirm it and invoice it" --json
        odoo-agent ask "stok of Widget X" --parser auto --model smollm2   (with OPENAI_BASE_URL set)
        odoo-agent ask --demo 1                            (the demo's first message, replayed: no Odoo)
    """
    if demo:
        _ask_demo(text, approver, as_json)
    _turn(
        replay,
        record,
        approver,
        as_json,
        lambda s: s.ask_on(text, thread, new=new_thread) if thread is not None else s.ask(text),
        parser,
        model,
        (("graph.input_message", text), ("graph.input_thread_id", thread)),
        one_turn=True,
    )


def _ask_demo(text: str, approver: str | None, as_json: bool) -> None:
    """``ask --demo``: a recorded message replayed in the demo's own home (its first message starts over)."""
    from agent import demo as bundled

    said = bundled.match(text)
    if said is None:
        raise fail(bundled.only_knows(), as_json=as_json, kind="demo_unknown_message")

    def home(configured: Path) -> Path:
        own = bundled.demo_home(configured)
        if said == bundled.messages()[0]:
            bundled.start_over(own)
        done = bundled.next_index(own)
        why = bundled.out_of_order(said, done)
        if why is not None:
            raise fail(why, as_json=as_json, kind="demo_out_of_order")
        bundled.played(own, done + 1)
        return own

    _turn(bundled.CASSETTE, None, approver, as_json, lambda s: s.ask_on(said, bundled.THREAD, new=True), "offline",
          None, one_turn=True, home=home, demo=True)  # fmt: skip


@app.command()
def resume(
    thread: Annotated[str, typer.Option("--thread", help="The thread to resume")],
    approve: Annotated[bool, typer.Option("--approve", help="Approve the previewed plan (with --token)")] = False,
    token: Annotated[
        str | None,
        typer.Option("--token", "--approval-id", help="approval.token (= approval.id) of the reply being approved"),
    ] = None,
    reject: Annotated[bool, typer.Option("--reject", help="Reject the previewed plan")] = False,
    reason: Annotated[str | None, typer.Option(help="Why it is rejected")] = None,
    edit: Annotated[str | None, typer.Option(help='Change step arguments: {"s2": {"qty": 9}}')] = None,
    answer: Annotated[str | None, typer.Option(help="Answer the pending question")] = None,
    retry: Annotated[bool, typer.Option("--retry", help="Go on from the first unfinished step (the default)")] = False,
    resend: Annotated[list[str] | None, typer.Option(
        "--resend", help="Send again a step whose outcome is unknown (it may then exist twice)")] = None,
    replay: ReplayOpt = None, record: RecordOpt = None, approver: ApproverOpt = None, as_json: JsonOpt = False,
    parser: ParserOpt = None, model: ModelOpt = None, demo: DemoOpt = False,
) -> None:  # fmt: skip
    """Resume a thread waiting for an approval or an answer; --retry (or none of the options) goes on with a
    chain that stopped (a failure, a lost answer, a killed process) from its first unfinished step.

    An approval runs only the plan its token was shown with: without --token, or with the token of
    an earlier plan, nothing runs and the current plan is shown again with a new token. A step whose
    outcome is unknown is only looked for again in Odoo, never re-sent, unless named with --resend.

    Example:
        odoo-agent resume --thread t-1a2b3c --approve --token 3f9c0d2e7a1b4c5d6e7f8a9b --json
        odoo-agent resume --thread t-1a2b3c --retry
        odoo-agent resume --thread t-1a2b3c --resend s1
    """
    chosen = [name for name, on in (("approve", approve), ("reject", reject), ("edit", edit), ("answer", answer),
                                    ("retry", retry or bool(resend))) if on]  # fmt: skip
    if len(chosen) > 1:
        raise fail(t("agent.resume_one_decision"))
    if token is not None and not approve:
        raise fail(t("agent.token_goes_with_approve"))
    try:
        raw: Any = json.loads(edit) if edit is not None else None
    except ValueError as exc:
        raise fail(t("agent.edit_not_json", error=exc)) from None
    values: dict[str, dict[str, Any]] = {
        "approve": {"token": token, "approver": approver}, "reject": {"reason": reason}, "edit": {"edit": raw},
        "answer": {"answer": answer}, "retry": {"resend": resend or []},
    }  # fmt: skip
    kind = chosen[0] if chosen else "retry"
    from graphs.decisions import parse_decision

    home: Callable[[Path], Path] | None = None
    if demo:  # the demo's thread, in the demo's home, replayed from its recording with the parser it was made with
        from agent import demo as bundled

        replay, record, parser, home = bundled.CASSETTE, None, "offline", bundled.demo_home
    # Validated inside the turn: a malformed edit is an invalid_decision reply (JSON, exit 1), like any error.
    _turn(replay, record, approver, as_json, lambda s: s.resume(thread, parse_decision({"kind": kind, **values[kind]})),
          parser, model, (("graph.input_thread_id", thread), ("graph.input_answer", answer),
                          ("graph.input_reason", reason)), home=home, demo=demo)  # fmt: skip


# ask / resume: 0 done, 2 waiting for the person (an approval, an answer, an unknown outcome), 1 error.
# "unknown": a write's outcome could not be established; the person decides (--retry later, or --resend).
EXIT_CODES = {"done": 0, "needs_approval": 2, "needs_input": 2, "error": 1, "unknown": 2}


@app.command()
def chat(
    thread: ThreadOpt = None, new_thread: NewThreadOpt = False, replay: ReplayOpt = None, record: RecordOpt = None,
    approver: ApproverOpt = None, parser: ParserOpt = None, model: ModelOpt = None, demo: DemoOpt = False,
) -> None:  # fmt: skip
    """Talk to the agent in your terminal: plans, approvals (y/n/edit), pick-lists, /help for commands.

    Example:
        odoo-agent chat
        odoo-agent chat --thread t-1a2b3c4d5e6f        (go on with an earlier conversation)
        odoo-agent chat --demo                         (a recorded conversation, replayed: no Odoo needed)
    """
    import tempfile

    from agent.repl import Repl  # prompt_toolkit loads only for this command

    with tempfile.TemporaryDirectory(prefix="odoo-agent-demo-") as scratch:
        home: Callable[[Path], Path] | None = None
        if demo:  # a new home each time, the recording, the parser it was made with and its thread
            from agent import demo as bundled

            replay, record, parser, thread, new_thread = bundled.CASSETTE, None, "offline", bundled.THREAD, True
            home = lambda _: Path(scratch)  # noqa: E731
        try:
            with _agent(replay, record, approver, parser, model, home=home) as (settings, session):
                if thread is not None and not new_thread and not session.knows(thread):
                    raise fail(t("agent.unknown_thread", thread=thread))
                history = settings.agent_home / "chat_history"
                Repl(session, settings, console, thread=thread, approver=session.context.approver, history=history,
                     demo=demo).run()  # fmt: skip
        except setup_errors() as exc:
            raise fail(str(exc)) from None


@app.command()
def threads(
    thread: Annotated[str | None, typer.Argument(help="Show this thread (omit to list them)")] = None,
    limit: Annotated[int, typer.Option(help="How many threads at most")] = 50,
    as_json: JsonOpt = False,
) -> None:
    """List conversation threads (newest first), or show one: status, turns, last message.

    Example:
        odoo-agent threads
        odoo-agent threads t-1a2b3c4d5e6f --json
    """
    from agent.config import ConfigError, load_settings
    from agent.home import check_store, private_home
    from agent.render import THREAD_COLUMNS, headed
    from agent.session import list_threads
    from odoo_tools.audit import CorruptStoreError

    try:
        settings = load_settings()
        private_home(settings.agent_home)
        check_store(settings.agent_home / "threads.sqlite")
        found = list_threads(settings.agent_home, settings.agent_checkpoint_url, limit=10_000 if thread else limit)
    except (ConfigError, CorruptStoreError) as exc:
        raise fail(str(exc), as_json=as_json, kind=_kind(exc)) from None
    if thread is not None:
        found = [x for x in found if x.thread_id == thread]
        if not found:
            raise fail(t("agent.no_thread_in_home", thread=thread, home=settings.agent_home), as_json=as_json,
                       kind="unknown_thread")  # fmt: skip
    if as_json:
        typer.echo(json.dumps([x.model_dump() for x in found], indent=2, ensure_ascii=False))
        return
    if not found:
        console.print(t("agent.no_threads_yet", home=settings.agent_home), highlight=False)
        return
    table = headed((*THREAD_COLUMNS, "agent.col_answer"))
    for x in found:
        table.add_row(x.thread_id, x.status, str(x.turns), x.last_text[:60], x.message[:80])
    console.print(table)


@app.command()
def audit(
    thread: ThreadOpt = None,
    model: Annotated[str | None, typer.Option(help="Only writes that touched this model, e.g. sale.order (with"
                                              " --stats: the calls to it)")] = None,
    since: Annotated[str | None, typer.Option(help="From this day: YYYY-MM-DD, today, yesterday or a span back"
                                              " such as 7d")] = None,
    until: Annotated[str | None, typer.Option(help="Up to this day: YYYY-MM-DD, today or yesterday")] = None,
    limit: Annotated[int, typer.Option(help="How many rows at most")] = 50,
    verify: Annotated[bool, typer.Option("--verify", help="Check the hash chain: OK, or the first broken row")
                      ] = False,
    prune_before: Annotated[str | None, typer.Option(help="Remove rows sent before this day (YYYY-MM-DD),"
                                                     " keeping the chain's anchor")] = None,
    prune: Annotated[bool, typer.Option("--prune", help="Remove audit and call rows older than the policy's"
                                        " audit_retention (default 90d)")] = False,
    stats: Annotated[bool, typer.Option("--stats", help="Odoo calls per model and method: count, errors,"
                                        " latency (p50, p95, max); with --since and --model")] = False,
    as_json: JsonOpt = False,
) -> None:  # fmt: skip
    """Query the audit log of every write the agent sent to Odoo (newest first); verify or prune it; or the
    figures of every Odoo call it made (reads too).

    Example:
        odoo-agent audit --thread t-1a2b3c4d5e6f
        odoo-agent audit --model sale.order --since 2026-11-01 --json
        odoo-agent audit --verify
        odoo-agent audit --prune --verify
        odoo-agent audit --prune-before 2025-01-01
        odoo-agent audit --stats --since 7d
    """
    from agent.config import ConfigError, load_settings
    from agent.home import check_store, private_home
    from agent.render import AUDIT_COLUMNS, headed
    from odoo_tools.audit import AuditStore, CorruptStoreError
    from odoo_tools.errors import PolicyError

    try:
        settings = load_settings()
        private_home(settings.agent_home)
        check_store(settings.agent_home / "audit.sqlite")
        store = AuditStore(settings.agent_home / "audit.sqlite")
        if stats:
            _call_stats(store, _day(since, "--since"), model, as_json)
            return
        if verify or prune_before or prune:
            retention = _retention(settings.agent_policy) if prune else None
            _audit_chain(store, verify, prune_before, as_json, retention)
            return
        rows = store.query(thread_id=thread, model=model, since=_day(since, "--since"), until=_day(until, "--until"),
                           limit=limit)  # fmt: skip
    except (ConfigError, CorruptStoreError, PolicyError) as exc:
        raise fail(str(exc), as_json=as_json, kind=_kind(exc)) from None
    if as_json:
        typer.echo(json.dumps([r.model_dump(mode="json") for r in rows], indent=2, ensure_ascii=False))
        return
    if not rows:
        console.print(t("agent.no_audit_rows_yet"), highlight=False)
        return
    table = headed(("agent.col_id", "agent.col_at", *AUDIT_COLUMNS[1:]))
    for r in rows:
        table.add_row(str(r.id), r.at.isoformat(timespec="seconds"), r.thread_id, r.tool, r.status, r.approved_by)
    console.print(table)


_RELATIVE_DAYS = {"today": 0, "aujourd'hui": 0, "yesterday": 1, "hier": 1}
_SPAN = re.compile(r"(\d+)\s*([dw])")


def _day(value: str | None, flag: str) -> str | None:
    """A day given to ``audit``: ISO (``2026-11-01``, or a timestamp, of which the day counts), ``today`` or
    ``yesterday`` (``aujourd'hui``, ``hier``) on the agent's clock; anything else is refused in one sentence."""
    if value is None:
        return None
    from odoo_tools.client.clock import get_clock

    word = value.strip().casefold()
    if word in _RELATIVE_DAYS:
        return (get_clock().today() - timedelta(days=_RELATIVE_DAYS[word])).isoformat()
    if span := _SPAN.fullmatch(word):  # "7d", "2w": that many days back
        days = int(span.group(1)) * (7 if span.group(2) == "w" else 1)
        return (get_clock().today() - timedelta(days=days)).isoformat()
    try:
        return date.fromisoformat(word[:10]).isoformat()
    except ValueError:
        raise fail(t("agent.audit_wants_day", flag=flag, value=value)) from None


def _retention(policy_file: Path | None) -> timedelta:
    """The policy's ``audit_retention`` (the packaged policy's without a user file)."""
    from odoo_tools.policy import Policy

    return Policy.load(policy_file).config.audit_retention


def _audit_chain(store: AuditStore, verify: bool, prune_before: str | None, as_json: bool,
                 retention: timedelta | None = None) -> None:  # fmt: skip
    """``audit --prune-before`` or ``--prune`` (rows older than ``retention``) then (or only) ``--verify``; a broken
    chain exits 1 with the first broken row."""
    if prune_before:
        try:
            day = date.fromisoformat(prune_before).isoformat()
        except ValueError:
            raise fail(t("agent.prune_wants_day", value=prune_before)) from None
        removed = store.prune(day)
        if not as_json:
            console.print(t("agent.pruned_rows", removed=removed, day=day))
    if retention is not None:
        from odoo_tools.retention import prune_expired

        pruned = prune_expired(store, retention)
        if not as_json:
            console.print(t("agent.pruned_to_retention", audit=pruned.audit_rows, calls=pruned.calls,
                            day=pruned.before.isoformat()))  # fmt: skip
        elif not verify:  # --verify prints the one JSON document
            typer.echo(pruned.model_dump_json(indent=2))
    if not verify:
        return
    report = store.verify()
    if as_json:
        typer.echo(report.model_dump_json(indent=2))
    elif report.ok:
        console.print(t("agent.chain_ok_from_anchor", rows=report.rows, anchor=report.anchor_id) if report.anchor_id
                      else t("agent.chain_ok", rows=report.rows))  # fmt: skip
    else:
        where = t("agent.broken_row_at", id=report.broken_id, reason=report.reason)
        err_console.print(f"[red]{t('agent.broken_row')}[/red] {where}", highlight=False)
    if not report.ok:
        raise typer.Exit(1)


def _call_stats(store: AuditStore, since: str | None, model: str | None, as_json: bool) -> None:
    """``audit --stats``: per model and method, the calls kept since ``since`` (all kept calls without it)."""
    from agent.render import call_stats_table
    from odoo_tools.calls import call_stats

    rows = call_stats(store.calls(since=since, model=model))
    if as_json:
        typer.echo(json.dumps([r.model_dump(mode="json") for r in rows], indent=2, ensure_ascii=False))
    elif not rows:
        console.print(t("agent.no_calls_yet"), highlight=False)
    else:
        console.print(call_stats_table(rows))


@app.command()
def parse(
    text: Annotated[str | None, typer.Argument(help="The message (omit with --jsonl)")] = None,
    as_json: JsonOpt = False,
    jsonl: Annotated[bool, typer.Option("--jsonl", help="Read one message per line on stdin; one JSON per line")
                     ] = False,
    now: Annotated[str | None, typer.Option(help="Fix 'now' for relative dates (ISO date-time)")] = None,
    parser: Annotated[ParserChoice, typer.Option("--parser", help="offline (no network) | llm | auto")
                      ] = "offline",
) -> None:  # fmt: skip
    """Show how a message is read — intents, slots, confidence — without Odoo (and, offline, without network).

    Example:
        odoo-agent parse "quote Acme for 10 widgets at $50" --json
        odoo-agent parse "meeting with Sam next Tuesday at 3pm" --now 2026-03-11T10:00 --json
        printf 'show unpaid invoices\nfacture la commande S00042\n' | odoo-agent parse --jsonl
    """
    if jsonl == (text is not None):
        raise fail(t("agent.parse_one_message"))
    from agent.config import load_settings
    from agent.parse_door import frozen_now, parse_messages
    from agent.parsers import make_parser
    from graphs.inputs import BadInputError
    from graphs.parsing.llm_client import LLMError

    try:
        settings = load_settings()
        clock = frozen_now(now, settings.tz) if now else None
        reader = make_parser(settings, parser)
    except setup_errors() as exc:
        raise fail(str(exc)) from None
    if jsonl:  # undecodable bytes reach check_text as surrogates, refused in a sentence like the argument's
        # typeshed says TextIO; a process's stdin is a TextIOWrapper (a test runner's too)
        cast(io.TextIOWrapper, sys.stdin).reconfigure(errors="surrogateescape")
    texts = (line.rstrip("\r\n") for line in sys.stdin if line.strip()) if jsonl else [text or ""]
    try:
        for out in parse_messages(reader, texts, clock):
            if as_json or jsonl:
                typer.echo(out.model_dump_json())
            else:
                console.print(f"[bold]{out.lang}[/bold] · {t('agent.confidence', c=out.confidence)}", highlight=False)
                for intent in out.intents:
                    console.print(Text(json.dumps(intent, ensure_ascii=False)))
                for note in out.notes:
                    console.print(Text(f"{t('agent.note_prefix')} {note}", style="dim"))
    except (LLMError, BadInputError) as exc:
        raise fail(str(exc)) from None


@app.command()
def tools(
    as_json: JsonOpt = False,
    domain: Annotated[str | None, typer.Option(help="Only this domain, e.g. sales")] = None,
) -> None:
    """List the typed Odoo tools: name, domain, risk, Odoo modules, input and output schema.

    Example:
        odoo-agent tools
        odoo-agent tools --domain sales --json
    """
    from agent.render import RISK_STYLE, TOOL_COLUMNS, headed
    from graphs.planner import intents_reaching
    from odoo_tools.tools import list_tools

    found = list_tools(domain)
    if not found:
        raise fail(t("agent.no_tools_in_domain", domain=domain,
                     domains=", ".join(sorted({tool.domain for tool in list_tools()}))))  # fmt: skip
    if as_json:
        specs = [{**tool.spec().model_dump(mode="json"), "intents": intents_reaching(tool.name)} for tool in found]
        typer.echo(json.dumps(specs, indent=2))
        return
    table = headed(TOOL_COLUMNS)
    table.columns.insert(0, Column(t("agent.col_tool"), no_wrap=True, min_width=max(len(tool.name) for tool in found)))
    for tool in found:
        style = RISK_STYLE[tool.risk.value]
        reached = ", ".join(intents_reaching(tool.name)) or f"[dim]{t('agent.api_only')}[/dim]"
        table.add_row(tool.name, tool.domain, f"[{style}]{tool.risk.value}[/{style}]", ", ".join(tool.modules) or "–",
                      reached, tool.spec().summary)  # fmt: skip
    console.print(table)
    console.print(t("agent.tools_count", n=len(found)))


@app.command()
def mcp(
    transport: Annotated[McpTransport, typer.Option(help="stdio | http (streamable HTTP)")] = "stdio",
    host: Annotated[str, typer.Option(help="HTTP: address to listen on (beyond loopback only with --per-user)")
                    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="HTTP: port; the endpoint is http://HOST:PORT/mcp")] = 8765,
    per_user: Annotated[bool, typer.Option(
        "--per-user", help="HTTP: each caller sends their own Odoo API key as bearer token and acts as that user")
    ] = False,
    replay: ReplayOpt = None, record: RecordOpt = None, approver: ApproverOpt = None, parser: ParserOpt = None,
    model: ModelOpt = None,
) -> None:  # fmt: skip
    """Serve the agent to MCP clients: ask and resume, plus the read-only Odoo tools.

    Writes are reachable only through ask/resume, under the same policy and approvals as the CLI.

    Example:
        odoo-agent mcp                                (an MCP client starts it: stdio)
        odoo-agent mcp --transport http --port 8765   (http://127.0.0.1:8765/mcp)
        odoo-agent mcp --transport http --per-user --host 0.0.0.0   (a team: each with their own Odoo key)
    """
    from agent.mcp_server import serve  # the MCP SDK loads only for this command

    try:
        with _agent(replay, record, approver, parser, model) as (settings, session):
            users = _user_sessions(settings, session, parser) if per_user else None
            try:
                serve(session, transport, host, port, users)
            finally:
                if users is not None:
                    users.close()
    except KeyboardInterrupt:
        pass
    except setup_errors() as exc:
        raise fail(str(exc)) from None


def _user_sessions(settings: Settings, session: AgentSession, parser: ParserChoice | None) -> UserSessions:
    """Per-caller sessions on the server's Odoo: each with the caller's key, home and approver name."""
    from agent.mcp_users import UserSessions
    from agent.runtime import open_agent_session

    def make(cfg: ConnectionConfig, home: Path, login: str) -> AgentSession:
        own = settings.model_copy(update={"agent_home": home})
        return open_agent_session(own, cfg, approver=login, parser=parser)

    return UserSessions(session.client.config, settings.agent_home, make)


@app.command("eval", context_settings={"allow_extra_args": True, "ignore_unknown_options": True}, add_help_option=False)
def eval_(ctx: typer.Context) -> None:
    """Run the evaluation suite over recorded conversations and print the scorecard (odoo-agent eval --help).

    The suite is its own program (python -m evals): this command runs it with the same arguments, so
    the agent never imports the suite.
    """
    raise _run_suite_program("evals", "odoo-agent eval", ctx.args)


@app.command("bench", context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
             add_help_option=False)  # fmt: skip
def bench(ctx: typer.Context) -> None:
    """Count Odoo calls and time workflows W1-W10 against a live test Odoo (odoo-agent bench --help).

    Its own program (python -m evals.bench), run with the same arguments, as eval is.
    """
    raise _run_suite_program("evals.bench", "odoo-agent bench", ctx.args)


def _run_suite_program(module: str, prog: str, args: list[str]) -> typer.Exit:
    """Run ``python -m <module>`` with the command's arguments (the agent never imports the suite); its exit."""
    env = {**os.environ, "ODOO_AGENT_EVAL_PROG": prog}
    return typer.Exit(subprocess.run([sys.executable, "-m", module, *args], env=env, check=False).returncode)


def _register_approvals() -> None:
    from agent.approvals_cli import approvals_app  # light: its commands load the session when they run

    app.add_typer(approvals_app(_agent, fail, setup_errors), name="approvals")


_register_approvals()


def _register_automations() -> None:
    from agent.automations_cli import automations_app, register_watch  # light: commands load what they run

    app.add_typer(automations_app(_agent, fail, setup_errors), name="automations")
    register_watch(app, _agent, fail, setup_errors)


_register_automations()


def _module_mark(report: DoctorReport, module: str) -> str:
    if not report.modules[module]:
        return "[dim]✗[/dim]"
    return "[green]✓[/green]" if report.access.get(module) else "[red]⊘[/red]"


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":  # python -m agent.cli, like python -m agent
    main()
