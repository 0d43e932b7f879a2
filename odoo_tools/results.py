"""What every tool returns: records found, created and changed, and a one-line summary."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["RecordRef", "ToolInput", "ToolResult", "listed"]


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

    message: str = Field(description="One line saying what happened, for the person")
    found: list[RecordRef] = Field(default_factory=list, description="Records read or matched")
    created: list[RecordRef] = Field(default_factory=list, description="Records created")
    changed: list[RecordRef] = Field(default_factory=list, description="Records modified")


class ToolInput(BaseModel):
    """Base of tool inputs: unknown fields are an error, not silently dropped ("name" is not changeable)."""

    model_config = ConfigDict(extra="forbid")


def listed(items: list[str], shown: int = 10) -> str:
    """ "A; B; … (+3)": the records a list found, by name, so an answer is more than a count."""
    return "; ".join(items[:shown]) + (f"; … (+{len(items) - shown})" if len(items) > shown else "")
