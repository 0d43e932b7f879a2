"""The command line's own errors: on the graph layer's one base (``graphs.errors.AgentError``)."""

from __future__ import annotations

from graphs.errors import AgentError

__all__ = ["ConfigError"]


class ConfigError(AgentError):
    """The configuration is missing or malformed; the message names the setting to fix."""

    kind = "bad_config"  # the JSON contract's error type, snake_case like every other one
