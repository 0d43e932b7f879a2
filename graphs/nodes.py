"""The plan, approve, execute and respond nodes: small functions of state returning partial updates."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from langgraph.config import get_config
from langgraph.runtime import Runtime

from graphs.context import Context, act_in_thread_company, context_of
from graphs.duplicates import removal_steps
from graphs.executor import read_by_next, run_step, step_key
from graphs.guards import records_of_step, request_for
from graphs.parsing.intents import Clarify, ParseResult, Unsupported
from graphs.planner import PAGEABLE, build_plan
from graphs.prerequisites import writes_first
from graphs.preview import checks
from graphs.state import Approval, PlanStep, RecordOut, State
from odoo_tools import known, nested
from odoo_tools.client.clock import get_clock
from odoo_tools.i18n import say, t, use_language
from odoo_tools.registry import Risk

__all__ = [
    "decide_step", "execute_node", "plan_hash", "plan_node", "preview_of", "records_of", "respond_node",
    "runnable_left", "thread_id",
]  # fmt: skip


def thread_id() -> str:
    return str(get_config()["configurable"]["thread_id"])


def _turn(state: State) -> int:
    return int(state.get("turn", 1))


def plan_hash(steps: list[PlanStep]) -> str:
    """What an approval is bound to: the ids, tools and arguments of the steps awaiting it."""
    gated = [(s.id, s.tool, s.args) for s in steps if s.status in ("needs_approval", "approved")]
    return hashlib.sha256(json.dumps(gated, sort_keys=True, default=str).encode()).hexdigest()[:16]


def _unsure_reason(parse: ParseResult, ctx: Context) -> str | None:
    """Why a person must see this reading's writes first, if they must: a model read it, or the rules are unsure."""
    if parse.parser in LLM_DECIDED:
        return t("graph.read_by_llm")
    if parse.confidence < ctx.sure_at:
        return t(
            "graph.unsure_reading",
            why="; ".join(parse.notes) or parse.parser,
        )
    return None


def decide_step(ctx: Context, step: PlanStep, done: dict[str, PlanStep] | None = None, unsure: str | None = None,
                turn_records: int | None = None) -> PlanStep:  # fmt: skip
    """Let the policy rate one step; ``turn_records``: the records all the turn's steps touch (this one's alone
    when not given)."""
    records = records_of_step(step) if turn_records is None else turn_records
    decision = ctx.policy.decide(request_for(ctx, step, done or {}, records))
    status = {"allow": "pending", "approve": "needs_approval", "refuse": "rejected"}[decision.action]
    reasons = list(decision.reasons)
    if unsure and status == "pending" and step.risk != Risk.READ:
        # A guess (a model's reading, or the rules' with words they could not place) changes nothing unseen.
        status = "needs_approval"
        reasons = [unsure]
    return step.model_copy(update={"status": status, "reasons": reasons})


def _run_ready(
    ctx: Context, turn: int, steps: list[PlanStep], runnable: tuple[str, ...], approval: Approval | None = None,
    *, one_write: bool = False, shown_at: str | None = None,
) -> list[PlanStep]:  # fmt: skip
    """Run, in order, the runnable steps whose dependencies are done.

    The first step that may not run yet (awaiting approval) holds back every later step; after a
    failure or an unknown outcome the remaining steps are skipped (a retry brings them back). With
    ``one_write`` at most one write runs: the graph checkpoints after each, so a dying process loses
    at most the write in flight.
    """
    out: list[PlanStep] = []
    stop: str | None = None
    wrote = False
    for i, step in enumerate(steps):
        done = {s.id: s for s in out if s.status == "done"}
        if stop is None and not wrote and step.status in runnable and all(d in done for d in step.depends_on):
            after = steps[i + 1] if i + 1 < len(steps) else None
            step = run_step(ctx, thread_id(), turn, step, done, approval, shown_at,
                            read_next=read_by_next(step, after, runnable))  # fmt: skip
            wrote = one_write and step.risk != Risk.READ
            stop = "failed" if step.status in ("failed", "unknown") else None
        elif stop == "failed" and step.status in ("pending", "approved", "needs_approval"):
            step = step.model_copy(update={"status": "skipped", "before_skip": step.status})
        elif stop is None and step.status not in ("done", "rejected", "skipped"):
            stop = "held"
        out.append(step)
    return out


def runnable_left(steps: list[PlanStep]) -> bool:
    """Whether the execute node has another step to run now (nothing failed, unknown or waiting before it)."""
    done = {s.id for s in steps if s.status == "done"}
    for step in steps:
        if step.status in ("failed", "unknown", "needs_approval"):
            return False
        if step.status in ("pending", "approved"):
            return all(d in done for d in step.depends_on)
    return False


