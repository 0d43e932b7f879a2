"""Settings: the only code that reads the environment, ``.env`` and the seed's ``config.json``.

Precedence, highest first: command-line options > environment variables > ``.env`` in the
current directory > the seed connector's ``config.json`` (``--config``, ``ODOO_AGENT_CONFIG``,
or ``./config.json``) > defaults.
"""

from __future__ import annotations

import json
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import AliasChoices, Field, SecretStr, ValidationError, field_validator
from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from agent.choices import ParserChoice
from agent.errors import ConfigError
from graphs.parsing.llm_client import LLMConfig, StructuredOutput
from odoo_tools.client.cassette import RecordMode
from odoo_tools.client.connection import ConnectionConfig, TransportChoice
from odoo_tools.client.urls import has_userinfo
from odoo_tools.i18n import t

if TYPE_CHECKING:
    from odoo_tools.approvers import ApproverCredential

__all__ = ["ConfigError", "ParserChoice", "Settings", "load_settings"]

_seed_file: ContextVar[Path | None] = ContextVar("_seed_file", default=None)
# The seed connector's config.json keys -> our field names.
_SEED_KEYS = {"url": "url", "db": "db", "username": "username", "api_key": "api_key",
              "password": "password", "timeout": "timeout", "max_retries": "max_retries",
              "poll_interval": "agent_poll_interval", "webhook_port": "agent_webhook_port",
              "webhook_secret": "agent_webhook_secret"}  # fmt: skip


class _SeedJsonSource(PydanticBaseSettingsSource):
    """The seed connector's ``config.json``, the lowest-priority source."""

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        return None, field_name, False  # unused: __call__ returns everything at once

    def __call__(self) -> dict[str, Any]:
        path = _seed_file.get()
        if path is None:
            return {}
        try:
            data = json.loads(path.read_text(encoding="utf-8") or "{}")
        except (OSError, ValueError) as exc:
            raise ConfigError.said("config.not_readable_json", path=path, error=exc) from exc
        if not isinstance(data, dict):
            raise ConfigError.said("config.expected_json_object", path=path)
        return {ours: data[key] for key, ours in _SEED_KEYS.items() if data.get(key) not in (None, "")}


