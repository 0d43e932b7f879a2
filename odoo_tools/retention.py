"""Audit retention: remove the audit and call rows older than the policy's ``audit_retention``."""

from __future__ import annotations

import logging
import sqlite3
from datetime import date, timedelta

from pydantic import BaseModel, Field

from odoo_tools.audit import AuditStore
from odoo_tools.client.clock import get_clock

__all__ = ["PRUNE_CHORE", "PruneReport", "prune_expired", "prune_if_due"]

log = logging.getLogger(__name__)

PRUNE_CHORE = "retention_prune"


class PruneReport(BaseModel):
    """What a retention prune removed."""

    before: date = Field(description="Rows from before this day were removed")
    audit_rows: int = Field(ge=0, description="Audit rows (writes) removed; the chain keeps its anchor")
    calls: int = Field(ge=0, description="Odoo call rows removed")


def prune_expired(store: AuditStore, retention: timedelta) -> PruneReport:
    """Prune both tables back to ``retention`` before now (agent clock), and note the day it ran."""
    now = get_clock().now()
    before = (now - retention).date()
    # The audit prune cuts only a prefix and keeps an anchor, so ``verify`` holds; calls are not chained.
    report = PruneReport(before=before, audit_rows=store.prune(before.isoformat()),
                         calls=store.prune_calls(before.isoformat()))  # fmt: skip
    store.chore_done(PRUNE_CHORE, now.date().isoformat())
    return report


def prune_if_due(store: AuditStore, retention: timedelta) -> PruneReport | None:
    """``prune_expired`` unless it already ran today in this store: a start-up pays one lookup otherwise.

    A store another process holds locked is left for the next start (a start is never refused for it).
    """
    try:
        if store.chore_day(PRUNE_CHORE) == get_clock().today().isoformat():
            return None
        return prune_expired(store, retention)
    except sqlite3.OperationalError as exc:
        log.warning("audit retention skipped this start: %s", exc)
        return None