def _by_amount(ctx: Context, tool: str) -> bool:
    limit = ctx.policy.config.amount_limit(tool)
    return limit is not None and (limit.approve_from > 0 or limit.refuse_from is not None)


LLM_DECIDED = ("llm", "auto:llm")  # parse results whose writes always wait for a person


def plan_node(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
    """Plan, let the policy rate each step, and run the ungated prefix (drafts, reads) right away."""
    with use_language(state["parse"].lang):
        return _plan(state, context_of(runtime))


def _plan(state: State, ctx: Context) -> dict[str, Any]:
    known.seed(ctx.client, state.get("known"))
    unsure = _unsure_reason(state["parse"], ctx)
    try:
        planned = writes_first(ctx, build_plan(state["parse"].intents, state["resolved"], state.get("memory") or {}))
    except LookupError as exc:  # "add a note on it" with nothing to point at: said, nothing planned
        return {"plan": [], "message": str(exc)}
    # Keys are fixed now, in the plan: every retry of a step, in this turn or a later one, reuses its key.
    planned = [s.model_copy(update={"key": step_key(thread_id(), _turn(state), s)}) for s in planned]
    records = sum(records_of_step(s) for s in planned)  # the turn's cap counts all its steps together
    steps = [decide_step(ctx, s, unsure=unsure, turn_records=records) for s in planned]
    steps = _run_ready(ctx, _turn(state), steps, ("pending",))
    # Now that drafts exist, amounts are known: rate the waiting steps that have an amount threshold again.
    done = {s.id: s for s in steps if s.status == "done"}
    steps = [decide_step(ctx, s, done, unsure, records) if s.status == "needs_approval" and _by_amount(ctx, s.tool)
             else s for s in steps]  # fmt: skip
    if any(s.status == "pending" for s in steps) and not any(s.status == "needs_approval" for s in steps):
        steps = _run_ready(ctx, _turn(state), steps, ("pending",))
    return {"plan": steps, "preview": preview_of(ctx, steps), "warnings": checks(ctx, steps)}


def preview_of(
    ctx: Context, steps: list[PlanStep], snapshot: dict[str, dict[str, Any]] | None = None
) -> dict[str, Any]:
    """When the person saw the plan, and the totals and states it showed (re-checked before running)."""
    taken = _snapshot(ctx, steps, fresh=False) if snapshot is None else snapshot
    return {"at": get_clock().now().isoformat(), "snapshot": taken}


# Tools whose "order" argument is a purchase order (and whose lines are bought, not sold).
PURCHASE_TOOLS = {"rfq_create": "purchase.order", "purchase_confirm": "purchase.order",
                  "purchase_receive": "purchase.order"}  # fmt: skip


def _from_results(steps: list[PlanStep]) -> dict[str, dict[str, Any]]:
    """The orders the done steps made or changed, as their last results say."""
    snap: dict[str, dict[str, Any]] = {}
    for step in steps:
        result = (step.result or {}) if step.status == "done" else {}
        order = result.get("order")
        refs = [(r["model"], r["id"]) for r in [*result.get("created", []), *result.get("changed", [])]]
        for model, rid in refs:
            if isinstance(order, dict) and order.get("id") == rid and {"state", "amount_total"} <= order.keys():
                snap[f"{model}:{rid}"] = {"name": order["name"], "amount_total": order["amount_total"],
                                          "state": order["state"]}  # fmt: skip
    return snap


def _snapshot(ctx: Context, steps: list[PlanStep], *, fresh: bool = True) -> dict[str, dict[str, Any]]:
    """Totals and states of the orders and invoices the plan touches, and its products' free stock.

    ``fresh=False`` (the preview, taken in the request that just read or made them) takes what the
    steps' results and resolution read; checking an approval (``fresh``) always asks Odoo.
    """
    snap: dict[str, dict[str, Any]] = {}
    ids: dict[str, set[int]] = {"sale.order": set(), "account.move": set(), "purchase.order": set()}
    for step in steps:
        for key, model in (("order", PURCHASE_TOOLS.get(step.tool, "sale.order")), ("invoice", "account.move")):
            if isinstance(step.args.get(key), int):
                ids[model].add(step.args[key])
        for ref in (step.result or {}).get("created", []):
            if ref["model"] in ids:
                ids[ref["model"]].add(ref["id"])
    if fresh:  # an approval is checked against Odoo as it is now, never against what this process read before
        known.forget_facts(ctx.client)
    else:
        snap.update(_from_results(steps))
    # Stock of the products being sold, when the plan confirms the sale (a confirmed order reserves it): what the
    # preview promised must still hold. A quotation reserves nothing, so its lines' stock is only a note.
    confirms = any(s.tool == "order_confirm" for s in steps)
    products = sorted({ln["product"] for s in steps if s.tool not in PURCHASE_TOOLS for ln in s.args.get("lines", [])
                       if isinstance(ln.get("product"), int)}) if confirms else []  # fmt: skip
    stock = bool(products) and "stock" in ctx.client.installed_modules()
    for model, found in ids.items():
        unread = sorted(i for i in found if f"{model}:{i}" not in snap)
        spec = nested.spec(["name", "display_name", "amount_total", "state"])
        if model == "sale.order" and stock:  # the products' stock comes along with the orders' lines
            spec["order_line"] = {"fields": {"product_id": {"fields": {"display_name": {}, "free_qty": {}}}}}
        for row in ctx.client.web_read(model, unread, spec) if unread else []:
            snap[f"{model}:{row['id']}"] = {"name": row["display_name"], "amount_total": row["amount_total"],
                                            "state": row["state"]}  # fmt: skip
            for line in row.pop("order_line", []):
                if line["product_id"] and line["product_id"]["id"] in products:
                    known.remember_facts(ctx.client, "product.product", line["product_id"])
            known.remember_facts(ctx.client, model, row)  # the steps about to run need not read them again
    if stock:
        for row in known.read(ctx.client, "product.product", products, ["display_name", "free_qty"]):
            snap[f"product.product:{row['id']}"] = {"name": row["display_name"], "free_qty": row["free_qty"]}
    return snap


def _stale(ctx: Context, state: State, now: dict[str, dict[str, Any]]) -> list[str]:
    """Why the approval no longer holds (plan changed, preview too old, records changed), if it does not."""
    approval, preview = state.get("approval"), state.get("preview") or {}
    if approval is None:
        return [t("graph.no_approval_given")]
    reasons = []
    if approval.plan_hash != plan_hash(state["plan"]):
        reasons.append(t("graph.plan_changed_since_approved"))
    if preview and get_clock().now() - datetime.fromisoformat(preview["at"]) > ctx.policy.approval_ttl:
        reasons.append(t("graph.preview_older_than_approval"))
    for key, before in (preview.get("snapshot") or {}).items():
        after = now.get(key) or {}
        for field, value in before.items():
            if field != "name" and after.get(field) != value:
                what = t(FIELD_WORDS[field]) if field in FIELD_WORDS else field
                name = before.get("name", key)
                reasons.append(t("graph.changed_since_preview", name=name, what=what, a=value, b=after.get(field)))
    return reasons


OUTSIDE_THE_PLAN = frozenset({"auth", "access", "database", "connection", "timeout", "unavailable", "replay_miss"})
FIELD_WORDS = {"amount_total": "graph.field_words_amount_total", "state": "graph.field_words_state",
               "free_qty": "graph.field_words_free_qty"}  # fmt: skip


def execute_node(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
    """Re-check the approval against Odoo, then run the approved steps in order."""
    with use_language(state["parse"].lang):
        return _execute(state, context_of(runtime))


def _execute(state: State, ctx: Context) -> dict[str, Any]:
    act_in_thread_company(ctx, state.get("memory"))
    known.seed(ctx.client, state.get("known"))  # an approval in a new process: the plan's records need no re-read
    for step in state["plan"]:
        if step.status == "done":
            known.made(ctx.client, (step.result or {}).get("created") or [])
    steps = state["plan"]
    # The approval is checked once, before the first approved write; after that the changes are ours
    # (a confirmed order is our own doing), also when a killed run or a failed chain is resumed.
    approved = any(s.status == "approved" for s in steps) and not _started(ctx, state, steps)
    current = _snapshot(ctx, steps) if approved else {}
    if approved and (why := _stale(ctx, state, current)):
        reset = [s.model_copy(update={"status": "needs_approval", "reasons": why}) if s.status == "approved" else s
                 for s in steps]  # fmt: skip
        message = t("graph.needs_new_approval", why="; ".join(why))
        return {"plan": reset, "approval": None, "message": message, "preview": preview_of(ctx, reset, current)}
    approval = state.get("approval")
    runnable = ("pending", "approved", "unknown")
    shown_at = (state.get("preview") or {}).get("at")  # when the person saw the plan they approve
    ran = _run_ready(ctx, _turn(state), steps, runnable, approval, one_write=True,
                     shown_at=shown_at)  # fmt: skip
    if any(s.resend and not r.resend for s, r in zip(steps, ran, strict=False)):  # a write was just sent again
        ran = ran + [decide_step(ctx, s) for s in removal_steps(ctx, ran)]
    return {"plan": ran}


def _started(ctx: Context, state: State, steps: list[PlanStep]) -> bool:
    """Whether an approved step already ran, or was sent (its audit row exists) before the process died."""
    if any(s.approved and s.status in ("done", "failed", "unknown", "skipped") for s in steps):
        return True
    return any(ctx.audit.last_for_key(step_key(thread_id(), _turn(state), s)) is not None
               for s in steps if s.status == "approved")  # fmt: skip


def records_of(steps: list[PlanStep]) -> list[RecordOut]:
    """What the done steps found, created and changed."""
    out: list[RecordOut] = []
    for step in steps:
        result = step.result or {}
        for key, action in (("created", "created"), ("changed", "updated"), ("found", "found")):
            out += [RecordOut(model=r["model"], id=r["id"], name=r["display_name"], action=action)
                    for r in result.get(key, [])]  # fmt: skip
    return out


MAX_RECORDS = 50  # what goes back to a person or a model stays bounded


def _links(ctx: Context, records: list[RecordOut]) -> str:
    """Web-client links (``/odoo/<model>/<id>``) to what was created or changed."""
    touched = {(r.model, r.id): r.name for r in records if r.action != "found"}
    return " ".join(f"{name}: {ctx.client.config.url}/odoo/{model}/{rid}" for (model, rid), name in touched.items())


# What "it" can mean in a later message: the last record of each of these models the thread touched.
REMEMBERED = (
    "sale.order",
    "account.move",
    "crm.lead",
    "purchase.order",
    "project.project",
    "project.task",
    "mrp.production",
    "res.partner",
)
RECENT_KEPT = 5  # records the thread remembers by name, for the LLM parser's context


def respond_node(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
    """Say what was found, created and changed; remember the thread's last order and invoice."""
    steps = state.get("plan") or []
    lines = [str((s.result or {}).get("message", "")) for s in steps if s.status == "done"]
    failed = [s for s in steps if s.status == "failed"]
    lang = state["parse"].lang
    lines += [say("graph.not_done", lang, step=s.description, why="; ".join(s.reasons) or "rejected") for s in steps
              if s.status == "rejected"]  # fmt: skip
    if failed:
        lines.append(say("graph.failed", lang, step=failed[0].description, error=failed[0].error))
    unknown = [s for s in steps if s.status == "unknown"]
    lines += [s.error or "" for s in unknown]
    earlier = [PlanStep.model_validate(d) for d in (state.get("memory") or {}).get("unknown") or []]
    lines += [say("graph.still_unknown", lang, step=s.description, id=s.id) for s in earlier]
    lines += [i.question if isinstance(i, Clarify) else i.reason for i in state["parse"].intents
              if isinstance(i, Clarify | Unsupported)]  # fmt: skip
    records = records_of(steps)
    lines += [*(state.get("warnings") or []), _links(context_of(runtime), records)]
    memory = dict(state.get("memory") or {})
    for record in records:  # "confirm it", "post it" refer to the last order / invoice / lead touched
        if record.model in REMEMBERED:
            memory[record.model] = record.id
    touched = [{"model": r.model, "name": r.name} for r in records]
    memory["recent"] = [*(r for r in memory.get("recent", []) if r not in touched), *touched][-RECENT_KEPT:]
    for step in steps:  # "more" continues the last list shown
        if step.status == "done" and step.tool in PAGEABLE:
            limit = int(step.args.get("limit", PAGEABLE[step.tool]))
            memory["last_list"] = {"tool": step.tool, "args": step.args, "limit": limit}
            if len((step.result or {}).get("found", [])) >= limit:
                lines.append(say("graph.more_pages", lang))
    if len(records) > MAX_RECORDS:
        lines.append(say("graph.more_records", lang, n=len(records) - MAX_RECORDS))
    # What the person must fix outside the plan (the key, the server) is said as such, not as a failed step.
    kind = failed[0].error_kind if failed and failed[0].error_kind in OUTSIDE_THE_PLAN else "step_failed"
    error = {"type": kind, "message": failed[0].error or ""} if failed else state.get("error")
    if error and not failed:
        lines.insert(0, error["message"])
    if state.get("dropped"):  # a new message voided the approval the thread waited for: say it first
        lines.insert(0, say("graph.dropped", lang, steps=state["dropped"]))
    status = "error" if error else "unknown" if unknown else "done"
    return {"status": status, "message": " ".join(x for x in lines if x).strip(),
            "records": records[:MAX_RECORDS], "memory": memory, "error": error, "question": None}  # fmt: skip
