"""The command graph: parse → resolve → plan → approve → execute → respond."""

from __future__ import annotations

import copy
from typing import Any, Literal

from langgraph.graph import END, START, StateGraph
from langgraph.graph.state import CompiledStateGraph
from langgraph.runtime import Runtime
from langgraph.types import Checkpointer

from graphs.approving import approve_node, dropped_approval
from graphs.context import Context, context_of
from graphs.inputs import BadInputError, check_text
from graphs.nodes import execute_node, plan_node, respond_node, runnable_left
from graphs.parsing.engine import ParseContext, RecentRecord
from graphs.parsing.intents import ParseResult, Unsupported
from graphs.references import retarget
from graphs.resolving import ask_person, resolve_node
from graphs.retrying import after_retry, carry_unknown, retry_node, start
from graphs.state import Given, RecordOut, State, given_for

__all__ = ["build_graph", "compile_graph", "given_turn", "new_turn"]

_ACTIONABLE = ("clarify", "unsupported")


# What a new message resets: every per-turn key (the thread's memory stays).
_TURN_RESET: dict[str, Any] = {"resolved": {}, "known": [], "plan": [], "approval": None, "status": "done",
                               "message": "", "question": None, "records": [], "error": None, "warnings": [],
                               "shown": 0, "clarified": False, "again": None}  # fmt: skip


def new_turn(text: str) -> dict[str, Any]:
    """The input of a new message; ``{"text": …}`` alone works too (LangGraph Server clients send that)."""
    return {"text": text}


def given_turn(text: str, parse: ParseResult | None, preset: dict[str, int], about: RecordOut | None = None
               ) -> dict[str, Any]:  # fmt: skip
    """The input of an automation's turn: ``parse``, its typed intents (``text`` then only says what started the
    turn, no parser reads it), or None for a fixed command the parser reads; ``preset``: slots already resolved
    to record ids (``"0.record"``); ``about``: the record that started it, made the thread's last record ("a note
    on it"). Every later node (resolution, the plan, the policy, approvals, the audit) is a message's."""
    return {"text": text, "given": Given(text=text, parse=parse, preset=preset, about=about)}


