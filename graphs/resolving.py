"""The resolve node: every record phrase to one id, asking the person when it is not clear."""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime
from langgraph.types import interrupt

from graphs.answers import new_record_name, pick
from graphs.context import Context, act_in_thread_company, context_of
from graphs.decisions import Answer, DecisionError, QuestionRequest, parse_decision
from graphs.entities import CREATE, Slot, slots
from graphs.parsing.intents import CreateDepartment, CreateProject, Intent, ParseResult
from graphs.state import Option, Question, State, given_for
from odoo_tools import known
from odoo_tools.client.errors import OdooError
from odoo_tools.i18n import say, use_language
from odoo_tools.resolve import SUGGESTED, Ambiguous, Found, NotFound, label_of, resolve, resolve_owned
from odoo_tools.resolve_exact import resolve_exact

__all__ = ["CREATE", "resolve_node"]

_MAX_TRIES = 3
# Records an answer may ask to make ("create a new project Mobile App"): the intent that makes one from its name.
_MADE_BY_ANSWER: dict[str, type[CreateProject] | type[CreateDepartment]] = {
    "project.project": CreateProject, "hr.department": CreateDepartment,
}  # fmt: skip


class _NewRecord(Exception):
    """The person answered with a record to make, not one to pick."""

    def __init__(self, slot: Slot, name: str) -> None:
        super().__init__(name)
        self.slot, self.name = slot, name


def _answer(text: str, options: list[Option], slot: Slot) -> str:
    """The person's answer to a question about ``slot``; an answer asking for a new record raises ``_NewRecord``."""
    answer = ask_person(text, options, slot.key)
    if slot.model in _MADE_BY_ANSWER and (name := new_record_name(answer, slot.model)):
        raise _NewRecord(slot, name)
    return answer


def ask_person(text: str, options: list[Option], slot: str) -> str:
    """Interrupt with a question; returns the person's answer text (on resume).

    A value that is no decision asks the same question again, saying why (interrupts of one node
    match resume values by order). A decision of another kind (an approve or reject sent while the
    thread asks) gives no answer, which every caller meets by asking again: the recorded
    conversations (evals/cassettes/llm) replay exactly that, and the session's reply says why.
    """
    question, note = Question(text=text, options=options, slot=slot), ""
    while True:
        try:
            decision = parse_decision(interrupt(QuestionRequest(question=question, note=note).model_dump(mode="json")))
        except DecisionError as exc:
            note = str(exc)
            continue
        return decision.answer if isinstance(decision, Answer) else ""


def _resolve_slot(ctx: Context, slot: Slot, memory: dict[str, Any], lang: str) -> int:
    label = label_of(slot.model)
    if slot.phrase is None:
        if slot.memory and memory.get(slot.memory):
            return int(memory[slot.memory])
        phrase = _answer(say("graph.which_plain", lang, label=label), [], slot)
    else:
        phrase = slot.phrase
    options: list[Option] = []  # the last pick-list shown: an unclear answer gets it again
    for _ in range(_MAX_TRIES):
        found = resolve(ctx.client, slot.model, phrase, domain=slot.domain or None)
        if isinstance(found, NotFound) and not options:  # "Harbor Foods's draft invoice": named by its owner
            owned = resolve_owned(ctx.client, slot.model, phrase, domain=slot.domain or None)
            found = owned if not isinstance(owned, NotFound) else found
        if isinstance(found, Found):
            return found.record.id
        if isinstance(found, Ambiguous):
            options = [Option(id=str(c.record.id), label=_label(c.record.display_name, c.details))
                       for c in found.candidates]  # fmt: skip
            text = say("graph.which", lang, label=label, phrase=phrase)
        elif options:  # an answer to our own question that names nothing: ask again, never create
            text = say("graph.unclear", lang, label=label, phrase=phrase)
        else:
            near = [c for c in found.closest if c.score >= SUGGESTED]
            if slot.create and not near:
                return CREATE  # planned as its own step, which the policy gates
            options = [Option(id=str(c.record.id), label=c.record.display_name) for c in near]
            if slot.create:
                create = say("graph.create_new_option", lang, label=label, phrase=phrase)
                options.insert(0, Option(id="create", label=create))
            then = say("graph.create_or_pick" if slot.create else "graph.pick_one", lang)
            text = f"{say('graph.no_match', lang, label=label, phrase=phrase)} {then}"
        answer = _answer(text, options, slot)
        chosen = pick(answer, options) if options else None
        if chosen is not None:
            return CREATE if chosen.id == "create" else int(chosen.id)
        phrase = answer
    raise LookupError(say("graph.could_not_tell_which", lang, label=label))


def _label(name: str, details: dict[str, str]) -> str:
    return f"{name} ({', '.join(details.values())})" if details else name


