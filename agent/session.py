"""Run one turn of the command graph on a durable thread and answer in the contract's shape."""

from __future__ import annotations

import hashlib
import logging
import sqlite3
import time
from dataclasses import replace
from pathlib import Path
from typing import Any, Protocol, TypeGuard

from langchain_core.runnables import RunnableConfig
from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.checkpoint.serde.jsonplus import JsonPlusSerializer
from langgraph.checkpoint.sqlite import SqliteSaver
from langgraph.types import Command
from pydantic import BaseModel

from agent.config import ConfigError
from agent.contract import ApprovalOut, ErrorOut, OptionOut, QuestionOut, RecordOut, Reply, StepOut, Usage
from agent.reviews import ask_reviewer
from graphs.context import Context, make_context
from graphs.decisions import Answer, ApprovalRequest, Decision, DecisionError, QuestionRequest, Retry, parse_decision
from graphs.graph import compile_graph, given_turn, new_turn
from graphs.inputs import BadInputError, check_text
from graphs.locks import postgres_locks
from graphs.nodes import records_of
from graphs.parsing.engine import Parser
from graphs.parsing.intents import ParseResult, Tokens
from graphs.parsing.llm_client import LLMError
from graphs.retrying import can_retry
from graphs.state import CHECKPOINT_TYPES
from graphs.state import RecordOut as ThreadRecord
from odoo_tools.approvers import ApproverCredential
from odoo_tools.calls import detach as detach_calls
from odoo_tools.calls import flush_calls
from odoo_tools.client import OdooClient
from odoo_tools.client.clock import get_clock
from odoo_tools.client.errors import OdooError
from odoo_tools.errors import AuditError
from odoo_tools.i18n import say, t

__all__ = ["AgentSession", "ThreadInfo", "default_thread_id", "list_threads"]

log = logging.getLogger(__name__)


def _misdirected(thread_id: str, waiting: str, decision: Decision) -> str:
    """What to say of a decision the pending interrupt does not take ("" when it fits).

    An answer (or a retry) sent to an approval is an error: it must never approve nor reject. An
    approve or reject sent to a question gives no answer, and the question is asked again.
    """
    if waiting == "approval" and isinstance(decision, Answer | Retry):
        raise DecisionError.said("agent.thread_waits_for_approval", thread=thread_id, kind=decision.kind)
    if waiting == "question" and not isinstance(decision, Answer):
        return t("agent.thread_waits_for_answer", kind=decision.kind)
    return ""


def _postgres(url: str | None) -> TypeGuard[str]:
    return bool(url and url.startswith(("postgres://", "postgresql://")))


def store_errors(url: str | None) -> tuple[type[Exception], ...]:
    """What a thread store that cannot record raises: SQLite's errors, and Postgres's too for a Postgres store
    (psycopg is imported only then: a SQLite install with the postgres extra does not pay for it every turn)."""
    if not _postgres(url):
        return (sqlite3.Error,)
    import psycopg  # _checkpointer has imported it already, or said the extra is missing

    return (sqlite3.Error, psycopg.Error)


def store_sentence(thread_id: str, exc: Exception) -> str:
    """One sentence for a store that cannot record a thread (locked, read-only, broken)."""
    why = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return t("agent.store_cannot_record", thread=thread_id, why=why)


class ThreadInfo(BaseModel):
    """Where one conversation thread stands (``odoo-agent threads``)."""

    thread_id: str
    status: str
    last_text: str
    message: str
    turns: int


class _Connection(Protocol):
    """The checkpointer's database connection, as the session uses it: closed at the end."""

    def close(self) -> None: ...


def _checkpointer(home: Path, url: str | None) -> tuple[_Connection, BaseCheckpointSaver[Any]]:
    """SQLite in ``home`` by default; Postgres (``postgresql://…``) when a team shares one agent."""
    serde = JsonPlusSerializer(allowed_msgpack_modules=CHECKPOINT_TYPES)
    if _postgres(url):
        try:
            import psycopg
            from langgraph.checkpoint.postgres import PostgresSaver
            from psycopg.rows import dict_row
        except ImportError as exc:
            raise ConfigError.said("agent.postgres_needs_extra") from exc
        conn = psycopg.connect(url, autocommit=True, prepare_threshold=0, row_factory=dict_row)
        saver = PostgresSaver(conn, serde=serde)
        saver.setup()
        return conn, saver
    conn = sqlite3.connect(home / "threads.sqlite", check_same_thread=False)
    return conn, SqliteSaver(conn, serde=serde)


def default_thread_id(text: str) -> str:
    """A thread id from the message and the agent clock: stable in replays, unique in use."""
    return "t-" + hashlib.sha256(f"{get_clock().now().isoformat()}|{text}".encode()).hexdigest()[:12]


