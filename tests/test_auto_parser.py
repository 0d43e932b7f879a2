"""``auto`` routing (graphs/auto_parser.py) and the parser choice (agent/parsers.py); no network.

The LLM side is a scripted ``Parser`` here: these tests are about which result wins and when the
LLM is asked at all; real model traffic is in test_llm_parser.py and evals/parser_report.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.config import ConfigError, load_settings
from agent.parsers import make_parser
from graphs.parsing.auto import AutoParser
from graphs.parsing.engine import OfflineParser, ParseContext
from graphs.parsing.intents import Clarify, ConfirmOrder, OrderStatus, ParseResult, StockLevel, Tokens, Unsupported
from graphs.parsing.llm_client import LLMError
from graphs.parsing.llm_parser import LLMParser


class Scripted:
    """A parser that answers from a script and counts its calls."""

    name = "llm"

    def __init__(self, result: ParseResult | Exception) -> None:
        self.result, self.calls = result, 0

    def parse(self, text: str, context: ParseContext | None = None) -> ParseResult:
        self.calls += 1
        if isinstance(self.result, Exception):
            raise self.result
        return self.result


def _llm(*intents, confidence: float = 0.8) -> ParseResult:  # type: ignore[no-untyped-def]
    return ParseResult(intents=list(intents), confidence=confidence, parser="llm", model="m",
                       tokens=Tokens(prompt=500, completion=20, calls=1))  # fmt: skip


def test_a_confident_offline_parse_never_calls_the_llm() -> None:
    llm = Scripted(_llm(OrderStatus(order="SO1")))
    result = AutoParser(OfflineParser(), llm).parse("What's the stock level for Widget X?")
    assert llm.calls == 0 and result.parser == "auto:offline" and result.tokens == Tokens()
    assert result.intents == [StockLevel(product="Widget X")]


def test_the_llm_takes_over_where_the_rules_give_up() -> None:
    llm = Scripted(_llm(StockLevel(product="Gadget")))
    result = AutoParser(OfflineParser(), llm).parse("hmm gadget count pls")
    assert llm.calls == 1 and result.parser == "auto:llm" and result.model == "m"
    assert result.intents == [StockLevel(product="Gadget")] and result.tokens.prompt == 500


def test_an_llm_that_also_gives_up_leaves_the_rules_question() -> None:
    offline = OfflineParser().parse("create a quotation")
    assert offline.intents[0].intent == "clarify"
    llm = Scripted(_llm(Clarify(question="?", missing=["customer"])))
    result = AutoParser(OfflineParser(), llm).parse("create a quotation")
    assert result.intents == offline.intents and result.parser == "auto:offline" and result.tokens.calls == 1


def test_an_unsure_offline_parse_is_kept_when_the_llm_disagrees() -> None:
    text = "pls conferm teh ordr SO42 bla bla foo bar baz"
    offline = OfflineParser().parse(text)
    assert offline.confidence < 0.6 and offline.intents[0].intent == "confirm_order"
    llm = Scripted(_llm(OrderStatus(order="SO42")))
    result = AutoParser(OfflineParser(), llm).parse(text)
    assert result.intents == offline.intents and result.parser == "auto:offline"
    assert any("LLM read order_status" in n for n in result.notes)


def test_an_unsure_offline_parse_takes_only_the_slots_it_left_empty_when_the_llm_agrees() -> None:
    text = "pls conferm teh ordr bla bla foo bar baz"
    assert OfflineParser().parse(text).intents == [ConfirmOrder(order=None)]
    llm = Scripted(_llm(ConfirmOrder(order="SO42")))
    result = AutoParser(OfflineParser(), llm).parse(text)
    assert result.parser == "auto:llm" and result.intents == [ConfirmOrder(order="SO42")]
    assert any("LLM filled: order" in n for n in result.notes)
    named = "pls conferm teh ordr SO41 bla bla foo bar baz"  # the rules read SO41: a model never overwrites it
    kept = AutoParser(OfflineParser(), Scripted(_llm(ConfirmOrder(order="SO42")))).parse(named)
    assert kept.parser == "auto:offline" and kept.intents == [ConfirmOrder(order="SO41")]


def test_an_unreachable_llm_leaves_the_offline_parse() -> None:
    llm = Scripted(LLMError("llm_unreachable", "The LLM at x is not reachable."))
    result = AutoParser(OfflineParser(), llm).parse("hmm gadget count pls")
    assert result.parser == "auto:offline" and result.intents[0].intent == "unsupported"
    assert "LLM not used: The LLM at x is not reachable." in result.notes


def test_a_replay_miss_is_not_hidden() -> None:
    llm = Scripted(LLMError("replay_miss", "not in the cassette"))
    with pytest.raises(LLMError):
        AutoParser(OfflineParser(), llm).parse("hmm gadget count pls")


def test_the_threshold_is_a_setting() -> None:
    llm = Scripted(_llm(Unsupported(reason="no")))
    AutoParser(OfflineParser(), llm, threshold=1.0).parse("What's the stok level for Widget X?")
    assert llm.calls == 1


# --- which parser a session gets -------------------------------------------------------------------


def test_no_llm_configured_means_offline(tmp_path: Path) -> None:
    assert isinstance(make_parser(load_settings()), OfflineParser)


def test_an_llm_configured_means_auto_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:8088/v1")
    monkeypatch.setenv("ODOO_AGENT_MODEL", "smollm2")
    monkeypatch.setenv("ODOO_AGENT_AUTO_THRESHOLD", "0.75")
    parser = make_parser(load_settings())
    assert isinstance(parser, AutoParser) and parser.threshold == 0.75
    assert isinstance(parser.llm, LLMParser) and parser.llm.model == "smollm2"
    assert isinstance(make_parser(load_settings(), "llm"), LLMParser)
    assert isinstance(make_parser(load_settings(), "offline"), OfflineParser)


def test_the_llm_parser_without_a_model_is_a_config_error(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ConfigError, match="ODOO_AGENT_MODEL"):
        make_parser(load_settings(), "llm")
    monkeypatch.setenv("ODOO_AGENT_MODEL", "smollm2")
    with pytest.raises(ConfigError, match="OPENAI_BASE_URL"):
        make_parser(load_settings(), "auto")


def test_a_bad_output_mode_is_a_config_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ODOO_AGENT_LLM_OUTPUT", "yaml")
    with pytest.raises(ConfigError, match="ODOO_AGENT_LLM_OUTPUT"):
        load_settings()