def _company(ctx: Context, memory: dict[str, Any], lang: str) -> int | None:
    """The company this thread acts in: configured, remembered, or asked once when the user has several."""
    client = ctx.client
    client.transport  # noqa: B018 - connect, to know the user's companies
    if client.config.company or len(client.companies) < 2:
        return None
    if memory.get("company") not in client.companies:
        options = [Option(id=str(i), label=name) for i, name in client.companies.items()]
        while (chosen := pick(ask_person(say("graph.which_company", lang), options, "company"), options)) is None:
            pass  # an unclear answer gets the same question again
        memory = {**memory, "company": int(chosen.id)}
    act_in_thread_company(ctx, memory)
    return int(memory["company"])


def resolve_node(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
    """Resolve the entities of the parsed intents (re-runs from the start after each answer: reads only)."""
    with use_language(state["parse"].lang):
        return _resolve_all(state, runtime)


def _exact_first(ctx: Context, parse: ParseResult) -> None:
    """The names of one model (under one domain) in the message, when there are several, looked up in
    one request; what it settles is known to ``resolve`` below, the rest goes the full way."""
    groups: dict[tuple[str, str], tuple[list[Any], list[str]]] = {}  # (model, domain's key) → (domain, phrases)
    for slot in slots(parse):
        if isinstance(slot.phrase, str):
            key = (slot.model, known.domain_key(slot.domain or []))
            groups.setdefault(key, (slot.domain or [], []))[1].append(slot.phrase)
    for (model, _), (domain, phrases) in groups.items():
        if len({p.strip().casefold() for p in phrases}) < 2:
            continue  # one name: the full resolver's single request is as cheap, and decides more
        try:
            resolve_exact(ctx.client, model, phrases, domain=domain or None)
        except OdooError:
            continue  # the full resolver asks again and says what went wrong


def _resolve_all(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
    ctx = context_of(runtime)
    known.forget(ctx.client)  # a new request (or an answer to its question): read Odoo afresh
    memory = dict(state.get("memory") or {})
    company = _company(ctx, memory, state["parse"].lang)
    if company is not None:
        memory["company"] = company
    given = given_for(state)
    resolved: dict[str, int] = dict(given.preset) if given is not None else {}
    if any(i.intent == "next_page" for i in state["parse"].intents) and not memory.get("last_list"):
        error = {"type": "nothing_to_continue", "message": say("graph.no_list", state["parse"].lang)}
        return {"resolved": resolved, "status": "error", "error": error}
    parse = state["parse"]
    try:
        _exact_first(ctx, parse)
        while (slot := next((s for s in slots(parse) if s.key not in resolved), None)) is not None:
            try:
                resolved[slot.key] = _resolve_slot(ctx, slot, memory, parse.lang)
            except _NewRecord as new:
                parse, resolved = _made_first(parse, new, resolved)
        _same_product(ctx, parse, resolved)
    except LookupError as exc:
        return {"resolved": resolved, "status": "error", "error": {"type": "not_found", "message": str(exc)}}
    out = {"resolved": resolved, "memory": memory, "known": known.export(ctx.client)}
    return out | ({"parse": parse} if parse is not state["parse"] else {})


def _made_first(parse: ParseResult, new: _NewRecord, resolved: dict[str, int]) -> tuple[ParseResult, dict[str, int]]:
    """The record the answer asks for is made just before the intent that needed it, which then points at it
    (as in "a task in a new project called X"); the slots already resolved keep their intents' new places."""
    at, field = new.slot.key.split(".")[:2]
    i = int(at)
    intents: list[Intent] = list(parse.intents)
    intents[i] = intents[i].model_copy(update={field: None})
    intents.insert(i, _MADE_BY_ANSWER[new.slot.model](name=new.name))

    def moved(key: str) -> str:
        n, _, rest = key.partition(".")
        return f"{int(n) + 1}.{rest}" if int(n) >= i else key

    return parse.model_copy(update={"intents": intents}), {moved(k): v for k, v in resolved.items()}


def _same_product(ctx: Context, parse: ParseResult, resolved: dict[str, int]) -> None:
    """'add 5 more': a line without a product repeats the product of the order's last line."""
    for i, intent in enumerate(parse.intents):
        if intent.intent != "add_lines":
            continue
        for j, line in enumerate(intent.lines):
            if line.product is None:
                rows = ctx.client.search_read(
                    "sale.order.line", [["order_id", "=", resolved[f"{i}.order"]], ["display_type", "=", False]],
                    ["product_id"], limit=1, order="sequence desc, id desc",
                )  # fmt: skip
                if not rows or not rows[0]["product_id"]:
                    raise LookupError(say("graph.order_has_no_product_line", parse.lang))
                resolved[f"{i}.lines.{j}.product"] = rows[0]["product_id"][0]
