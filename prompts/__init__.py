"""Prompt texts and few-shot examples for the LLM parser, kept out of code so they can be read and tuned.

A changed prompt changes the request bodies, so the LLM cassettes must be re-recorded after an
edit (``tests/README.md`` says how).
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Any

import yaml

__all__ = ["examples", "template"]


@cache
def template(name: str) -> str:
    """The text of ``prompts/<name>.md``."""
    return files(__package__).joinpath(f"{name}.md").read_text(encoding="utf-8").strip()


@cache
def _all_examples() -> tuple[dict[str, Any], ...]:
    return tuple(yaml.safe_load(files(__package__).joinpath("examples.yaml").read_text(encoding="utf-8")))


def examples(domains: tuple[str, ...]) -> list[dict[str, Any]]:
    """The few-shot examples of these domains, in file order."""
    return [e for e in _all_examples() if e["domain"] in domains]
