"""Approvals a designated reviewer answers inside Odoo (a policy ``approvers`` rule with a ``reviewer``).

After a turn that waits for approval, the session asks the reviewer: an Odoo activity on the record
concerned (``odoo_tools.reviews``), noted in ``ODOO_AGENT_HOME/reviews.json`` with the token it is for.
``odoo-agent approvals list`` shows what waits, for whom, since when; ``approvals sync`` reads the decisions
from Odoo and resumes those threads: done is a yes given by the user Odoo recorded (checked against the
rules like any approver), done with "reject…" feedback a no with that reason, an activity cancelled voids
the approval.
"""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from pydantic import BaseModel, TypeAdapter

from agent.contract import Reply
from graphs.context import Context
from graphs.decisions import Approve, Reject
from graphs.nodes import PURCHASE_TOOLS
from odoo_tools.client import OdooClient
from odoo_tools.client.clock import get_clock
from odoo_tools.client.errors import OdooError
from odoo_tools.i18n import t
from odoo_tools.reviews import ReviewRequest, outcome, request_review, reviewers


class _Session(Protocol):
    """What a review needs of ``agent.session.AgentSession`` (which calls in here: no import back)."""

    context: Context
    client: OdooClient

    def resume_reviewed(self, thread_id: str, decision: Any, reviewed_by: int | None) -> Reply: ...


__all__ = ["PendingReview", "ask_reviewer", "pending_reviews", "sync_reviews"]

FILE = "reviews.json"
# A step argument naming the record an approval is about: the activity goes on it.
_RECORD_ARGS = {"order": "sale.order", "invoice": "account.move", "customer": "res.partner", "partner": "res.partner",
                "vendor": "res.partner", "lead": "crm.lead", "task": "project.task"}  # fmt: skip


class PendingReview(BaseModel):
    """One approval waiting in Odoo for a reviewer."""

    thread_id: str
    token: str
    steps: str
    reviewer: str
    since: datetime
    activities: list[int]


def _path(home: Path) -> Path:
    return home / FILE


def pending_reviews(home: Path) -> list[PendingReview]:
    """What waits for a reviewer, oldest first (an unreadable file is none: the next turn writes it again)."""
    try:
        raw = json.loads(_path(home).read_text(encoding="utf-8"))
        return TypeAdapter(list[PendingReview]).validate_python(raw)
    except (OSError, ValueError):
        return []


def _save(home: Path, reviews: list[PendingReview]) -> None:
    path = _path(home)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps([r.model_dump(mode="json") for r in reviews], indent=1), encoding="utf-8")
    os.replace(tmp, path)


def _about(reply: Reply) -> tuple[str | None, int | None]:
    """The record the gated steps act on, when one exists already (named by id, or made by an earlier step)."""
    for step in reply.plan:
        if step.status != "needs_approval":
            continue
        for arg, model in _RECORD_ARGS.items():
            if arg not in step.args:
                continue
            model = PURCHASE_TOOLS.get(step.tool, model) if arg == "order" else model  # an RFQ's order
            value = step.args[arg]
            if isinstance(value, int) and not isinstance(value, bool):
                return model, value
            made = next((r.id for r in reply.records if r.model == model), None)  # "confirm it": the one made
            if made is not None:
                return model, made
    return None, None


def ask_reviewer(session: _Session, home: Path, reply: Reply) -> PendingReview | None:
    """When a rule with a reviewer covers the steps ``reply`` waits for: their Odoo activity (made once per
    token; one for an earlier plan of the thread is withdrawn). Odoo refusing it leaves the approval as it is."""
    if reply.status != "needs_approval" or reply.approval is None:
        return None
    gated = [s for s in reply.plan if s.status == "needs_approval"]
    rules = [r for r in session.context.policy.approver_rules_of((s.tool, s.risk) for s in gated) if r.reviewer]
    if not rules:
        return None
    client = session.client
    try:
        users = sorted({uid for r in rules if r.reviewer for uid in reviewers(client, r.reviewer)})
        if not users:
            return None
        res_model, res_id = _about(reply)
        steps = "; ".join(s.description for s in gated)
        request = ReviewRequest(thread_id=reply.thread_id, token=reply.approval.token,
                                summary=t("reviews.summary", steps=steps), preview=reply.message,
                                res_model=res_model, res_id=res_id)  # fmt: skip
        ids = request_review(client, request, users)
    except OdooError:
        return None
    who = ", ".join(sorted({(r.reviewer.login or r.reviewer.group or "") for r in rules if r.reviewer}))
    review = PendingReview(thread_id=reply.thread_id, token=reply.approval.token, steps=steps, reviewer=who,
                           since=get_clock().now(), activities=ids)  # fmt: skip
    others = [r for r in pending_reviews(home) if r.thread_id != reply.thread_id]
    _save(home, [*others, review])
    return review


def sync_reviews(session: _Session, home: Path) -> list[tuple[PendingReview, str, Reply | None]]:
    """Read each pending review's decision in Odoo and resume its thread; returns (review, outcome, reply)."""
    done: list[tuple[PendingReview, str, Reply | None]] = []
    kept: list[PendingReview] = []
    for review in pending_reviews(home):
        found = outcome(session.client, review.thread_id, review.token, review.activities)
        decision: Any
        if found.status == "approved":
            decision = Approve(token=review.token)
        elif found.status == "rejected":
            decision = Reject(reason=found.feedback)
        elif found.status == "void":
            decision = Reject(reason=t("reviews.cancelled"))
        else:
            kept.append(review)
            done.append((review, found.status, None))
            continue
        reply = session.resume_reviewed(review.thread_id, decision, found.by_uid)
        done.append((review, found.status, reply))
        if reply.status == "needs_approval":  # refused (not allowed) or a new plan: a new review was asked
            kept.extend(r for r in pending_reviews(home) if r.thread_id == review.thread_id)
    _save(home, kept)
    return done