def _usage(parse: ParseResult | None, parsed: bool, calls: int, seconds: float) -> Usage:
    """What this call cost; LLM tokens count on the call that parsed (a resume parses nothing)."""
    tokens = parse.tokens if parse and parsed else Tokens()
    return Usage(parser=parse.parser if parse else None, model=parse.model if parse else None,
                 llm_tokens=tokens.prompt + tokens.completion, prompt_tokens=tokens.prompt,
                 completion_tokens=tokens.completion, llm_calls=tokens.calls, odoo_calls=calls,
                 seconds=round(seconds, 3))  # fmt: skip


def _interrupts(snapshot: Any) -> list[Any]:
    """What a thread's checkpoint is waiting on: the payloads of its pending interrupts."""
    return [i.value for task in snapshot.tasks for i in task.interrupts]


def _waiting_for(pending: list[Any]) -> str | None:
    """The reply status of a thread that waits: an answer to a question, or an approval."""
    if not pending:
        return None
    return "needs_input" if pending[0]["kind"] == "question" else "needs_approval"


def list_threads(home: Path, checkpoint_url: str | None = None, limit: int = 50) -> list[ThreadInfo]:
    """Threads with checkpoints, most recently active first (no Odoo connection needed)."""
    home.mkdir(parents=True, exist_ok=True)
    conn, saver = _checkpointer(home, checkpoint_url)
    graph = compile_graph(saver)
    seen: dict[str, ThreadInfo] = {}
    try:
        # Collect the ids first: reading a state inside the listing would reuse the connection's cursor.
        order = list(dict.fromkeys(item.config["configurable"]["thread_id"] for item in saver.list(None)))
        for thread in order[:limit]:  # newest checkpoint first (checkpoint ids are time-ordered)
            snap = graph.get_state({"configurable": {"thread_id": thread}})
            pending, values = _interrupts(snap), snap.values
            # A run cut off (a killed process) has a next node and nothing it waits for.
            status = _waiting_for(pending) or ("interrupted" if snap.next else values.get("status", "done"))
            seen[thread] = ThreadInfo(thread_id=thread, status=status, last_text=values.get("text", ""),
                                      message=values.get("message", ""), turns=values.get("turn", 0))  # fmt: skip
    finally:
        conn.close()
    return list(seen.values())


