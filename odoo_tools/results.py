"""What every tool returns: records found, created and changed, and a one-line summary."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from odoo_tools.i18n import t

__all__ = ["CAPS", "FREE_TEXT", "RecordRef", "TextCaps", "ToolInput", "ToolResult", "listed"]


class RecordRef(BaseModel):
    """A pointer to one Odoo record, with the name a person recognises."""

    model: str
    id: int
    display_name: str

    def __str__(self) -> str:
        return f"{self.display_name} ({self.model} #{self.id})"

    @classmethod
    def from_m2o(cls, model: str, value: Any) -> RecordRef | None:
        """A many2one value as Odoo reads it (``[id, name]`` or ``False``)."""
        return cls(model=model, id=value[0], display_name=value[1]) if value else None


class ToolResult(BaseModel):
    """Base of every tool's output; tools add their typed data fields."""

    # Built on first use (as ToolInput): a turn runs a few of a hundred-odd tools, in a process of its own.
    model_config = ConfigDict(defer_build=True)

    message: str = Field(description="One line saying what happened, for the person")
    found: list[RecordRef] = Field(default_factory=list, description="Records read or matched")
    created: list[RecordRef] = Field(default_factory=list, description="Records created")
    changed: list[RecordRef] = Field(default_factory=list, description="Records modified")


class TextCaps(BaseModel):
    """Caps on the text a tool accepts, in characters: a paste cannot make a 100 KB customer."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    # A name, reference, code, e-mail, phone, tag…: every string argument that is not free text.
    name: int = Field(default=256, ge=1)
    # Free text (a note, a description, a message body): as long as a whole message may be.
    text: int = Field(default=4000, ge=1)


CAPS = TextCaps()
# The arguments that hold free text; every other string is a name and gets the shorter cap.
FREE_TEXT = frozenset({"body", "description", "note", "notes", "reason", "subject", "text"})


class ToolInput(BaseModel):
    """Base of tool inputs: unknown fields are an error, not silently dropped ("name" is not changeable).

    Every string is capped here, so every door (the graph, MCP, an --edit) gets the same caps.
    """

    # defer_build: a tool's validator is built when the tool first runs, not for every tool when the catalog loads
    model_config = ConfigDict(extra="forbid", str_max_length=CAPS.text, defer_build=True)

    @field_validator("*")
    @classmethod
    def _cap_names(cls, value: Any, info: ValidationInfo) -> Any:
        if info.field_name in FREE_TEXT:
            return value
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str) and len(item) > CAPS.name:
                raise ValueError(t("results.name_too_long", length=f"{len(item):,}", limit=CAPS.name))
        return value


def listed(items: list[str], shown: int = 10) -> str:
    """ "A; B; … (+3)": the records a list found, by name, so an answer is more than a count."""
    return "; ".join(items[:shown]) + (f"; … (+{len(items) - shown})" if len(items) > shown else "")
