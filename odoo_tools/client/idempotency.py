"""Where a create's idempotency key lives, per model, so a create whose answer was lost is never duplicated.

Each JSON-2/XML-RPC call is its own transaction, so an external id (``ir.model.data``,
``odoo_agent.<key>``) can only be added *after* the create: it cannot tell us whether a
lost create committed. The key is therefore also written *inside* the create, in a
per-model field that is not printed on customer documents (never ``client_order_ref`` or
``ref``). When the answer is lost (timeout, reset, 5xx) the key is looked up, again and again
for a while, since a request held on its way may land after we gave up waiting: found → that
record is the result; still not found → ``OdooWriteOutcomeUnknownError``. It is never re-sent
here: only the person may decide that (``resume --resend``), having been told the risk.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Protocol

from tenacity import Retrying, retry_if_result, stop_after_attempt, wait_exponential

from odoo_tools.client import cassette
from odoo_tools.client.connection import ConnectionConfig
from odoo_tools.client.errors import OdooError, OdooWriteOutcomeUnknownError
from odoo_tools.i18n import t

__all__ = [
    "FIELD_SLOTS", "LOOKS", "XMLID_MODULE", "KeyedClient", "create_once", "create_once_read", "derive_key",
    "look_only", "lookup", "marker", "never_sent", "wait_for",
]  # fmt: skip

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

    def web_save(self, model: str, vals: dict[str, Any], specification: dict[str, Any]) -> dict[str, Any]: ...

    def web_read(self, model: str, ids: list[int], specification: dict[str, Any]) -> list[dict[str, Any]]: ...

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
    """The id of the record created with ``key``, if Odoo has one: one search, in the key's slot or external ids."""
    field = FIELD_SLOTS.get(model)
    if field is not None:
        ids = client.search(model, [[field, "ilike", marker(key)]], limit=2)
        return ids[0] if ids else None
    rows = client.search_read(
        "ir.model.data",
        [["module", "=", XMLID_MODULE], ["name", "=", key], ["model", "=", model]],
        ["res_id"],
        limit=1,
    )
    return int(rows[0]["res_id"]) if rows else None


def _remember(client: KeyedClient, model: str, res_id: int, key: str) -> None:
    """Add the external id where the user may, for a model whose records cannot carry the key; a failure
    here loses nothing."""
    if model in FIELD_SLOTS or not client.can_create_external_ids():
        return
    try:
        client.create_many(
            "ir.model.data",
            [{"module": XMLID_MODULE, "name": key, "model": model, "res_id": res_id, "noupdate": True}],
        )
    except OdooError as exc:
        log.warning("could not add external id %s.%s: %s", XMLID_MODULE, key, exc)


# How often a lost create's key is looked up before its outcome is declared unknown: at once, then
# after 1, 2, 4 and 8 s (15 s in all). A fixed count, not a deadline, so a replay makes exactly the
# recorded lookups; the waits vanish in replays.
LOOKS = 5


def wait_for(client: KeyedClient, model: str, key: str, looks: int = LOOKS) -> int | None:
    """Look ``key`` up until it is found or ``looks`` lookups found nothing (then ``None``)."""
    if model not in FIELD_SLOTS:
        # Nothing inside the record to find, and the external id is only added after an answer came:
        # one look (an earlier attempt may have added it), no waiting.
        return lookup(client, model, key)
    replaying = (active := cassette.active()) is not None and active.replaying
    retrying = Retrying(
        stop=stop_after_attempt(looks),
        wait=wait_exponential(multiplier=0 if replaying else 1, min=0 if replaying else 1, max=8),
        retry=retry_if_result(lambda found: found is None),
        retry_error_callback=lambda state: None,
    )
    return retrying(lookup, client, model, key)


_LOOK_ONLY: ContextVar[bool] = ContextVar("look_only", default=False)
_NEVER_SENT: ContextVar[bool] = ContextVar("never_sent", default=False)


@contextmanager
def never_sent() -> Iterator[None]:
    """Inside, keyed creates skip the lookup before sending: the caller knows its keys were never sent.

    The executor knows it from its audit log (a step sent before has a row there, and is settled
    instead), so the happy path costs the create alone; lookups remain for a lost answer.
    """
    token = _NEVER_SENT.set(True)
    try:
        yield
    finally:
        _NEVER_SENT.reset(token)


@contextmanager
def look_only() -> Iterator[None]:
    """Inside, a keyed create whose key is not found raises ``OdooWriteOutcomeUnknownError`` instead of creating.

    Re-running a tool this way replays its lookups and reads exactly, and returns its result when every
    record it would create already exists (a write sent before, whose answer was lost).
    """
    token = _LOOK_ONLY.set(True)
    try:
        yield
    finally:
        _LOOK_ONLY.reset(token)


def create_once(client: KeyedClient, model: str, vals: dict[str, Any], key: str) -> int:
    """Create unless a record with ``key`` exists; when the answer is lost, look for it, never re-send."""
    return int(_create_once(client, model, vals, key, None)["id"])


def create_once_read(client: KeyedClient, model: str, vals: dict[str, Any], key: str,
                     specification: dict[str, Any]) -> dict[str, Any]:  # fmt: skip
    """``create_once`` answering with the record read by ``specification`` (``web_read``'s shapes): on the
    happy path the create and the read are one call (``web_save``)."""
    return _create_once(client, model, vals, key, specification)


def _create_once(client: KeyedClient, model: str, vals: dict[str, Any], key: str,
                 specification: dict[str, Any] | None) -> dict[str, Any]:  # fmt: skip
    def found(res_id: int) -> dict[str, Any]:
        return client.web_read(model, [res_id], specification)[0] if specification is not None else {"id": res_id}

    existing = None if _NEVER_SENT.get() else lookup(client, model, key)
    if existing is not None:
        return found(existing)
    if _LOOK_ONLY.get():
        raise OdooWriteOutcomeUnknownError(t("client.no_record_with_key", model=model, key=key), model=model,
                                           method="create", key=key)  # fmt: skip
    try:
        if specification is not None:
            row = client.web_save(model, _stamped(model, vals, key), specification)
            _remember(client, model, int(row["id"]), key)
            return row
        res_id = client.create_many(model, [_stamped(model, vals, key)])[0]
    except OdooWriteOutcomeUnknownError as exc:
        landed = wait_for(client, model, key)
        if landed is None:
            log.warning("create %s sent with key %s: no answer and no record found yet", model, key)
            raise OdooWriteOutcomeUnknownError(
                t("client.create_no_answer", model=model), data=exc.data, model=model, method="create", key=key,
            ) from exc  # fmt: skip
        _remember(client, model, landed, key)
        return found(landed)
    _remember(client, model, res_id, key)
    return {"id": res_id}