class _Bootstrap(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ODOO_AGENT_", env_file=".env", extra="ignore")
    config: Path | None = None


class Settings(BaseSettings):
    """Everything the agent reads from its environment (env var names in the comment above each field)."""

    model_config = SettingsConfigDict(env_prefix="ODOO_", env_file=".env", extra="ignore", hide_input_in_errors=True)

    # ODOO_URL: base URL of the server.
    url: str | None = None
    # ODOO_DB: database name.
    db: str | None = None
    # ODOO_USERNAME: login of the API user.
    username: str | None = None
    # ODOO_API_KEY: API key (a password is accepted, for XML-RPC/JSON-RPC).
    api_key: SecretStr | None = None
    # ODOO_PASSWORD: used when no API key is set.
    password: SecretStr | None = None
    # ODOO_TRANSPORT: auto | json2 | jsonrpc | xmlrpc.
    transport: TransportChoice = "auto"
    # ODOO_APPROVER_LOGIN / ODOO_APPROVER_API_KEY: the approving person's own Odoo login and key, when the
    # policy says who may approve (approvers rules): Odoo signs them in and says their groups.
    approver_login: str | None = None
    approver_api_key: SecretStr | None = None
    # ODOO_TIMEOUT: seconds per request.
    timeout: float = Field(default=30.0, gt=0, le=600)
    # ODOO_MAX_RETRIES: retries of reads and of requests that never left.
    max_retries: int = Field(default=2, ge=0, le=10)
    # ODOO_COMPANY: company name or id to act in (default: the user's current company).
    company: str | None = None
    # ODOO_LANG: e.g. fr_FR (default: the user's language).
    lang: str | None = None
    # ODOO_TZ: e.g. Europe/Paris (default: the user's timezone).
    tz: str | None = None
    # ODOO_AGENT_CASSETTE: replay (or record) every HTTP request through this cassette.
    agent_cassette: Path | None = None
    # ODOO_AGENT_RECORD_MODE: none (replay) | new_episodes | all.
    agent_record_mode: RecordMode = "none"
    # ODOO_AGENT_HOME: where conversation threads (SQLite checkpoints) and the audit log live.
    agent_home: Path = Path.home() / ".local" / "share" / "odoo-agent"
    # ODOO_AGENT_METADATA_TTL: seconds a process reuses what an earlier one learned of the server (0: off).
    agent_metadata_ttl: float = Field(default=3600.0, ge=0, le=7 * 86400)
    # ODOO_AGENT_PROOF_TTL: seconds after a process proved the API key during which the next skip that call
    # (0: every process proves it). See odoo_tools.client.metacache.DEFAULT_PROOF_TTL.
    agent_proof_ttl: float = Field(default=300.0, ge=0, le=3600)
    # ODOO_AGENT_USER: who approves (recorded in the audit log); default: the login name.
    agent_user: str | None = None
    # ODOO_AGENT_CHECKPOINT_URL: postgresql://… to share threads between agents (default: SQLite in home).
    agent_checkpoint_url: str | None = None
    # ODOO_AGENT_POLICY: a YAML file overriding odoo_tools/default_policy.yaml.
    agent_policy: Path | None = None
    # OPENAI_BASE_URL: an OpenAI-compatible endpoint, e.g. http://127.0.0.1:8080/v1 (unset: OpenAI's own).
    openai_base_url: str | None = Field(
        default=None, validation_alias=AliasChoices("openai_base_url", "OPENAI_BASE_URL")
    )
    # OPENAI_API_KEY: the LLM endpoint's key (a local server needs none).
    openai_api_key: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("openai_api_key", "OPENAI_API_KEY")
    )
    # ODOO_AGENT_MODEL: the LLM's model name; setting it (or OPENAI_BASE_URL) turns the LLM parser on.
    agent_model: str | None = None
    # ODOO_AGENT_PARSER: offline | llm | auto (default: auto when an LLM is configured, else offline).
    agent_parser: ParserChoice | None = None
    # ODOO_AGENT_LLM_OUTPUT: json_schema (OpenAI) | json_object | tool (llama.cpp's server: either of the last two).
    agent_llm_output: StructuredOutput = "json_schema"
    # ODOO_AGENT_LLM_MAX_TOKENS: cap on each LLM answer.
    agent_llm_max_tokens: int = Field(default=300, ge=8, le=8192)
    # ODOO_AGENT_LLM_TIMEOUT: seconds per LLM request.
    agent_llm_timeout: float = Field(default=60.0, gt=0, le=600)
    # ODOO_AGENT_AUTO_THRESHOLD: under this offline confidence, ``auto`` asks the LLM too.
    agent_auto_threshold: float = Field(default=0.6, ge=0, le=1)
    # ODOO_AGENT_AUTOMATIONS: the automations file (default: automations.yaml in ODOO_AGENT_HOME).
    agent_automations: Path | None = None
    # ODOO_AGENT_POLL_INTERVAL: seconds between two polls of an event rule that sets no `every` (the seed's
    # poll_interval).
    agent_poll_interval: float = Field(default=300.0, ge=5, le=86400)
    # ODOO_AGENT_WEBHOOK_SECRET: the webhook receiver's signing secret (the seed's webhook_secret); without
    # one (here or in the automations file) `odoo-agent webhook` refuses to start.
    agent_webhook_secret: SecretStr | None = None
    # ODOO_AGENT_WEBHOOK_PORT: the webhook receiver's port (the seed's webhook_port); it binds 127.0.0.1.
    agent_webhook_port: int = Field(default=8765, ge=1, le=65535)

    def automations_file(self) -> Path:
        """Where the automation rules are read from."""
        return self.agent_automations or self.agent_home / "automations.yaml"

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return init_settings, env_settings, dotenv_settings, _SeedJsonSource(settings_cls)

    @field_validator("url")
    @classmethod
    def _no_credentials(cls, value: str | None) -> str | None:
        if value is not None and has_userinfo(value):  # refused at start; the sentence never echoes the key
            raise ValueError(t("client.url_userinfo_refused"))
        return value

    def __repr__(self) -> str:
        return f"Settings(url={self.url!r}, db={self.db!r}, username={self.username!r}, api_key='**********')"

    def llm_configured(self) -> bool:
        return bool(self.openai_base_url or self.agent_model)

    def llm(self) -> LLMConfig:
        """The LLM endpoint these settings describe; raises ``ConfigError`` naming what is missing."""
        if not self.agent_model:
            raise ConfigError.said("config.model_not_set")
        if not (self.openai_base_url or self.openai_api_key):
            raise ConfigError.said("config.llm_endpoint_needed")
        return LLMConfig(base_url=self.openai_base_url, api_key=self.openai_api_key, model=self.agent_model,
                         output=self.agent_llm_output, max_tokens=self.agent_llm_max_tokens,
                         timeout=self.agent_llm_timeout)  # fmt: skip

    def parser_choice(self) -> ParserChoice:
        return self.agent_parser or ("auto" if self.llm_configured() else "offline")

    def approver_credential(self) -> ApproverCredential | None:
        """The approving person's own Odoo credential, when both halves are set."""
        from odoo_tools.approvers import ApproverCredential  # the tool registry loads only for a session

        if self.approver_login and self.approver_api_key:
            return ApproverCredential(login=self.approver_login, api_key=self.approver_api_key)
        return None

    def connection(self) -> ConnectionConfig:
        """The Odoo connection these settings describe; raises ``ConfigError`` naming what is wrong."""
        missing = [f"ODOO_{n.upper()}" for n in ("url", "db", "username") if not getattr(self, n)]
        secret = self.api_key or self.password
        if secret is None:
            missing.append("ODOO_API_KEY")
        if missing:
            raise ConfigError.said("config.settings_not_set", missing=", ".join(missing))
        try:
            return ConnectionConfig(
                url=self.url, db=self.db, username=self.username, api_key=secret,
                transport=self.transport, timeout=self.timeout, max_retries=self.max_retries,
                company=self.company, lang=self.lang, tz=self.tz,
            )  # fmt: skip
        except ValidationError as exc:
            raise ConfigError(_first_error(exc)) from None


def _first_error(exc: ValidationError) -> str:
    err = exc.errors()[0]
    name = "ODOO_" + "_".join(str(p) for p in err["loc"]).upper() if err["loc"] else "config"
    return f"{name}: {err['msg'].removeprefix('Value error, ')}"


def load_settings(config_file: Path | None = None, **overrides: Any) -> Settings:
    """Read settings from every source; ``overrides`` are command-line values (highest)."""
    path = config_file or _Bootstrap().config
    if path is None and Path("config.json").is_file():
        path = Path("config.json")
    if path is not None and not Path(path).is_file():
        raise ConfigError.said("config.config_file_missing", path=path)
    token = _seed_file.set(Path(path) if path else None)
    try:
        return Settings(**{k: v for k, v in overrides.items() if v is not None})
    except ValidationError as exc:
        raise ConfigError(_first_error(exc)) from None
    finally:
        _seed_file.reset(token)
