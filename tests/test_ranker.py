"""The intent ranker (graphs/parsing/ranker.py): reproducible from its training command, never trained on the
newest held-out set, and voting with the rules as documented (a doubt, or a low-confidence guess)."""

from __future__ import annotations

import re

from graphs.parsing.engine import UNSURE, OfflineParser
from graphs.parsing.intents import ListOrders, MyTasks
from graphs.parsing.ranker import WEIGHTS, guess
from graphs.parsing.ranker_train import ROOT, TRAINED_ON, corpus, dumped, train
from graphs.parsing.ranker_votes import ranker_doubts

PARSER = OfflineParser()


def test_the_shipped_weights_are_what_the_training_command_makes() -> None:
    fresh = dumped(train(corpus()))
    assert fresh == WEIGHTS.read_text(encoding="utf-8"), "retrain: python -m graphs.parsing.ranker_train"


def test_the_newest_held_out_set_is_never_trained_on() -> None:
    numbers = sorted(int(m.group(1)) for p in (ROOT / "evals" / "heldout").glob("set*.yaml")
                     if (m := re.fullmatch(r"set(\d+)\.yaml", p.name)))  # fmt: skip
    assert f"evals/heldout/set{numbers[-1]}.yaml" not in TRAINED_ON
    assert all((ROOT / name).exists() for name in TRAINED_ON)


def test_a_message_the_rules_cannot_read_gets_the_rankers_guess_never_acted_on_alone() -> None:
    result = PARSER.parse("wat r the tasks i still got open??")
    assert [i.intent for i in result.intents] == ["my_tasks"]
    assert result.confidence == UNSURE and any("ranker alone" in n for n in result.notes)
    french = PARSER.parse("c'est quoi au programme dans le calendrier cette semaine ?")
    assert french.intents[0].intent == "list_events" and french.intents[0].period == "this_week"  # type: ignore[union-attr]


def test_a_reading_the_ranker_clearly_reads_otherwise_is_doubted() -> None:
    said = guess("wat r the tasks i still got open??")
    assert said.intent == "my_tasks" and said.margin >= 10
    assert ranker_doubts([ListOrders()], "wat r the tasks i still got open??") == [
        f"the wording reads more like my_tasks (ranker margin {said.margin:g})"
    ]
    assert ranker_doubts([MyTasks()], "wat r the tasks i still got open??") == []  # agreeing: no doubt


def test_a_reading_refused_for_its_slots_is_not_rescued() -> None:
    result = PARSER.parse("register a payment of 0 on INV-1")
    assert result.intents[0].intent != "register_payment" and any("reading refused" in n for n in result.notes)
