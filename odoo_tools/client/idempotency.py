"""Where a create's idempotency key lives, per model, so a timed-out create is never duplicated.

Each JSON-2/XML-RPC call is its own transaction, so an external id (``ir.model.data``,
``odoo_agent.<key>``) can only be added *after* the create: it cannot tell us whether a
timed-out create committed. The key is therefore also written *inside* the create, in a
per-model field that is not printed on customer documents (never ``client_order_ref`` or
``ref``). After a timeout we look the key up in both places before deciding to re-send:
found → that record is the result; not found and the key is inside the record → re-send;
no field for the model → ``OdooWriteOutcomeUnknownError`` (we cannot know, so we do not guess).
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any, Protocol

from odoo_tools.client.connection import ConnectionConfig
from odoo_tools.client.errors import OdooError, OdooWriteOutcomeUnknownError

__all__ = ["FIELD_SLOTS", "XMLID_MODULE", "KeyedClient", "create_once", "derive_key", "lookup", "marker"]

log = logging.getLogger(__name__)


class KeyedClient(Protocol):
    """What a keyed create needs of the client (``OdooClient`` calls in with itself; no import back)."""

    config: ConnectionConfig

    def search_read(self, model: str, domain: list[Any] | None = None, fields: list[str] | None = None, *,
                    offset: int = 0, limit: int | None = None, order: str | None = None,
                    context: dict[str, Any] | None = None) -> list[dict[str, Any]]: ...  # fmt: skip

    def search(self, model: str, domain: list[Any] | None = None, *, offset: int = 0, limit: int | None = None,
               order: str | None = None) -> list[int]: ...  # fmt: skip

    def create_many(self, model: str, vals_list: list[dict[str, Any]]) -> list[int]: ...

    def can_create_external_ids(self) -> bool: ...


XMLID_MODULE = "odoo_agent"
# model -> field holding "odoo-agent:<key>". Checked against the 19.0 report templates:
# sale.order/purchase.order.origin are not printed (the invoice copies the order *name* into
# invoice_origin); partner "comment" and product "description" are internal notes.
# account.move has no such field (invoice_origin, ref, narration are printed): xmlid only.
FIELD_SLOTS: dict[str, str] = {
    "sale.order": "origin",
    "purchase.order": "origin",
    "res.partner": "comment",
    "product.template": "description",
    "product.product": "description",
    "crm.lead": "description",
}
# Not project.project/project.task: their description shows in the customer portal of a shared project.


def derive_key(scope: str, step: int | str) -> str:
    """A stable key from a conversation/test id and a step number — never random."""
    digest = hashlib.sha256(f"{scope}:{step}".encode()).hexdigest()
    return f"k{digest[:20]}"


def marker(key: str) -> str:
    """The text stored in the model's key field."""
    return f"odoo-agent:{key}"


def _stamped(model: str, vals: dict[str, Any], key: str) -> dict[str, Any]:
    field = FIELD_SLOTS.get(model)
    if field is None:
        return vals
    existing = vals.get(field)
    return {**vals, field: f"{existing}\n{marker(key)}" if existing else marker(key)}


def lookup(client: KeyedClient, model: str, key: str) -> int | None:
    """The id of the record created with ``key``, if Odoo has one."""
    rows = client.search_read(
        "ir.model.data",
        [["module", "=", XMLID_MODULE], ["name", "=", key], ["model", "=", model]],
        ["res_id"],
        limit=1,
    )
    if rows:
        return int(rows[0]["res_id"])
    field = FIELD_SLOTS.get(model)
    if field is None:
        return None
    ids = client.search(model, [[field, "ilike", marker(key)]], limit=2)
    return ids[0] if ids else None


def _remember(client: KeyedClient, model: str, res_id: int, key: str) -> None:
    """Add the external id where the user may; a failure here loses nothing."""
    if not client.can_create_external_ids():
        return
    try:
        client.create_many(
            "ir.model.data",
            [{"module": XMLID_MODULE, "name": key, "model": model, "res_id": res_id, "noupdate": True}],
        )
    except OdooError as exc:
        log.warning("could not add external id %s.%s: %s", XMLID_MODULE, key, exc)


def create_once(client: KeyedClient, model: str, vals: dict[str, Any], key: str) -> int:
    """Create unless a record with ``key`` exists; after a timeout, look before re-sending."""
    existing = lookup(client, model, key)
    if existing is not None:
        return existing
    stamped = _stamped(model, vals, key)
    attempts = 1 + client.config.max_retries
    for attempt in range(1, attempts + 1):
        try:
            res_id = client.create_many(model, [stamped])[0]
        except OdooWriteOutcomeUnknownError:
            found = lookup(client, model, key)
            if found is not None:
                _remember(client, model, found, key)
                return found
            if model not in FIELD_SLOTS or attempt == attempts:
                raise
            log.info("create %s timed out and left no record with key %s: re-sending", model, key)
            continue
        _remember(client, model, res_id, key)
        return res_id
    raise AssertionError("unreachable")
