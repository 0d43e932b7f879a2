"""Run evaluation cases: replay (default), live against ODOO_URL, or record; parser offline, llm or auto.

Each conversation case runs in its own agent home (threads, audit) and, in replay and record
modes, its own cassette ``evals/cassettes/<parser>/<case id>.yaml``: fixture, turns and the final
queries are one recording, so a replay asks the same questions and gets the recorded answers.
vcrpy and the agent clock are per process, so parallel replays use processes, not threads.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field

from agent.api import (
    AgentSession,
    Answer,
    Approve,
    AutomationEvent,
    AutomationStore,
    ConfigError,
    Edit,
    LLMError,
    ParserChoice,
    Reject,
    Reply,
    Rule,
    Settings,
    load_settings,
    make_parser,
    note_recording,
    replay_connection,
    run_event,
)
from evals.checks import Check, audit_checks, final_checks, turn_checks
from evals.dataset import Case, EventTurn, Turn, case_word
from evals.fixtures import build_fixture, refs
from evals.parser_report import CASSETTE_DIR as PARSER_CASSETTES
from odoo_tools import ConnectionConfig, OdooClient, OdooError, cassette

__all__ = ["CASSETTES", "CaseResult", "Mode", "TurnLog", "cassette_path", "run_case", "run_cases"]

CASSETTES = Path(__file__).parent / "cassettes"
Mode = Literal["replay", "live", "record"]
Status = Literal["passed", "failed", "diverged", "error"]


class TurnLog(BaseModel):
    """One turn as the report shows it: what the person did, what the agent answered, the checks."""

    person: str
    status: str
    message: str
    intents: list[dict[str, Any]] = Field(default_factory=list)
    plan: list[str] = Field(default_factory=list, description="tool: status, per step")
    question: list[str] = Field(default_factory=list)
    checks: list[Check] = Field(default_factory=list)


class CaseResult(BaseModel):
    id: str
    kind: str
    tags: dict[str, str]
    status: Status
    checks: list[Check] = Field(default_factory=list)
    turns: list[TurnLog] = Field(default_factory=list)
    state: list[dict[str, Any]] = Field(default_factory=list, description="What the final queries found")
    diverged_at: str | None = Field(default=None, description="The first request the cassette does not hold")
    error: str | None = None
    parser: str | None = None
    model: str | None = None
    recorded_at: str | None = None
    odoo_calls: int = 0
    llm_calls: int = 0
    llm_tokens: int = 0
    seconds: float = 0.0


def cassette_path(case: Case, parser: ParserChoice) -> Path:
    """Conversations: one cassette per case and parser; seed parse cases share the parser report's (per command)."""
    if case.kind == "parse":
        return PARSER_CASSETTES / f"parser-{parser}" / f"{case.note}.yaml"
    return CASSETTES / parser / f"{case.id}.yaml"


def _log(person: str, reply: Reply, checks: list[Check]) -> TurnLog:
    return TurnLog(person=person, status=reply.status, message=reply.message, intents=reply.intents,
                   plan=[f"{s.tool}: {s.status}" for s in reply.plan], checks=checks,
                   question=[o.label for o in reply.question.options] if reply.question else [])  # fmt: skip


def _event(session: AgentSession, event: EventTurn, ids: dict[str, int]) -> tuple[str, Reply]:
    """The watcher's hand-over of one change, ``times`` times: the first run's reply (a repeat must find the
    change handled, and a repeat that ran the flow again is a failed case, not a second reply)."""
    rule = Rule.model_validate(event.rule)
    if rule.when is None:
        raise ValueError(f"an event turn needs an event rule (`when`), not {rule.name!r}'s schedule")
    record = refs(event.record, ids)
    rows = session.client.read(rule.when.model, [record], ["write_date"])
    change = AutomationEvent(rule=rule.name, model=rule.when.model, id=record, write_date=rows[0]["write_date"],
                             source="test")  # fmt: skip
    store = AutomationStore(session.home / "automations.sqlite")
    outcomes = [run_event(session, store, rule, change) for _ in range(event.times)]
    if outcomes[0].reply is None:
        raise ValueError(f"rule {rule.name!r} ran nothing on {rule.when.model} {record}: {outcomes[0].status}")
    if again := [o.status for o in outcomes[1:] if o.status != "handled"]:
        raise ValueError(f"the same change ran rule {rule.name!r} again: {again}")
    return f"(event) {rule.name}: {rule.when.model} {record}", outcomes[0].reply


