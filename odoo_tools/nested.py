"""Nested reads (``web_read``): a record and the records it points to in one call, in ``read``'s shapes.

``read`` gives a many2one as ``[id, name]`` and an x2many as ids; ``web_read`` nests what a
specification asks for. ``spec`` builds the specification from plain field lists and ``as_read``
turns an answer back into ``read``'s shapes, so callers written for ``read`` keep working.
"""

from __future__ import annotations

from typing import Any

__all__ = ["as_read", "spec"]

_NAMED: dict[str, Any] = {"fields": {"display_name": {}}}


def spec(fields: list[str], named: set[str] | frozenset[str] = frozenset(), nested: dict[str, Any] | None = None
         ) -> dict[str, Any]:  # fmt: skip
    """``fields`` read plainly, ``named`` (relations) with their display names, ``nested`` as given."""
    out: dict[str, Any] = {f: (_NAMED if f in named else {}) for f in fields}
    out.update({f: {"fields": s} for f, s in (nested or {}).items()})
    return out


def as_read(row: dict[str, Any]) -> dict[str, Any]:
    """A ``web_read`` row in ``read``'s shapes: ``{"id", "display_name"}`` → ``[id, name]``, nested rows kept."""
    out: dict[str, Any] = {}
    for key, value in row.items():
        if isinstance(value, dict) and "id" in value:
            out[key] = [value["id"], value.get("display_name", "")]
        else:
            out[key] = value
    return out
