"""One fix to how Typer prints ``--help``: a flag shows no ``<bool>`` placeholder.

Typer 0.29 prints a value type beside every option, flags included, so ``--json <bool>`` reads as if it
took a value, yet ``--json true`` is refused. Every typer app of this project imports this module first.
"""

from __future__ import annotations

from typing import Any

from typer.core import TyperOption

_typed = TyperOption.display_type_rich


def _display_type_rich(self: TyperOption, ctx: Any) -> str | None:
    return None if self.is_flag else _typed(self, ctx)


TyperOption.display_type_rich = _display_type_rich  # type: ignore[method-assign]