class AgentSession:
    """The graph with a SQLite checkpointer: threads survive restarts and other processes."""

    def __init__(self, context: Context, *, home: Path, checkpoint_url: str | None = None) -> None:
        home.mkdir(parents=True, exist_ok=True)
        if _postgres(checkpoint_url):
            # Shared by the whole team; each worker's audit log is its own, so creates look their key up first.
            context = replace(context, locks=postgres_locks(checkpoint_url), sole_audit=False)
        self.context = context
        self.client = context.client
        self.home = home
        # The first turn also counts the handshake connect_soon started for it; a turn otherwise counts only
        # the calls made while it runs (an eval fixture's, or a door's own reads between turns, are not its).
        self._early_from: int | None = self.client.early_from if self.client.connecting_early else None
        self._counted = 0
        self._conn, self._saver = _checkpointer(home, checkpoint_url)
        self._store_errors = store_errors(checkpoint_url)
        self.graph = compile_graph(self._saver)

    @classmethod
    def local(
        cls, client: OdooClient, *, home: Path, approver: str, policy_file: Path | None = None,
        parser: Parser | None = None, checkpoint_url: str | None = None,
    ) -> AgentSession:  # fmt: skip
        """A session over ``client`` with its audit log and threads in ``home`` (tests, scripts, the evals)."""
        context = make_context(client, home=home, approver=approver, policy_file=policy_file, parser=parser)
        return cls(context, home=home, checkpoint_url=checkpoint_url)

    def forget(self, thread_id: str) -> None:
        """Delete a thread's checkpoints (its audit rows stay)."""
        self._saver.delete_thread(thread_id)

    def close(self) -> None:
        detach_calls(self.client)  # its calls go to this home's audit log, which may be gone after this
        self._conn.close()
        close = getattr(self.context.parser, "close", None)  # an LLM parser holds an HTTP connection pool
        if close is not None:
            close()

    def ask(self, text: str, thread_id: str | None = None) -> Reply:
        """A new message on a thread (a new thread when none is given)."""
        try:  # refused before a thread id is derived or a checkpoint written: nothing half-created
            check_text(thread_id or "", "graph.input_thread_id", 256)
            check_text(text)
        except BadInputError as exc:
            return self._error(thread_id or "", exc.kind, str(exc))
        thread = thread_id or default_thread_id(text)
        try:
            return self._run(thread, new_turn(text), parsed=True)
        except self._store_errors as exc:  # the reply itself could not be read back
            return self._error(thread, "store_unavailable", store_sentence(thread, exc))

    def run_given(self, text: str, thread_id: str, parse: ParseResult | None = None,
                  preset: dict[str, int] | None = None, about: ThreadRecord | None = None) -> Reply:  # fmt: skip
        """An automation's turn: ``parse``, its typed intents (``text`` then only says what started it), or None to
        read ``text``, a fixed command; ``preset`` slots already resolved to ids; ``about``, the record it is about
        (the thread's last record). Planning, policy, approvals and the audit are a message's."""
        try:
            check_text(thread_id, "graph.input_thread_id", 256)
            check_text(text)
        except BadInputError as exc:
            return self._error(thread_id, exc.kind, str(exc))
        try:
            return self._run(thread_id, given_turn(text, parse, preset or {}, about), parsed=True)
        except self._store_errors as exc:
            return self._error(thread_id, "store_unavailable", store_sentence(thread_id, exc))

    def resume_reviewed(self, thread_id: str, decision: Decision, reviewed_by: int | None) -> Reply:
        """``resume`` with a decision a reviewer gave in Odoo: ``reviewed_by`` is the user Odoo recorded, checked
        against the rules by the graph like any approver (``agent.reviews.sync_reviews``)."""
        before = self.context
        self.context = replace(before, reviewed_by=reviewed_by)
        try:
            return self.resume(thread_id, decision)
        finally:
            self.context = before

    def use_approver(self, credential: ApproverCredential) -> None:
        """Approvals from now on are given by this person, signed in to Odoo with their own key (when the policy
        says who may approve); the key stays in this process's memory, never in a checkpoint or a log."""
        self.context = replace(self.context, approver_credential=credential)

    def knows(self, thread_id: str) -> bool:
        """Whether a conversation with this id was started here (a checkpoint of it exists)."""
        return bool(self.graph.get_state(self._config(thread_id)).values)

    def ask_on(self, text: str, thread_id: str, *, new: bool = False) -> Reply:
        """``ask`` on a thread named by the person: one that does not exist is an error (a mistyped id must not
        start a new conversation silently) unless ``new`` says to start it with that id."""
        try:
            check_text(thread_id, "graph.input_thread_id", 256)
            if not new and not self.knows(thread_id):
                return self._error("", "unknown_thread", t("agent.unknown_thread", thread=thread_id))
        except BadInputError as exc:
            return self._error("", exc.kind, str(exc))
        except self._store_errors as exc:
            return self._error(thread_id, "store_unavailable", store_sentence(thread_id, exc))
        return self.ask(text, thread_id)

    def resume(self, thread_id: str, decision: Decision) -> Reply:
        """Answer the thread's pending question or approval; a thread cut off mid-run just continues.

        An answer sent to an approval is an ``invalid_decision`` error, never read as a yes or a no;
        an approval whose token is not the pending one's runs nothing (the graph shows the plan
        again, with a new token).
        """
        try:
            check_text(thread_id, "graph.input_thread_id", 256)
            fields = decision if isinstance(decision, dict) else vars(decision)
            said = (("graph.input_answer", fields.get("answer")), ("graph.input_reason", fields.get("reason")))
            for what, value in said:
                if isinstance(value, str):
                    check_text(value, what)
        except BadInputError as exc:
            return self._error(thread_id if thread_id.isprintable() else "", exc.kind, str(exc))
        try:
            return self._resume(thread_id, decision)
        except self._store_errors as exc:
            return self._error(thread_id, "store_unavailable", store_sentence(thread_id, exc))

    def _resume(self, thread_id: str, decision: Decision) -> Reply:
        try:
            decision = parse_decision(decision)
            pending = self._pending(thread_id)
            if pending:
                note = _misdirected(thread_id, pending[0]["kind"], decision)
                reply = self._run(thread_id, Command(resume=decision.model_dump(mode="json")))
                return reply.model_copy(update={"message": f"{note} {reply.message}"}) if note else reply
        except DecisionError as exc:
            return self._error(thread_id, exc.kind, str(exc))
        snap = self.graph.get_state(self._config(thread_id))
        if snap.next:
            return self._run(thread_id, None)  # re-runs the interrupted node: its writes are keyed
        if isinstance(decision, Retry) and can_retry(snap.values):
            return self._run(thread_id, {"again": {"resend": decision.resend}})  # from the first unfinished step
        return self._error(thread_id, "nothing_pending", t("agent.thread_waits_for_nothing", thread=thread_id))

    def status(self, thread_id: str) -> Reply:
        """Where a thread stands now, what it waits for included (runs nothing, calls no server)."""
        return self._reply(thread_id, 0.0, 0, parsed=False)

    def _config(self, thread_id: str) -> RunnableConfig:
        return {"configurable": {"thread_id": thread_id}}

    def _pending(self, thread_id: str) -> list[Any]:
        return _interrupts(self.graph.get_state(self._config(thread_id)))

    def _run(self, thread_id: str, payload: Any, parsed: bool = False) -> Reply:
        try:
            return self._run_turn(thread_id, payload, parsed)
        finally:
            self._flush_calls()

    def _flush_calls(self) -> None:
        """Write the turn's Odoo calls to the audit log; if it cannot now, they stay buffered (the turn stands)."""
        try:
            flush_calls(self.client)
        except (sqlite3.Error, AuditError) as exc:
            log.warning("the turn's Odoo calls are not written yet: %s", exc)

    def _run_turn(self, thread_id: str, payload: Any, parsed: bool) -> Reply:
        start = time.perf_counter()
        self._counted, self._early_from = (
            (self._early_from if self._early_from is not None else self.client.stats.count),
            None,
        )
        try:
            # The nodes that call Odoo act in the thread's chosen company themselves (act_in_thread_company).
            # "sync": each checkpoint is written before the next step starts, and every write step is a
            # step of its own, so a process killed mid-chain loses at most the write in flight (its
            # audit row, left "sending", says to look for it in Odoo on resume).
            self.graph.invoke(payload, self._config(thread_id), context=self.context, durability="sync")
        except (OdooError, LLMError) as exc:
            self._calls()
            return self._error(thread_id, exc.kind, str(exc))
        except self._store_errors as exc:
            # The thread's state could not be recorded: with "sync" checkpoints that happens before the
            # next step, and a write's audit row is written before the write, so nothing was sent.
            self._calls()
            return self._error(thread_id, "store_unavailable", store_sentence(thread_id, exc))
        if parsed:
            self._log_parse(thread_id)
        reply = self._reply(thread_id, time.perf_counter() - start, self._calls(), parsed)
        if reply.status == "needs_approval":  # a rule may name a reviewer: the approval also waits in Odoo
            ask_reviewer(self, self.home, reply)
        return reply

    def _calls(self) -> int:
        """The Odoo calls of this turn, the first turn's early handshake included (waited for, so the figure does
        not depend on which thread finished first)."""
        self.client.wait_early()
        return self.client.stats.count - self._counted

    def _log_parse(self, thread_id: str) -> None:
        parse: ParseResult | None = self.graph.get_state(self._config(thread_id)).values.get("parse")
        if parse is not None:
            self.context.audit.parsed(thread_id, parse.parser, parse.model, parse.confidence,
                                      [i.intent for i in parse.intents], parse.tokens.prompt, parse.tokens.completion,
                                      parse.tokens.calls)  # fmt: skip

    def _error(self, thread_id: str, kind: str, message: str) -> Reply:
        return Reply(thread_id=thread_id, status="error", message=message, intents=[], plan=[], question=None,
                     records=[], error=ErrorOut(type=kind, message=message),
                     usage=Usage.none())  # fmt: skip

    def _reply(self, thread_id: str, seconds: float, calls: int, parsed: bool) -> Reply:
        snap = self.graph.get_state(self._config(thread_id))  # one read serves the values and the interrupts
        values, pending = snap.values, _interrupts(snap)
        parse = values.get("parse")
        plan = [StepOut(**s.model_dump(include=set(StepOut.model_fields))) for s in values.get("plan") or []]
        waiting = _waiting_for(pending)
        status, message = waiting or values.get("status", "done"), values.get("message", "")
        question: QuestionOut | None = None
        approval: ApprovalOut | None = None
        if waiting == "needs_input":
            asked = QuestionRequest.model_validate(pending[0])
            dropped = say("graph.dropped", parse.lang if parse else "en", steps=values["dropped"]) \
                if values.get("dropped") else ""  # fmt: skip
            message = " ".join(x for x in (dropped, asked.note, asked.question.text) if x)
            options = [OptionOut(id=o.id, label=o.label) for o in asked.question.options]
            question = QuestionOut(text=asked.question.text, options=options)
        elif waiting == "needs_approval":
            request = ApprovalRequest.model_validate(pending[0])
            message = " ".join(x for x in (request.note, request.preview) if x)
            approval = ApprovalOut(token=request.token, id=request.token, steps=request.steps)
        error = values.get("error")
        return Reply(
            thread_id=thread_id, status=status, message=message,
            intents=[i.model_dump() for i in parse.intents] if parse else [], plan=plan, question=question,
            approval=approval,
            records=[RecordOut(**r.model_dump()) for r in (records_of(values.get("plan") or []) if pending
                                                            else values.get("records") or [])],
            error=ErrorOut(**error) if error and status == "error" else None,
            usage=_usage(parse, parsed, calls, seconds),
        )  # fmt: skip