def _act(session: AgentSession, turn: Turn, thread: str | None, last: Reply | None,
         ids: dict[str, int]) -> tuple[str, Reply]:  # fmt: skip
    """One turn of the person; an approval carries the token of the last reply, as every door sends it."""
    if turn.say is not None:
        return turn.say, session.ask(turn.say, thread)
    if turn.event is not None:
        return _event(session, turn.event, ids)
    if thread is None:
        raise ValueError("the first turn of a case must say something")
    if turn.answer is not None:
        return f"(answers) {turn.answer}", session.resume(thread, Answer(answer=turn.answer))
    if turn.edit is not None:
        return f"(edits) {turn.edit}", session.resume(thread, Edit(edit=turn.edit))
    if turn.reject is not None:
        return f"(rejects) {turn.reject}", session.resume(thread, Reject(reason=turn.reject))
    token = last.approval.token if last and last.approval else None
    return "(approves)", session.resume(thread, Approve(token=token))


def _conversation(case: Case, session: AgentSession, out: CaseResult) -> None:
    ids = build_fixture(session.client, case)
    thread: str | None = None
    reply: Reply | None = None
    for raw in case.turns:
        turn = case.fill(raw)
        person, reply = _act(session, turn, thread, reply, ids)
        # A miss anywhere (a read, a step's write mapped to "failed") means the code asked something new.
        if cassette.last_miss() or (reply.error and reply.error.type == "replay_miss"):
            out.diverged_at = cassette.last_miss() or (reply.error.message if reply.error else None)
            return
        thread = reply.thread_id or thread
        resolved = session.graph.get_state({"configurable": {"thread_id": thread}}).values.get("resolved") or {}
        checks = turn_checks(turn.expect, reply, resolved, ids)
        out.turns.append(_log(person, reply, checks))
        out.checks += checks
        u = reply.usage
        out.odoo_calls, out.llm_calls, out.llm_tokens = out.odoo_calls + u.odoo_calls, out.llm_calls + u.llm_calls, \
            out.llm_tokens + u.llm_tokens  # fmt: skip
        out.parser, out.model = u.parser or out.parser, u.model or out.model
    finals, out.state = final_checks(session.client, [case.fill(f) for f in case.final], ids) if case.final \
        else ([], [])  # fmt: skip
    out.checks += finals + audit_checks(session.context.audit.query(limit=1000))


def _parse_only(case: Case, settings: Settings, parser: ParserChoice, out: CaseResult) -> None:
    p = make_parser(settings, parser)
    try:
        turn = case.turns[0]
        result = p.parse(turn.say or "")
    finally:
        close = getattr(p, "close", None)
        if close:
            close()
    reply = Reply(thread_id="", status="done", message="", intents=[i.model_dump() for i in result.intents], plan=[],
                  question=None, records=[], error=None,
                  usage={"parser": result.parser, "model": result.model, "llm_tokens": 0, "odoo_calls": 0,
                         "seconds": 0})  # fmt: skip
    checks = turn_checks(turn.expect, reply, {}, {})
    out.turns.append(_log(turn.say or "", reply, checks))
    out.checks += checks
    out.parser, out.model = result.parser, result.model
    out.llm_calls, out.llm_tokens = result.tokens.calls, result.tokens.prompt + result.tokens.completion


def _connection(settings: Settings, active: cassette.ActiveCassette | None) -> ConnectionConfig:
    """Live: the settings (company 1 unless set). Replay: the recording's server and context, whatever this
    machine's ODOO_COMPANY/ODOO_LANG/ODOO_TZ say (cases recorded before that note ran in company 1, no lang/tz)."""
    if active is None or not active.replaying:
        cfg = settings.connection()
        return cfg if cfg.company else cfg.model_copy(update={"company": "1"})
    return replay_connection(active.meta, company="1", lang=None, tz=None)


