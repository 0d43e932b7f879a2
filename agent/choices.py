"""The closed sets the command line offers, in a module that imports nothing heavy.

typer reads the options' types when it builds the commands, ``--help`` included, so they live apart
from the settings (pydantic-settings) and from the code that acts on them.
"""

from __future__ import annotations

from typing import Literal

__all__ = ["ParserChoice"]

ParserChoice = Literal["offline", "llm", "auto"]
