"""The automations file (``automations.yaml``): which Odoo events or schedules start which flow.

Validated like the policy: an unknown key, a duplicate rule name, a malformed time or duration is an
error naming the file and the key. A flow is data the graph runs like a person's message — typed intents
or a fixed command, never text built from a record's fields — so an automation can do nothing a person
typing could not, under the same policy and approvals.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from odoo_tools.errors import AutomationsError
from odoo_tools.guardrails import WEEKDAYS, ClockTime, Weekday, ZoneName, positive_duration
from odoo_tools.i18n import t
from odoo_tools.policy import read_yaml_file, validated

__all__ = [
    "AskFlow", "AutomationsFile", "EventTrigger", "Flow", "NoteFlow", "Rule", "Schedule", "WebhookSettings",
    "load_automations",
]  # fmt: skip

_MODEL = r"^[a-z0-9_]+(\.[a-z0-9_]+)+$"
_NAME = r"^[a-z0-9][a-z0-9-]{0,62}$"  # in a URL path (/hooks/<rule>) and in thread ids


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class NoteFlow(_Strict):
    """Post an internal note (never e-mailed) on the record that changed."""

    flow: Literal["note"]
    text: str = Field(min_length=1, max_length=2000)


class AskFlow(_Strict):
    """Run a fixed command, as if typed; for an event, the record that changed is the thread's last record
    ("confirm it", "tag it as VIP"). The text is the file's own: no field of a record is ever put in it."""

    flow: Literal["ask"]
    text: str = Field(min_length=1, max_length=2000)


Flow = Annotated[NoteFlow | AskFlow, Field(discriminator="flow")]


Event = Literal["create", "write"]
EVENTS: tuple[Event, ...] = ("create", "write")


class EventTrigger(_Strict):
    """Records of ``model`` created or changed (and matching ``domain`` as Odoo reads them now)."""

    model: str = Field(pattern=_MODEL)
    events: list[Event] = Field(default_factory=lambda: list(EVENTS), min_length=1)
    domain: list[Any] = Field(default_factory=list, description="An Odoo domain the record must match")
    fields: list[str] = Field(default_factory=list, description="The fields whose change Odoo's webhook reports")
    every: timedelta | None = Field(default=None, description="Poll interval (default ODOO_AGENT_POLL_INTERVAL)")

    @field_validator("every", mode="before")
    @classmethod
    def _interval(cls, value: Any) -> timedelta | None:
        return None if value is None else positive_duration(value)


class Schedule(_Strict):
    """At ``at`` on each of ``days``, in ``timezone`` (``odoo``: the agent's Odoo user's)."""

    at: ClockTime
    days: list[Weekday] = Field(default_factory=lambda: list(WEEKDAYS), min_length=1)
    timezone: ZoneName = "odoo"


class Rule(_Strict):
    """One automation: an event or a schedule, and the flow it starts."""

    name: str = Field(pattern=_NAME)
    when: EventTrigger | None = None
    schedule: Schedule | None = None
    do: Flow
    webhook_token_file: Path | None = Field(
        default=None, description="A file holding the token Odoo's own webhook puts in its URL (it cannot sign)"
    )

    @model_validator(mode="after")
    def _one_trigger(self) -> Rule:
        if (self.when is None) == (self.schedule is None):
            raise ValueError(t("automations.one_trigger"))
        if self.schedule is not None and isinstance(self.do, NoteFlow):
            raise ValueError(t("automations.note_needs_record"))
        return self


class WebhookSettings(_Strict):
    """The receiver's: its signing secret (else ODOO_AGENT_WEBHOOK_SECRET), replay window and body limit."""

    secret_file: Path | None = None
    replay_window: timedelta = timedelta(minutes=5)
    max_body: int = Field(default=65536, ge=256, le=10_485_760)

    @field_validator("replay_window", mode="before")
    @classmethod
    def _window(cls, value: Any) -> timedelta:
        return positive_duration(value)


class AutomationsFile(_Strict):
    """The whole file."""

    rules: list[Rule] = Field(default_factory=list)
    webhook: WebhookSettings = Field(default_factory=WebhookSettings)
    approvals_sync: timedelta = Field(default=timedelta(minutes=5), description="How often `watch` syncs reviews")

    @field_validator("approvals_sync", mode="before")
    @classmethod
    def _sync(cls, value: Any) -> timedelta:
        return positive_duration(value)

    @model_validator(mode="after")
    def _unique_names(self) -> AutomationsFile:
        names = [r.name for r in self.rules]
        if dup := next((n for i, n in enumerate(names) if n in names[:i]), None):
            raise ValueError(t("automations.name_twice", name=dup))
        return self

    def rule(self, name: str) -> Rule | None:
        return next((r for r in self.rules if r.name == name), None)


def load_automations(path: Path) -> AutomationsFile:
    """The automations file at ``path`` (none there: no rules); ``AutomationsError`` names what is wrong."""
    if not path.exists():
        return AutomationsFile()
    return validated(AutomationsFile, read_yaml_file(path, AutomationsError), path, AutomationsError)
