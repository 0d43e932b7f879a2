"""Which parser a session uses: offline rules, an LLM, or ``auto`` (rules first) — from settings or a flag.

A replay needs no LLM configured: the cassette says which endpoint, model and output mode made
the recording (and the body of each request names the model, so they must match anyway).
"""

from __future__ import annotations

from typing import cast

from agent.config import ConfigError, ParserChoice, Settings
from graphs.parsing.engine import OfflineParser, Parser
from graphs.parsing.llm_client import LLMClient, LLMConfig, StructuredOutput
from odoo_tools.client import cassette

__all__ = ["make_parser"]


def _llm_config(settings: Settings) -> LLMConfig:
    active = cassette.active()
    if active is not None and active.replaying:
        meta = active.meta
        if not meta.llm_model:
            raise ConfigError.said("agent.cassette_has_no_llm", path=active.path)
        # A cassette records the mode as text; LLMConfig validates it.
        output = cast(StructuredOutput, meta.llm_output or settings.agent_llm_output)
        return LLMConfig(base_url=meta.llm_base_url or "http://replay.invalid/v1", model=meta.llm_model,
                         output=output, max_tokens=meta.llm_max_tokens or settings.agent_llm_max_tokens)  # fmt: skip
    config = settings.llm()
    if active is not None:
        cassette.annotate(llm_base_url=config.base_url, llm_model=config.model, llm_output=config.output,
                          llm_max_tokens=config.max_tokens)  # fmt: skip
    return config


def _choice(settings: Settings, choice: ParserChoice | None) -> ParserChoice:
    """A flag wins; a replay then uses the parser it was recorded with (offline for Odoo-only cassettes)."""
    active = cassette.active()
    if choice is None and active is not None and active.replaying:
        return cast(ParserChoice, active.meta.agent_parser or settings.agent_parser or "offline")  # recorded as text
    return choice or settings.parser_choice()


def make_parser(settings: Settings, choice: ParserChoice | None = None) -> Parser:
    """The parser for ``--parser`` (``choice``), else ``ODOO_AGENT_PARSER``, else auto/offline."""
    chosen = _choice(settings, choice)
    active = cassette.active()
    if active is not None and not active.replaying:
        cassette.annotate(agent_parser=chosen)
    if chosen == "offline":
        return OfflineParser()
    # The LLM parser's modules (its prompts and schemas; the openai SDK with its client) load only when it is chosen.
    from graphs.parsing.auto import AutoParser
    from graphs.parsing.llm_parser import LLMParser

    llm = LLMParser(LLMClient(_llm_config(settings)))
    if chosen == "llm":
        return llm
    return AutoParser(OfflineParser(), llm, threshold=settings.agent_auto_threshold)