def run_case(case: Case, mode: Mode = "replay", parser: ParserChoice = "offline", salt: str = "") -> CaseResult:
    """One case, from fixture to final state; never raises (a broken case is an ``error`` result).

    Names: a live run salts the case's ``{W}`` with ``salt``; a recording with ``salt`` (or a fresh one) that its
    cassette keeps (``eval_salt``), so a case re-recorded on the same database never meets the records
    of its earlier recordings, and a replay uses exactly the recorded names.
    """
    out = CaseResult(id=case.id, kind=case.kind, tags=case.tags, status="passed")
    start = time.perf_counter()
    needs_cassette = mode != "live" and (case.kind == "conversation" or parser != "offline")
    try:
        settings = load_settings()
        active = None
        if needs_cassette:
            path = cassette_path(case, parser)
            if mode == "replay" and not path.exists():
                out.status, out.diverged_at = "diverged", f"not recorded: no cassette at {path}"
                return out
            record: cassette.RecordMode = "new_episodes" if case.kind == "parse" else "all"
            active = cassette.activate(path, "none" if mode == "replay" else record, timezone=settings.tz or "UTC")
            out.recorded_at = active.meta.recorded_at.isoformat()
            if mode == "record" and case.kind == "conversation":
                cassette.annotate(eval_salt=salt or f"{time.time_ns():x}")
            salt = (cassette.active() or active).meta.eval_salt or ""  # annotate() replaced the active record
        if case.kind == "parse":
            _parse_only(case, settings, parser, out)
        else:
            _run_conversation(case.model_copy(update={"salt": salt}), settings, parser, active, out)
            if active is not None and active.replaying and not out.diverged_at and cassette.unplayed():
                out.diverged_at = (f"{cassette.unplayed()} recorded request(s) were not replayed: the agent now asks "
                                   "Odoo less than when this case was recorded; re-record it.")  # fmt: skip
    except (OdooError, LLMError) as exc:
        if getattr(exc, "kind", "") == "replay_miss":
            out.diverged_at = cassette.last_miss() or str(exc)
        else:
            out.status, out.error = "error", f"{type(exc).__name__}: {exc}"
    except (ConfigError, KeyError, ValueError, LookupError) as exc:  # a case or setup mistake, said per case
        out.status, out.error = "error", f"{type(exc).__name__}: {exc}"
    except Exception as exc:  # a bug: this case reports it, the other cases (and a process pool) go on
        out.status, out.error = "error", f"unexpected {type(exc).__name__}: {exc}"
    finally:
        cassette.deactivate()
        out.seconds = round(time.perf_counter() - start, 3)
    if out.diverged_at:
        out.status = "diverged"
    elif out.status == "passed" and not all(c.ok for c in out.checks):
        out.status = "failed"
    return out


def _run_conversation(case: Case, settings: Settings, parser: ParserChoice, active: cassette.ActiveCassette | None,
                      out: CaseResult) -> None:  # fmt: skip
    cfg = _connection(settings, active)
    if active is not None and not active.replaying:
        note_recording(cfg, "odoo-agent eval")
    with tempfile.TemporaryDirectory(prefix="odoo-agent-eval-") as home:
        session = AgentSession.local(OdooClient(cfg), home=Path(home), approver="eval",
                               parser=make_parser(settings, parser))  # fmt: skip
        try:
            _conversation(case, session, out)
        finally:
            session.close()


def _run_one(args: tuple[Case, Mode, ParserChoice, str]) -> CaseResult:
    return run_case(*args)


def _salts(cases: list[Case], mode: Mode) -> list[str]:
    """Fresh names for a live run or a recording, no two cases sharing a word (a replay reads its cassette's)."""
    if mode == "replay":
        return [""] * len(cases)
    base, taken, out = f"{time.time_ns():x}", set(), []
    for case in cases:
        salt = base
        while case_word(case.id, salt) in taken:  # two made-up words can collide: the later case moves on
            salt += "+"
        taken.add(case_word(case.id, salt))
        out.append(salt)
    return out


def run_cases(cases: Iterable[Case], mode: Mode = "replay", parser: ParserChoice = "offline", jobs: int = 1,
              progress: Callable[[CaseResult], None] | None = None) -> list[CaseResult]:  # fmt: skip
    """Every case in order; ``jobs`` > 1 replays in that many processes (live and record stay sequential)."""
    cases = list(cases)
    todo = [(c, mode, parser, s) for c, s in zip(cases, _salts(cases, mode), strict=True)]
    results: list[CaseResult] = []
    if jobs > 1 and mode == "replay":
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            for result in pool.map(_run_one, todo, chunksize=8):
                results.append(result)
                if progress:
                    progress(result)
        return results
    for item in todo:
        result = _run_one(item)
        results.append(result)
        if progress:
            progress(result)
    return results
