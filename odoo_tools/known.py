"""What this process already read about records, so one request never reads the same record twice.

Resolution reads a record (its name, and facts a later check wants, such as a product's free stock);
the planner, the tools and the preview then meet the same record again by id. A record found under
a domain (``sale_ok`` products, the profile's filters) is remembered under that domain: asked again
by id under the same domain it is known without a call. A thread carries the records it resolved
(``export``/``seed``) so a later turn in a new process knows them too. Facts are kept only for the
process that read them: a check made when an approval comes in must read Odoo afresh.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from pydantic import BaseModel, Field

from odoo_tools.results import RecordRef

if TYPE_CHECKING:
    from odoo_tools.client import OdooClient

__all__ = [
    "MADE", "KnownRecord", "domain_key", "export", "facts", "forget", "forget_facts", "made", "pool", "read",
    "read_later", "read_next", "recall", "recall_phrase", "remember", "remember_facts", "remember_pool", "seed",
]  # fmt: skip


class KnownRecord(BaseModel):
    """A record found under a domain (the domain as canonical JSON), as a thread carries it between turns."""

    model: str
    id: int
    display_name: str
    domain: str = "[]"
    phrases: list[str] = Field(default_factory=list, description="What the person called it (casefolded)")


class _Memory:
    def __init__(self) -> None:
        self.records: dict[tuple[str, int, str], KnownRecord] = {}
        self.facts: dict[tuple[str, int], dict[str, Any]] = {}
        self.pools: dict[tuple[str, str, str], list[dict[str, Any]]] = {}

    def clear(self) -> None:
        self.records.clear()
        self.facts.clear()
        self.pools.clear()

    def on_write(self, model: str, method: str, ids: list[int] | None) -> None:
        """Registered on the client: any write but a creation (confirming, posting, a wizard) makes facts
        stale; making a record (a create, or ``web_save`` with no ids) changes none that was read before."""
        if not (method in ("create", "web_save") and not ids):
            self.facts.clear()


_BY_CLIENT: WeakKeyDictionary[OdooClient, _Memory] = WeakKeyDictionary()


def _memory(client: OdooClient) -> _Memory:
    memory = _BY_CLIENT.get(client)
    if memory is None:
        memory = _BY_CLIENT[client] = _Memory()
        client.write_listeners.append(memory.on_write)
    return memory


def domain_key(domain: list[Any]) -> str:
    """The canonical text of a domain, so two equal domains built apart are one key."""
    return json.dumps(domain, sort_keys=True, default=str)


def remember(client: OdooClient, ref: RecordRef, domain: list[Any], phrase: str | None = None) -> None:
    """``ref`` matches ``domain`` (read just now); ``phrase`` is what the person called it."""
    key = (ref.model, ref.id, domain_key(domain))
    known = _memory(client).records.get(key) or KnownRecord(model=ref.model, id=ref.id,
                                                            display_name=ref.display_name, domain=key[2])  # fmt: skip
    if phrase and (folded := phrase.strip().casefold()) not in known.phrases:
        known = known.model_copy(update={"phrases": [*known.phrases, folded]})
    _memory(client).records[key] = known


MADE = "*"  # the domain key of a record the thread made itself: whatever a later step of its plan narrows to


def made(client: OdooClient, refs: list[dict[str, Any]]) -> None:
    """Records a step of the plan created (``RecordRef`` dumps): the steps after it point at them by id."""
    for ref in refs:
        key = (str(ref["model"]), int(ref["id"]), MADE)
        _memory(client).records[key] = KnownRecord(model=key[0], id=key[1], display_name=str(ref["display_name"]),
                                                   domain=MADE)  # fmt: skip


def recall(client: OdooClient, model: str, record_id: int, domain: list[Any]) -> RecordRef | None:
    """The record, when it was found under this very domain earlier in the request or the thread, or made by it."""
    records = _memory(client).records
    known = records.get((model, record_id, domain_key(domain))) or records.get((model, record_id, MADE))
    return RecordRef(model=model, id=known.id, display_name=known.display_name) if known else None


def recall_phrase(client: OdooClient, model: str, phrase: str, domain: list[Any]) -> RecordRef | None:
    """The one record this phrase already resolved to under this domain, if exactly one did."""
    folded, key = phrase.strip().casefold(), domain_key(domain)
    hits = [k for (m, _, d), k in _memory(client).records.items() if m == model and d == key and folded in k.phrases]
    if len(hits) != 1:
        return None
    return RecordRef(model=model, id=hits[0].id, display_name=hits[0].display_name)


def remember_pool(client: OdooClient, model: str, phrase: str, domain: list[Any], rows: list[dict[str, Any]]) -> None:
    """The records a cheap lookup read for a phrase it could not settle (with ``display_name``): the full
    resolver starts from them instead of asking for the same references again."""
    _memory(client).pools[(model, phrase.strip().casefold(), domain_key(domain))] = rows


def pool(client: OdooClient, model: str, phrase: str, domain: list[Any]) -> list[dict[str, Any]] | None:
    """What ``remember_pool`` kept for this phrase, or ``None`` when no cheap lookup was tried."""
    return _memory(client).pools.get((model, phrase.strip().casefold(), domain_key(domain)))


def remember_facts(client: OdooClient, model: str, row: dict[str, Any]) -> None:
    """Field values of a record read in this process (``row`` has its ``id``)."""
    kept = _memory(client).facts.setdefault((model, int(row["id"])), {})
    kept.update({k: v for k, v in row.items() if k != "id"})


def forget_facts(client: OdooClient) -> None:
    """Drop what was read (names and domains still hold): the next check must ask Odoo."""
    _memory(client).facts.clear()


def facts(client: OdooClient, model: str, ids: list[int], fields: list[str]) -> list[dict[str, Any]] | None:
    """Rows of ``fields`` for every id, when this process read them all; ``None`` when any is missing."""
    memory = _memory(client).facts
    rows = []
    for record_id in ids:
        kept = memory.get((model, record_id))
        if kept is None or any(f not in kept for f in fields):
            return None
        rows.append({"id": record_id, **{f: kept[f] for f in fields}})
    return rows


def read(client: OdooClient, model: str, ids: list[int], fields: list[str]) -> list[dict[str, Any]]:
    """Rows of ``fields`` for ``ids``: as this request read them with no write since, else read from Odoo now."""
    kept = facts(client, model, ids, fields)
    return kept if kept is not None else client.read(model, ids, fields)


def export(client: OdooClient) -> list[dict[str, Any]]:
    """The records this process found, for a thread to carry to its next turn."""
    return [k.model_dump() for k in _memory(client).records.values()]


def forget(client: OdooClient) -> None:
    """Start a new request: nothing is known (a long-lived door must not trust what it read an hour ago)."""
    _memory(client).clear()


def seed(client: OdooClient, rows: list[dict[str, Any]] | None) -> None:
    """Know the records an earlier turn of the thread found (names and domains; no facts)."""
    for row in rows or []:
        known = KnownRecord.model_validate(row)
        _memory(client).records.setdefault((known.model, known.id, known.domain), known)


_READ_NEXT: ContextVar[bool] = ContextVar("odoo_agent_read_next", default=False)


@contextmanager
def read_next() -> Iterator[None]:
    """Inside, the step running is followed, in the same run, by one that acts on the record it makes and
    reads that record afterwards (posting the invoice it made): the tool may leave its own read-back out."""
    token = _READ_NEXT.set(True)
    try:
        yield
    finally:
        _READ_NEXT.reset(token)


def read_later() -> bool:
    """Whether the next step reads what this one makes (``read_next``)."""
    return _READ_NEXT.get()
