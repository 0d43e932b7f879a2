"""The cassette switch of one process: activate it from flags or settings, and say which server to talk to.

Every door (CLI, REPL, MCP, LangGraph Server, the eval runner) goes through here, so a recording
always notes where it was made and with which context, and a replay sends exactly what was recorded.
"""

from __future__ import annotations

from pathlib import Path

from agent.config import Settings
from odoo_tools.client import cassette
from odoo_tools.client.cassette import CassetteMeta
from odoo_tools.client.connection import ConnectionConfig, TransportChoice
from odoo_tools.i18n import t

__all__ = ["note_recording", "open_session", "replay_connection", "with_recorded_llm"]


def note_recording(cfg: ConnectionConfig, recorded_with: str) -> None:
    """Store the server and the context every request carries (company, language, timezone)."""
    cassette.annotate(odoo_url=cfg.url, odoo_db=cfg.db, odoo_username=cfg.username,
                      odoo_transport_choice=cfg.transport, recorded_with=recorded_with,
                      odoo_context={"company": cfg.company, "lang": cfg.lang, "tz": cfg.tz})  # fmt: skip


def replay_connection(meta: CassetteMeta, *, company: str | None, lang: str | None, tz: str | None,
                      transport: TransportChoice | None = None, default_transport: TransportChoice = "auto",
                      ) -> ConnectionConfig:  # fmt: skip
    """Where the recording was made (no server is contacted; secrets were scrubbed).

    The context goes into every request, which must match the recording: the recorded one wins; the
    given values serve cassettes older than that note. A ``transport`` asked for wins over the recorded one.
    """
    ctx = meta.odoo_context if meta.odoo_context is not None else {"company": company, "lang": lang, "tz": tz}
    return ConnectionConfig(url=meta.odoo_url or "http://replay.invalid", db=meta.odoo_db or "replay",
                            username=meta.odoo_username or "replay", api_key=cassette.SCRUBBED,
                            transport=transport or meta.odoo_transport_choice or default_transport,
                            company=ctx.get("company"),
                            lang=ctx.get("lang"), tz=ctx.get("tz"))  # fmt: skip


def open_session(
    settings: Settings, replay: Path | None, record: Path | None, transport: TransportChoice | None = None
) -> tuple[ConnectionConfig, str | None]:
    """Activate the cassette switch; return the connection config and a line saying what is replayed."""
    path, mode = replay or record or settings.agent_cassette, settings.agent_record_mode
    if replay:
        mode = "none"
    elif record:
        mode = "new_episodes" if mode == "none" else mode
    if path is None:
        return settings.connection(), None
    active = cassette.activate(path, mode, timezone=settings.tz or "UTC")
    if not active.replaying:
        cfg = settings.connection()
        note_recording(cfg, "odoo-agent")
        return cfg, t("agent.recording_into", path=path, mode=mode)
    meta = active.meta
    cfg = replay_connection(meta, company=settings.company, lang=settings.lang, tz=settings.tz, transport=transport,
                            default_transport=settings.transport)  # fmt: skip
    if meta.odoo_server_version is None:  # the recording holds no Odoo exchange (an LLM's only, or nothing)
        return cfg, t("agent.replaying_without_odoo", path=path, at=meta.recorded_at.isoformat(),
                      llm=meta.llm_model or "–")  # fmt: skip
    line = t("agent.replaying", path=path, at=meta.recorded_at.isoformat(), version=meta.odoo_server_version,
             transport=meta.odoo_transport or "?", url=meta.odoo_url, db=meta.odoo_db)  # fmt: skip
    return cfg, line


def with_recorded_llm(settings: Settings) -> Settings:
    """In a replay of a recording that holds an LLM's answers, the LLM it was made with (when none is set): the
    replay then needs no OPENAI_BASE_URL or model to answer as the recording did."""
    active = cassette.active()
    if active is None or not active.replaying or not active.meta.llm_model or settings.agent_model:
        return settings
    meta = active.meta
    update: dict[str, object] = {"agent_model": meta.llm_model, "openai_base_url": meta.llm_base_url}
    if meta.llm_output:
        update["agent_llm_output"] = meta.llm_output
    if meta.llm_max_tokens:
        update["agent_llm_max_tokens"] = meta.llm_max_tokens
    return settings.model_copy(update=update)
