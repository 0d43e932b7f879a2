"""Bounds on what the agent sends back: an MCP reply stays under the clients' 1 MB message limit."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["LIMITS", "ReplyLimits", "cut_long_text"]


class ReplyLimits(BaseModel):
    """The caps on what MCP sends back (one typed place, not literals)."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    # One text value in an MCP reply (a description, a chatter body): longer ones are cut with a note.
    reply_field: int = Field(default=2000, ge=100)
    # A whole MCP reply (its text and JSON, twice): under the clients' 1 MB message limit.
    reply_bytes: int = Field(default=600_000, ge=10_000, le=900_000)


LIMITS = ReplyLimits()


def cut_long_text(value: Any, limit: int) -> Any:
    """``value`` (decoded JSON) with every string over ``limit`` characters cut, saying how much was cut;
    the shape is kept, so the data still matches its schema."""
    if isinstance(value, str) and len(value) > limit:
        return f"{value[:limit]}… [cut: {len(value) - limit:,} more characters]"
    if isinstance(value, list):
        return [cut_long_text(v, limit) for v in value]
    if isinstance(value, dict):
        return {k: cut_long_text(v, limit) for k, v in value.items()}
    return value
