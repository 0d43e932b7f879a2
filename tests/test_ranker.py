"""The intent ranker (graphs/parsing/ranker.py): reproducible from its training command, never trained on the
newest held-out set, fitting what it was taught, and voting with the rules as documented.

A retraining moves the margin of any one sentence, so the votes are tested with a small fixed model (the
voting code is the real one) and the shipped model by what it must keep doing over whole corpora.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from graphs.parsing import ranker
from graphs.parsing.engine import UNSURE, OfflineParser
from graphs.parsing.intents import ListOrders, MyTasks
from graphs.parsing.ranker import WEIGHTS, Model, guess
from graphs.parsing.ranker_train import ROOT, TRAINED_ON, corpus, dumped, train
from graphs.parsing.ranker_votes import DOUBT_MARGIN, RESCUE_MARGIN, ranker_doubts

PARSER = OfflineParser()


def test_the_shipped_weights_are_what_the_training_command_makes() -> None:
    fresh = dumped(train(corpus()))
    assert fresh == WEIGHTS.read_text(encoding="utf-8"), "retrain: python -m graphs.parsing.ranker_train"


def test_the_newest_held_out_set_is_never_trained_on() -> None:
    numbers = sorted(int(m.group(1)) for p in (ROOT / "evals" / "heldout").glob("set*.yaml")
                     if (m := re.fullmatch(r"set(\d+)\.yaml", p.name)))  # fmt: skip
    assert f"evals/heldout/set{numbers[-1]}.yaml" not in TRAINED_ON
    assert all((ROOT / name).exists() for name in TRAINED_ON)


def test_the_shipped_ranker_names_what_it_was_taught() -> None:
    pairs = corpus()
    right = sum(guess(text).intent == intent for text, intent in pairs)
    assert right / len(pairs) >= 0.95, f"{right}/{len(pairs)}"


@pytest.fixture
def small_model(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A ranker that reads "tasks" as my_tasks and "orders" as list_orders, by a wide margin."""
    model = Model.model_construct(classes=["list_orders", "my_tasks"],
                                  weights={"w:tasks": {"1": 40.0}, "w:orders": {"0": 40.0}})  # fmt: skip
    monkeypatch.setattr(ranker, "_model", lambda: model)
    yield


def test_a_reading_the_ranker_clearly_reads_otherwise_is_doubted(small_model: None) -> None:
    assert guess("wat r the tasks i still got open??").margin >= DOUBT_MARGIN
    assert ranker_doubts([ListOrders()], "wat r the tasks i still got open??") == [
        "the wording reads more like my_tasks (ranker margin 40)"
    ]
    assert ranker_doubts([MyTasks()], "wat r the tasks i still got open??") == []  # agreeing: no doubt


def test_a_message_the_rules_cannot_read_gets_the_rankers_guess_never_acted_on_alone(small_model: None) -> None:
    assert guess("wat r the tasks i still got open??").margin >= RESCUE_MARGIN
    result = PARSER.parse("wat r the tasks i still got open??")
    assert [i.intent for i in result.intents] == ["my_tasks"]
    assert result.confidence == UNSURE and any("ranker alone" in n for n in result.notes)


def test_a_reading_refused_for_its_slots_is_not_rescued(small_model: None) -> None:
    result = PARSER.parse("register a payment of 0 on INV-1 for the orders")
    assert result.intents[0].intent != "register_payment" and any("reading refused" in n for n in result.notes)
    assert not any("ranker alone" in n for n in result.notes)
