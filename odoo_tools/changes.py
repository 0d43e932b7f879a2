"""Records of a model created or changed since a cursor, in Odoo's own time: what the poller asks.

Odoo stamps ``write_date`` with the start of the writing transaction, so a long transaction can commit
rows older than rows already seen: each poll looks back an ``overlap`` before the cursor, and the
caller drops the (model, id, write_date) it already handled. Times are Odoo's ("YYYY-MM-DD HH:MM:SS",
UTC), never this machine's clock.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel

if TYPE_CHECKING:
    from odoo_tools.client import OdooClient

__all__ = ["ODOO_TIME", "Change", "changes_since", "newest_change"]

ODOO_TIME = "%Y-%m-%d %H:%M:%S"
_FIELDS = ["display_name", "create_date", "write_date", "write_uid"]


class Change(BaseModel):
    """A record as the poll saw it: created or written, when (Odoo's time), and by which user."""

    model: str
    id: int
    display_name: str
    write_date: str
    kind: Literal["create", "write"]
    write_uid: int | None

    @classmethod
    def of(cls, model: str, row: dict[str, Any]) -> Change:
        uid = row["write_uid"][0] if isinstance(row["write_uid"], list | tuple) else row["write_uid"] or None
        kind: Literal["create", "write"] = "create" if row["create_date"] == row["write_date"] else "write"
        return cls(model=model, id=row["id"], display_name=row["display_name"] or "", write_date=row["write_date"],
                   kind=kind, write_uid=uid)  # fmt: skip


def changes_since(client: OdooClient, model: str, cursor: str, *, overlap: timedelta, domain: list[Any],
                  limit: int = 200) -> list[Change]:  # fmt: skip
    """Records of ``model`` matching ``domain`` written at or after ``cursor`` minus ``overlap``, oldest first."""
    start = (datetime.strptime(cursor, ODOO_TIME) - overlap).strftime(ODOO_TIME)
    rows = client.search_read(model, [["write_date", ">=", start], *domain], _FIELDS, limit=limit,
                              order="write_date asc, id asc")  # fmt: skip
    return [Change.of(model, r) for r in rows]


def newest_change(client: OdooClient, model: str) -> str | None:
    """The newest ``write_date`` of ``model`` (Odoo's time): where a new rule's cursor starts (nothing earlier
    is an event for it); None when the model has no record yet."""
    rows = client.search_read(model, [], ["write_date"], limit=1, order="write_date desc, id desc")
    return str(rows[0]["write_date"]) if rows else None
