"""``odoo-agent parse``: a message → the intents the parser reads, as JSON, with no Odoo and no network.

The door external scorers use: the intents are the graph's own models dumped to JSON, so what
they score is exactly what the graph would act on. ``--now`` fixes "now" for relative dates.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

from pydantic import BaseModel

from agent.config import ConfigError
from graphs.inputs import check_text
from graphs.parsing.engine import Parser
from odoo_tools.client.clock import Clock, get_clock, set_clock

__all__ = ["ParseOut", "frozen_now", "parse_messages"]


class ParseOut(BaseModel):
    """One message's reading: its language, the parser's confidence, the intents and what lowered it."""

    lang: str
    confidence: float
    intents: list[dict[str, Any]]
    notes: list[str]


def frozen_now(iso: str, tz: str | None) -> Clock:
    """A clock stopped at ``iso`` ("2026-03-11T10:00", with or without an offset) in ``tz`` (default UTC)."""
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        raise ConfigError.said("agent.now_not_iso", value=iso) from None
    zone = tz or "UTC"
    if moment.tzinfo is None:
        clock = Clock(zone)
        moment = moment.replace(tzinfo=clock.tz)
    return Clock(zone, frozen_at=moment)


def parse_messages(parser: Parser, texts: Iterable[str], clock: Clock | None = None) -> Iterator[ParseOut]:
    """Read each message with ``parser`` (the agent clock set to ``clock`` meanwhile, when given)."""
    previous = set_clock(clock) if clock is not None else get_clock()
    try:
        for text in texts:
            result = parser.parse(check_text(text))
            yield ParseOut(lang=result.lang, confidence=result.confidence, notes=result.notes,
                           intents=[i.model_dump(mode="json") for i in result.intents])  # fmt: skip
    finally:
        set_clock(previous)
