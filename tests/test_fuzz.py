"""Issue 20: no input from a person, a config or a policy file ever ends in a traceback.

Hypothesis (the derandomized "ci" profile in conftest.py) feeds every door's pure first stage with
arbitrary text: surrogates, control characters, huge and empty values. Each property says what the
only acceptable outcomes are: a valid result, a question, or a typed error from the project's hierarchy.
"""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agent.config import ConfigError, Settings, load_settings
from agent.parse_door import ParseOut, parse_messages
from graphs.decisions import KINDS, Answer, DecisionError, parse_decision
from graphs.inputs import BadInputError, check_text
from graphs.parsing.engine import OfflineParser
from odoo_tools.client.connection import ConnectionConfig
from odoo_tools.names import like_literal
from odoo_tools.policy import Policy, PolicyError
from odoo_tools.resolve import _pattern_domains, normalize, score

# Text as people and broken terminals send it: any code point, lone surrogates (undecodable argv) included.
ANY_TEXT = st.text(st.characters(codec=None, exclude_categories=()), max_size=200)
WORDS = st.lists(st.sampled_from(["quote", "Acme", "10", "widgets", "at", "$50", "devis", "facture", "é", "%", "_",
                                  "\\", "\x00", "\udcff", "\t", "\n", "🎉", "S00042", "demain", "tomorrow"]),
                 max_size=12).map(" ".join)  # fmt: skip


@settings(max_examples=120)
@given(st.one_of(ANY_TEXT, WORDS))
def test_parse_door_reads_or_refuses_in_a_sentence(text: str) -> None:
    try:
        (out,) = list(parse_messages(OfflineParser(), [text]))
    except BadInputError as exc:
        assert str(exc).endswith(".")
        return
    assert isinstance(out, ParseOut) and 0.0 <= out.confidence <= 1.0 and out.intents


@settings(max_examples=150)
@given(ANY_TEXT, ANY_TEXT)
def test_resolver_name_handling_is_total(phrase: str, name: str) -> None:
    assert 0.0 <= score(phrase, name) <= 100.0
    normalize(phrase, strip_suffixes=True)
    literal = like_literal(phrase)
    assert "%" not in literal.replace("\\%", "") and "_" not in literal.replace("\\_", "")
    for domain in _pattern_domains(phrase):
        assert all(op == "=ilike" and isinstance(p, str) for _, op, p in domain)


_ENV_KEYS = ["ODOO_URL", "ODOO_DB", "ODOO_TIMEOUT", "ODOO_MAX_RETRIES", "ODOO_TRANSPORT", "ODOO_AGENT_PARSER",
             "ODOO_AGENT_AUTO_THRESHOLD", "ODOO_API_KEY"]  # fmt: skip
_ENV_VALUE = st.one_of(st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=60),
                       st.sampled_from(["http://admin:KEY@h", "https://erp.example.com", "nan", "-1", "1e400",
                                        "json2", "auto", "", " "]))  # fmt: skip


@settings(max_examples=100)
@given(st.dictionaries(st.sampled_from(_ENV_KEYS), _ENV_VALUE, max_size=5))
def test_config_from_any_environment_loads_or_says_which_setting(env: dict[str, str]) -> None:
    with pytest.MonkeyPatch.context() as patch:
        for key in _ENV_KEYS:
            patch.delenv(key, raising=False)
        for key, value in env.items():
            patch.setenv(key, value)
        try:
            loaded = load_settings()
            connection = loaded.connection() if loaded.url and loaded.db else None
        except ConfigError as exc:
            assert str(exc) and "KEY@" not in str(exc)
            return
    assert isinstance(loaded, Settings)
    assert connection is None or isinstance(connection, ConnectionConfig)


_JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | ANY_TEXT,
                     lambda inner: st.lists(inner, max_size=3) | st.dictionaries(ANY_TEXT, inner, max_size=3),
                     max_leaves=8)  # fmt: skip
_DECISIONS = st.fixed_dictionaries(
    {"kind": st.one_of(st.sampled_from(KINDS), ANY_TEXT)},
    optional={"token": _JSON, "answer": _JSON, "reason": _JSON, "edit": _JSON, "resend": _JSON, "approver": _JSON},
)


@settings(max_examples=150)
@given(st.one_of(_DECISIONS, _JSON))
def test_contract_decisions_parse_or_are_one_typed_error(value: object) -> None:
    try:
        decision = parse_decision(value)
    except DecisionError as exc:
        assert str(exc).startswith("Not a decision")
        return
    assert decision.kind in KINDS
    if isinstance(decision, Answer):  # the session then checks its text like a message: kept, or one sentence
        with contextlib.suppress(BadInputError):
            assert check_text(decision.answer, "The answer") == decision.answer


_YAML = st.one_of(
    ANY_TEXT,
    st.sampled_from(["limits: {max_rows: -1}", "tools: {nope: {risk: read}}", "approval: yes", "[1, 2", "a: &x [*x]",
                     "limits:\n  max_rows: 10\nlimits:\n  max_rows: 20", "!!python/object:os.system ls", "~", "0"]),
)  # fmt: skip


@settings(max_examples=80)
@given(_YAML)
def test_policy_file_loads_or_names_what_is_wrong(text: str) -> None:
    with tempfile.TemporaryDirectory() as home:  # not tmp_path: one file per example, not per test
        path = Path(home) / "policy.yaml"
        path.write_bytes(text.encode("utf-8", "surrogatepass"))  # a lone surrogate: bytes that are not UTF-8
        try:
            policy = Policy.load(path)
        except PolicyError as exc:
            assert str(exc)
            return
    assert isinstance(policy, Policy)
