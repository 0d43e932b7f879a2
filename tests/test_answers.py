"""Reading a person's answer to a pick-list question. No Odoo involved."""

from __future__ import annotations

import pytest

from graphs.answers import pick
from graphs.state import Option

OPTIONS = [Option(id="23", label="Large Desk (Wood)"), Option(id="24", label="Large Desk (Glass)"),
           Option(id="25", label="Large Desk (Metal)")]  # fmt: skip


@pytest.mark.parametrize(
    ("answer", "expected"),
    [("2", "24"), ("#25", "25"), ("24", "24"), ("the second one", "24"), ("la deuxième", "24"), ("last", "25"),
     ("the glass one", "24"), ("Large Desk (Metal)", "25"), ("metal", "25"), ("le premier", "23")],
)  # fmt: skip
def test_answers_that_designate_one_option(answer: str, expected: str) -> None:
    chosen = pick(answer, OPTIONS)
    assert chosen is not None and chosen.id == expected


@pytest.mark.parametrize("answer", ["large desk", "7", "the fourth", "something else", ""])
def test_unclear_answers_pick_nothing(answer: str) -> None:
    assert pick(answer, OPTIONS) is None
