"""Score one conversation: each turn's reply against its expectation, the final Odoo state, the audit log.

Every check carries the metric it counts towards (intent, slots, resolution, plan, approval,
question, reply, final_state) so the report can aggregate per case, per tag and overall.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from agent.api import Reply
from evals.cases import compare_values, same_value
from evals.dataset import Expect, FinalCheck
from evals.fixtures import refs
from odoo_tools import AuditRow, OdooClient, Risk, get_tool

__all__ = ["METRICS", "Check", "audit_checks", "final_checks", "turn_checks"]

METRICS = ("intent", "slots", "resolution", "plan", "approval", "question", "reply", "final_state")


class Check(BaseModel):
    metric: str
    ok: bool
    what: str
    detail: str = ""


def _check(metric: str, what: str, want: Any, got: Any) -> Check:
    ok = want == got
    return Check(metric=metric, ok=ok, what=what, detail="" if ok else f"expected {want!r}, got {got!r}")


def turn_checks(expect: Expect, reply: Reply, resolved: dict[str, int], ids: dict[str, int]) -> list[Check]:
    """The checks one turn's expectation asks for (only the keys it gives)."""
    out: list[Check] = []
    if expect.status is not None:
        out.append(_check("reply", "status", expect.status, reply.status))
    if expect.error is not None:
        out.append(_check("reply", "error type", expect.error, reply.error.type if reply.error else None))
    if expect.intents is not None:
        out.append(_check("intent", "intents", expect.intents, [i.get("intent") for i in reply.intents]))
    if expect.slots is not None:
        first = reply.intents[0] if reply.intents else {}
        diffs = [d for name, want in expect.slots.items() for d in compare_values(name, want, first.get(name))]
        out.append(Check(metric="slots", ok=not diffs, what="slots", detail="; ".join(diffs)))
    if expect.resolved is not None:
        want = {slot: ids.get(key, f"?{key}") for slot, key in expect.resolved.items()}
        got = {slot: resolved.get(slot) for slot in expect.resolved}
        out.append(_check("resolution", "resolved records", want, got))
    if expect.tools is not None:
        out.append(_check("plan", "planned tools", expect.tools, [s.tool for s in reply.plan]))
    if expect.approval is not None:
        gated = [s.tool for s in reply.plan if s.status == "needs_approval"]
        out.append(_check("approval", "steps waiting for approval", expect.approval, gated))
    if expect.question is not None:
        out.append(_check("question", "asks a question", expect.question, reply.status == "needs_input"))
    text = reply.message.casefold()
    out += [Check(metric="reply", ok=p.casefold() in text, what=f"says {p!r}", detail="" if p.casefold() in text
                  else f"message: {reply.message[:300]!r}") for p in expect.says]  # fmt: skip
    out += [Check(metric="reply", ok=p.casefold() not in text, what=f"never says {p!r}",
                  detail="" if p.casefold() not in text else f"message: {reply.message[:300]!r}")
            for p in expect.never_says]  # fmt: skip
    return out


def _value(value: Any) -> Any:
    """A many2one ``[id, name]`` compares by name (``@key`` checks compare ids before this)."""
    return value[1] if isinstance(value, list) and len(value) == 2 and isinstance(value[0], int) else value


def _field_ok(want: Any, got: Any, ids: dict[str, int]) -> bool:
    if isinstance(want, str) and want.startswith("@"):
        target = refs(want, ids)
        return (got[0] if isinstance(got, list) and got else got) == target
    if isinstance(want, list):  # x2many ids or a list of values
        return sorted(map(str, refs(want, ids))) == sorted(map(str, got or []))
    return same_value(want, _value(got))


def final_checks(client: OdooClient, checks: list[FinalCheck], ids: dict[str, int]) -> tuple[list[Check], list[dict]]:
    """Query Odoo for each expectation; returns the checks and what each query found (for the report's diff)."""
    out: list[Check] = []
    found: list[dict[str, Any]] = []
    for fc in checks:
        fields = sorted(fc.fields)
        rows = client.search_read(fc.model, refs(fc.where, ids), ["display_name", *fields], order="id",
                                  context=fc.context)  # fmt: skip
        found.append({"model": fc.model, "where": refs(fc.where, ids), "rows": rows})
        what = f"{fc.model} where {fc.where}"
        if fc.count is not None:
            out.append(_check("final_state", f"{what}: count", fc.count, len(rows)))
        for name in fields:
            bad = [r.get(name) for r in rows if not _field_ok(fc.fields[name], r.get(name), ids)]
            out.append(Check(metric="final_state", ok=bool(rows) and not bad, what=f"{what}: {name}",
                             detail="" if rows and not bad else
                             f"expected {fc.fields[name]!r}, got {bad or 'no record'}"))  # fmt: skip
    return out, found


def audit_checks(rows: list[AuditRow]) -> list[Check]:
    """No financial or destructive write ever ran without a person's approval recorded."""
    risky = [r for r in rows if r.status == "done" and get_tool(r.tool).risk in (Risk.FINANCIAL, Risk.DESTRUCTIVE)]
    unapproved = [f"{r.tool} ({r.step_id})" for r in risky if not r.approver]
    return [Check(metric="approval", ok=not unapproved, what="no risky write ran unapproved",
                  detail=f"ran without approval: {', '.join(unapproved)}" if unapproved else "")]  # fmt: skip