def parse_node(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
    """Text → typed intents, with the parser's confidence; the thread's recent records go along as context.

    Parsing starts a turn, so it also resets the previous turn's plan, approval and answer, and
    counts the turn (idempotency keys derive from it): no client has to send those keys itself.
    A plan still awaiting approval is voided by the new message, and the reply says so (``dropped``).
    """
    try:  # LangGraph Server's runs enter here directly; the CLI, MCP and the REPL refused bad text already
        check_text(state["text"])
    except BadInputError as exc:  # the text is not kept: the turn answers one sentence and stores nothing of it
        refused = ParseResult(intents=[Unsupported(reason=str(exc))], confidence=1.0, parser="guard")
        return {**copy.deepcopy(_TURN_RESET), "turn": 1, "text": "", "parse": refused, "dropped": "",
                "error": {"type": exc.kind, "message": str(exc)}}  # fmt: skip
    memory = state.get("memory") or {}
    given = given_for(state)
    if given is not None and given.about is not None:
        memory = _about(memory, given.about)
    if given is not None and given.parse is not None:  # typed by its sender: nothing to read
        parse = given.parse
    else:
        recent = [RecentRecord.model_validate(r) for r in memory.get("recent", [])]
        parse = context_of(runtime).parser.parse(state["text"], ParseContext(recent=recent))
        parse = parse.model_copy(update={"intents": retarget(parse.intents, memory.get("recent", []))})
    if state.get("clarified"):  # the same turn, re-read with the answer: what it dropped stays said
        dropped = state.get("dropped", "")
    else:
        dropped = dropped_approval(state.get("plan") or [], (state.get("preview") or {}).get("snapshot") or {})
    # fresh {} and [] for every turn
    update = {**copy.deepcopy(_TURN_RESET), "turn": 1, "parse": parse, "dropped": dropped}
    if given is not None and given.about is not None:
        update["memory"] = memory
    if carried := carry_unknown(state):  # a write of unknown outcome is still looked for by later retries
        update["memory"] = {**memory, "unknown": carried}
    return update


def _about(memory: dict[str, Any], record: RecordOut) -> dict[str, Any]:
    """The thread's memory with ``record`` as its last record (by id: "a note on it" needs no name lookup)."""
    last = {"model": record.model, "name": record.name}
    recent = [r for r in memory.get("recent", []) if r != last]
    return {**memory, record.model: record.id, "recent": [*recent, last]}


def after_parse(state: State) -> Literal["resolve", "clarify", "respond"]:
    intents = state["parse"].intents
    if intents and all(i.intent == "clarify" for i in intents):
        return "clarify"
    if all(i.intent in _ACTIONABLE for i in intents):
        return "respond"
    return "resolve"


def clarify_node(state: State) -> dict[str, Any]:
    """A message the parser could not complete ("quote Acme"): ask what is missing; the answer completes it.

    The answer is read together with the message ("quote Acme" + "10 widgets at $50"), so it needs no
    wording of its own; the parse that follows counts a turn, which this one cancels: it is the same turn.
    """
    question = " ".join(getattr(i, "question", "") for i in state["parse"].intents)
    answer = ask_person(question, [], slot="message").strip()
    return {"text": f"{state['text']} {answer}".strip(), "turn": -1, "clarified": True}


def after_resolve(state: State) -> Literal["plan", "respond"]:
    return "respond" if state.get("error") else "plan"


def approve_or_respond(state: State) -> Literal["approve", "respond"]:
    """After planning and after executing: stop for a person while any step waits for approval."""
    return "approve" if any(s.status == "needs_approval" for s in state["plan"]) else "respond"


def after_approve(state: State) -> Literal["execute", "approve", "respond"]:
    steps = state["plan"]
    if any(s.status == "needs_approval" for s in steps):
        return "approve"  # edited: preview again
    return "execute" if any(s.status == "approved" for s in steps) else "respond"


def after_execute(state: State) -> Literal["execute", "approve", "respond"]:
    """One write per super-step: the next runnable step runs in a fresh step, after a checkpoint."""
    return "execute" if runnable_left(state["plan"]) else approve_or_respond(state)


def build_graph(context_schema: type[Any] = Context) -> StateGraph[State, Any, State, State]:
    """The graph, compiled without a checkpointer (the CLI attaches SQLite; LangGraph Server its own).

    ``context_schema`` is what a run passes as ``context``: a ``Context``, or LangGraph Server's JSON
    ``ServerContext`` (agent/server.py installs the live objects once per process).
    """
    builder = StateGraph(State, context_schema=context_schema)
    builder.add_node("parse", parse_node)
    builder.add_node("clarify", clarify_node)
    builder.add_node("resolve", resolve_node)
    builder.add_node("plan", plan_node)
    builder.add_node("approve", approve_node)
    builder.add_node("execute", execute_node)
    builder.add_node("respond", respond_node)
    builder.add_node("retry", retry_node)
    builder.add_conditional_edges(START, start)
    builder.add_conditional_edges("retry", after_retry)
    builder.add_conditional_edges("parse", after_parse)
    builder.add_edge("clarify", "parse")
    builder.add_conditional_edges("resolve", after_resolve)
    builder.add_conditional_edges("plan", approve_or_respond)
    builder.add_conditional_edges("approve", after_approve)
    builder.add_conditional_edges("execute", after_execute)
    builder.add_edge("respond", END)
    return builder


def compile_graph(checkpointer: Checkpointer = None) -> CompiledStateGraph[State, Any, State, State]:
    """Compile with the given checkpointer (``None`` for LangGraph Server, which brings its own)."""
    return build_graph().compile(checkpointer=checkpointer, name="odoo-agent")
