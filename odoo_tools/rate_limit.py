"""The policy's rate limit (``rate_limit`` in the policy files), readable before the policy itself.

A turn starts its Odoo handshake before it loads the tool catalog the policy is checked against, and the
handshake is limited too: so this key is read here on its own, from the same files. ``Policy.load`` validates the
whole file afterwards, in the same process and before any write, and says what is wrong with it; this early
reading takes the default for a file it cannot use.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, StrictInt, ValidationError

__all__ = ["RateLimit", "rate_limit_of"]

_DEFAULT_POLICY_FILE = Path(__file__).with_name("default_policy.yaml")
# The packaged file's `rate_limit` block: its top-level key and the indented, blank or comment lines after it.
_BLOCK = re.compile(r"^rate_limit:[^\n]*(?:\n(?:[ \t#][^\n]*)?)*", re.MULTILINE)


class RateLimit(BaseModel):
    """Requests a minute to one Odoo server, shared by every process of one home (or one Postgres)."""

    model_config = ConfigDict(extra="forbid")

    per_minute: StrictInt = Field(default=60, ge=0, le=100_000, description="0 = no limit")


def _section(text: str) -> dict[str, Any] | None:
    # libyaml when present: this reading is on the way to the first request.
    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
    if not isinstance(data, dict):
        raise ValueError(text)
    section = data.get("rate_limit", {})
    if section is not None and not isinstance(section, dict):
        raise ValueError(text)
    return section


def _default_text() -> str:
    # The packaged file is ours and long (~16 ms to parse): only its block is read (tests/test_rate_limit.py
    # checks that it reads as Policy.load reads the whole file). A user's file is read whole.
    text = _DEFAULT_POLICY_FILE.read_text(encoding="utf-8")
    found = _BLOCK.search(text)
    return found.group(0) if found else ""


def rate_limit_of(user_file: Path | None = None) -> RateLimit:
    """The rate limit of the default policy with ``user_file`` merged over it (the defaults for an unusable file)."""
    try:
        merged = _section(_default_text()) or {}
        override = _section(Path(user_file).read_text(encoding="utf-8")) if user_file is not None else {}
        if override is None:  # `rate_limit: null` removes the key, as in Policy.load: the model's defaults
            return RateLimit()
        merged = {k: v for k, v in {**merged, **override}.items() if v is not None}
        return RateLimit.model_validate(merged)
    except (OSError, ValueError, yaml.YAMLError, ValidationError):
        return RateLimit()
