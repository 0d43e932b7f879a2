""" "confirm it" names no kind of document: the thread's last touched record decides which one is meant.

The parsers read "confirm it" as a sales-order confirmation (the seed connector's most common
case); right after a purchase order or a manufacturing order, the same words mean that one.
"""

from __future__ import annotations

from typing import Any

from graphs.parsing.intents import (
    ConfirmOrder,
    ConfirmProduction,
    ConfirmPurchase,
    Intent,
    MoveLeadStage,
    MoveTaskStage,
)

__all__ = ["retarget"]

_CONFIRMABLE = ("sale.order", "purchase.order", "mrp.production")


def _last_confirmable(recent: list[dict[str, Any]]) -> str | None:
    return next((r["model"] for r in reversed(recent) if r.get("model") in _CONFIRMABLE), None)


def retarget(intents: list[Intent], recent: list[dict[str, Any]]) -> list[Intent]:
    """An unnamed "confirm it" applies to the last purchase or manufacturing order the thread touched, and an
    unnamed "move it to <stage>" to the last task when that came after the last lead."""
    last = _last_confirmable(recent)
    out: list[Intent] = []
    for intent in intents:
        if isinstance(intent, ConfirmOrder) and intent.order is None and not intent.then:
            if last == "purchase.order":
                intent = ConfirmPurchase()
            elif last == "mrp.production":
                intent = ConfirmProduction()
        if isinstance(intent, MoveLeadStage) and intent.lead is None and _last_of(recent, _STAGED) == "project.task":
            intent = MoveTaskStage(stage=intent.stage)  # "move it to Done" right after a task
        out.append(intent)
    return out


_STAGED = ("crm.lead", "project.task")


def _last_of(recent: list[dict[str, Any]], models: tuple[str, ...]) -> str | None:
    return next((r["model"] for r in reversed(recent) if r.get("model") in models), None)
