"""The held-out scorer: chains compared as intents, alternatives, slots, confident-wrong (able to fail)."""

from __future__ import annotations

from pathlib import Path

from agent.api import ParseOut
from evals.heldout import HeldoutCase, load_heldout, score_heldout


def _case(expect: list[dict[str, object]]) -> HeldoutCase:
    return HeldoutCase.model_validate({"id": "t-1", "lang": "en", "text": "…", "tags": ["sales"], "expect": expect})


def _out(intents: list[dict[str, object]], confidence: float = 1.0) -> ParseOut:
    return ParseOut(lang="en", confidence=confidence, intents=intents, notes=[])


QUOTE = {"intent": "create_quotation", "customer": "Bluebird Cafe", "lines": [{"product": "cups", "qty": 12}],
         "then": ["confirm"]}  # fmt: skip


def test_a_folded_chain_equals_the_intents_it_stands_for() -> None:
    case = _case([{"intent": ["create_quotation"], "slots": {"customer": "bluebird cafe"}},
                  {"intent": ["confirm_order"]}])  # fmt: skip
    assert score_heldout(case, _out([QUOTE])).ok
    wrong = score_heldout(case, _out([{**QUOTE, "then": []}]))
    assert not wrong.intent_ok and wrong.confident_wrong and "expected" in wrong.diffs[0]


def test_slots_are_a_subset_and_any_listed_intent_is_right() -> None:
    case = _case([{"intent": ["order_status", "list_orders"], "slots": {"order": "S00042"}}])
    assert score_heldout(case, _out([{"intent": "list_orders", "order": "s00042"}])).ok
    missed = score_heldout(case, _out([{"intent": "order_status", "order": "S00043"}], confidence=0.55))
    assert missed.intent_ok and not missed.slots_ok and not missed.confident_wrong  # below the threshold: asks the LLM


def test_a_reading_that_gives_up_is_never_confident_wrong() -> None:
    case = _case([{"intent": ["create_contact"], "slots": {"name": "Ana"}}])
    gave_up = score_heldout(case, _out([{"intent": "unsupported", "reason": "?"}], confidence=0.9))
    assert not gave_up.ok and not gave_up.confident_wrong


def test_files_fix_now_and_accept_one_or_several_intent_names(tmp_path: Path) -> None:
    file = tmp_path / "set.yaml"
    file.write_text('# now: 2026-03-11T10:00:00\n- {id: en-1, lang: en, tags: [crm], text: "x", '
                    "expect: [{intent: list_leads}, {intent: [a, b], slots: {q: 1}}]}\n")  # fmt: skip
    (case,) = load_heldout([file])
    assert case.now == "2026-03-11T10:00:00" and [e.intent for e in case.expect] == [["list_leads"], ["a", "b"]]
