"""A designated reviewer approves inside Odoo: a pending approval becomes a ``mail.activity`` assigned to them.

The activity ("To approve: …", the preview in its note) carries a marker naming the thread and the approval
token, so the agent finds it again. Odoo 19 archives an activity marked done, keeping its ``feedback``, its
``date_done`` and the acting user (``write_uid``); cancelling one deletes it. So, read with
``active_test=False``: done is a yes (by ``write_uid``), done with feedback beginning "reject"/"refus" is a no
with that reason, gone is a void; still active, it waits.
"""

from __future__ import annotations

import html
import re
from typing import Any, Literal

from pydantic import BaseModel, Field

from odoo_tools.approvers import Reviewer
from odoo_tools.client import OdooClient
from odoo_tools.i18n import t

__all__ = ["MARK", "ReviewOutcome", "ReviewRequest", "marker", "outcome", "request_review", "reviewers"]

MARK = "odoo-agent approval"
MAX_REVIEWERS = 10  # a group's members each get the activity; the first to act decides
_REJECT = re.compile(r"^\s*(reject|refus|no\b|non\b)", re.IGNORECASE)
_ALL = {"active_test": False}  # done activities are archived


class ReviewRequest(BaseModel):
    """One approval to review: where it shows in Odoo and what it says."""

    thread_id: str
    token: str
    summary: str = Field(description="The activity's title: what needs approving")
    preview: str = Field(description="The plan as the person would see it")
    res_model: str | None = Field(default=None, description="The record the approval is about, when it exists")
    res_id: int | None = None


class ReviewOutcome(BaseModel):
    status: Literal["none", "waiting", "approved", "rejected", "void"]
    by_uid: int | None = None
    feedback: str = ""


def marker(thread_id: str, token: str) -> str:
    """The line in the activity's note that ties it to one approval request."""
    return f"{MARK} {thread_id} {token}"


def reviewers(client: OdooClient, who: Reviewer) -> list[int]:
    """The user ids ``who`` names (active internal users)."""
    if who.login:
        return client.search("res.users", [["login", "=", who.login]], limit=1)
    module, _, name = (who.group or "").partition(".")
    rows = client.search_read("ir.model.data", [["module", "=", module], ["name", "=", name],
                                                ["model", "=", "res.groups"]], ["res_id"], limit=1)  # fmt: skip
    if not rows:
        return []
    groups = "all_group_ids" if client.has_field("res.users", "all_group_ids") else "groups_id"
    return client.search("res.users", [[groups, "in", [rows[0]["res_id"]]], ["share", "=", False]],
                         limit=MAX_REVIEWERS, order="id")  # fmt: skip


def request_review(client: OdooClient, request: ReviewRequest, users: list[int]) -> list[int]:
    """The activities of this request (made now unless they exist); the thread's activities for an earlier
    token (a plan shown again) are withdrawn. Returns their ids."""
    mine = client.search_read("mail.activity", [["note", "ilike", f"{MARK} {request.thread_id} "]],
                              ["note", "active"], context=_ALL)  # fmt: skip
    current = [a["id"] for a in mine if request.token in (a["note"] or "")]
    stale = [a["id"] for a in mine if a["id"] not in current and a["active"]]  # what was done stays on record
    if stale:
        client.unlink("mail.activity", stale)
    if current:
        return current
    res_model, res_id = request.res_model, request.res_id
    if res_model is None or res_id is None:  # nothing to hang it on: the reviewer's own contact card
        partner = client.read("res.users", users[:1], ["partner_id"])[0]["partner_id"][0]
        res_model, res_id = "res.partner", partner
    model_id = client.search("ir.model", [["model", "=", res_model]], limit=1)[0]
    note = (f"<p>{html.escape(request.preview)}</p><p>{html.escape(t('reviews.how_to_answer'))}</p>"
            f"<p>{html.escape(marker(request.thread_id, request.token))}</p>")  # fmt: skip
    vals = [{"res_model_id": model_id, "res_id": res_id, "user_id": uid, "summary": request.summary[:200],
             "note": note} for uid in users]  # fmt: skip
    return client.create_many("mail.activity", vals)


def outcome(client: OdooClient, thread_id: str, token: str, known: list[int]) -> ReviewOutcome:
    """What the reviewers did with the activities of ``token`` (``known``: the ids made for it, to tell a
    cancelled one from one never requested)."""
    rows: list[dict[str, Any]] = client.search_read(
        "mail.activity", [["note", "ilike", marker(thread_id, token)]], ["active", "feedback", "write_uid"],
        order="date_done desc, id", context=_ALL,
    )  # fmt: skip
    done = [r for r in rows if not r["active"]]
    if done:
        first = done[0]
        feedback = html.unescape(re.sub(r"<[^>]+>", " ", first["feedback"] or "")).strip()
        status: Literal["approved", "rejected"] = "rejected" if _REJECT.match(feedback) else "approved"
        return ReviewOutcome(status=status, by_uid=first["write_uid"][0], feedback=feedback)
    if rows:
        return ReviewOutcome(status="waiting")
    return ReviewOutcome(status="void" if known else "none")
