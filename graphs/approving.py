"""The approve node: show the plan with its token, then act on the person's typed decision."""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime
from langgraph.types import interrupt

from graphs.context import Context, act_in_thread_company, context_of
from graphs.decisions import (
    Answer,
    ApprovalRequest,
    Approve,
    DecisionError,
    Edit,
    Reject,
    approval_token,
    parse_decision,
)
from graphs.nodes import decide_step, plan_hash, preview_of, thread_id
from graphs.preview import describe
from graphs.state import Approval, PlanStep, State
from odoo_tools.approvers import ApproverRefused, VerifiedApprover, verify_approver, verify_user
from odoo_tools.client.clock import get_clock
from odoo_tools.i18n import say, use_language
from odoo_tools.tools import get_tool

__all__ = ["approval_request", "approve_node", "dropped_approval"]


def dropped_approval(steps: list[PlanStep], snapshot: dict[str, Any]) -> str:
    """What a new message voids: the steps that awaited approval, with the records they touch ("" if none)."""
    gated = [s.description for s in steps if s.status == "needs_approval"]
    names = [v["name"] for k, v in snapshot.items() if not k.startswith("product.") and v.get("name")]
    return "; ".join(gated) + (f" ({', '.join(names)})" if gated and names else "")


def approval_request(state: State) -> ApprovalRequest:
    """The plan as the person sees it, and the token derived from exactly that (recomputed on resume)."""
    steps, lang = state["plan"], state["parse"].lang
    gated = [s for s in steps if s.status == "needs_approval"]
    with use_language(lang):
        preview = describe(steps) or " ".join(str((s.result or {}).get("message", "")) for s in steps
                                              if s.status == "done")  # fmt: skip
    asks = say("graph.needs_approval", lang, steps="; ".join(s.description for s in gated))
    reasons = list(dict.fromkeys(r for s in gated for r in s.reasons))
    if reasons:
        asks += " " + say("graph.why_approval", lang, reasons=" ".join(reasons))
    text = " ".join(x for x in (preview, " ".join(state.get("warnings") or []), asks) if x)
    dropped = say("graph.dropped_new_plan", lang, steps=state["dropped"]) if state.get("dropped") else ""
    snapshot = state.get("preview") or {}
    token = approval_token(thread_id(), int(state.get("turn", 1)), int(state.get("shown", 0)), steps, text, snapshot)
    return ApprovalRequest(token=token, steps=[s.id for s in gated], plan=[s.model_dump(mode="json") for s in steps],
                           preview=text, note=" ".join(x for x in (dropped, state.get("message")) if x))  # fmt: skip


def approve_node(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
    """Interrupt with the plan and its token; resume with a ``Decision`` (approve, reject or edit).

    Nothing before ``interrupt`` has side effects (the node re-runs from its start on resume). A yes
    whose token is not this request's, a malformed decision, or an answer meant for a question runs
    nothing: the plan is shown again, with a new token, saying why.
    """
    request = approval_request(state)
    lang = state["parse"].lang
    # Every outcome counts a request (a plan shown again gets a new token) and says the dropped approval once.
    seen = {"shown": int(state.get("shown", 0)) + 1, "dropped": ""}
    try:
        decision = parse_decision(interrupt(request.model_dump(mode="json")))
    except DecisionError as exc:
        return {**seen, "message": f"{exc} {say('graph.nothing_run', lang)}"}
    if isinstance(decision, Approve):
        if decision.token != request.token:
            return {**seen, "message": say("graph.token_missing" if not decision.token else "graph.token_other", lang)}
        try:
            verified = _verified(state, context_of(runtime))
        except ApproverRefused as exc:  # the plan is shown again: someone allowed may still approve it
            return {**seen, "message": f"{exc} {say('graph.nothing_run', lang)}"}
        return {**seen, **_approved(state, runtime, decision, request.token, verified)}
    if isinstance(decision, Edit):
        return {**seen, **_edited(state, runtime, decision)}
    if isinstance(decision, Reject):
        reason = decision.reason or say("graph.rejected_by_approver", lang)
        rejected = [s.model_copy(update={"status": "rejected", "reasons": [*s.reasons, reason]})
                    if s.status in ("needs_approval", "pending") else s for s in state["plan"]]  # fmt: skip
        return {**seen, "plan": rejected, "approval": None}
    wrong = "answer" if isinstance(decision, Answer) else decision.kind
    return {**seen, "message": say("graph.waits_for_approval", lang, kind=wrong)}


def _verified(state: State, ctx: Context) -> VerifiedApprover | None:
    """Who Odoo says is approving, when the policy says who may approve these steps (None: no rule covers them)."""
    rules = ctx.policy.approver_rules_of((s.tool, s.risk) for s in state["plan"] if s.status == "needs_approval")
    if not rules:
        return None
    if ctx.approver_credential is None and ctx.reviewed_by is not None:  # a review activity marked done in Odoo
        return verify_user(ctx.client, rules, ctx.reviewed_by)
    return verify_approver(ctx.client, rules, ctx.approver_credential)


def _approved(state: State, runtime: Runtime[Context], decision: Approve, token: str,
              verified: VerifiedApprover | None = None) -> dict[str, Any]:  # fmt: skip
    approved = [s.model_copy(update={"status": "approved", "approved": True}) if s.status == "needs_approval" else s
                for s in state["plan"]]  # fmt: skip
    # A verified approver is whom Odoo signed in; otherwise the name the door gave, unverified.
    approver = verified.login if verified else decision.approver or context_of(runtime).approver
    approval = Approval(plan_hash=plan_hash(approved), token=token, approver=approver,
                        approver_uid=verified.uid if verified else None, at=get_clock().now().isoformat())  # fmt: skip
    return {"plan": approved, "approval": approval, "message": ""}


def _edited(state: State, runtime: Runtime[Context], decision: Edit) -> dict[str, Any]:
    steps, edits = state["plan"], decision.edit
    unknown = set(edits) - {s.id for s in steps if s.status in ("pending", "needs_approval")}
    if unknown:
        steps_named = ", ".join(sorted(unknown))
        return {"message": say("graph.only_pending_steps_editable", state["parse"].lang, steps=steps_named)}
    wrong = _unknown_fields(steps, edits, state["parse"].lang)
    if wrong:
        return {"message": wrong}
    ctx = context_of(runtime)
    act_in_thread_company(ctx, state.get("memory"))  # the edit is re-rated and previewed in Odoo
    edited = [decide_step(ctx, s.model_copy(update={"args": {**s.args, **edits[s.id]}}))
              if s.id in edits else s for s in steps]  # fmt: skip
    return {"plan": edited, "approval": None, "message": "", "preview": preview_of(ctx, edited)}


def _unknown_fields(steps: list[PlanStep], edits: dict[str, dict[str, Any]], lang: str = "en") -> str | None:
    """An edit naming a field its tool does not take is refused before anything runs, in one sentence."""
    for step in steps:
        fields = set(get_tool(step.tool).input_model.model_fields) - {"idempotency_key"}
        extra = sorted(set(edits.get(step.id, {})) - fields)
        if extra:
            return say("graph.edit_unknown_fields", lang, id=step.id, tool=step.tool, fields=", ".join(extra),
                       takes=", ".join(sorted(fields)))  # fmt: skip
    return None
