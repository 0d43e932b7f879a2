"""The agent as a library: what the evaluation suite (and any Python caller) drives it through.

Everything here is re-exported from where it lives, so callers outside ``agent`` depend on this one
module, not on the doors' internals (``import-linter`` holds ``evals`` to it, with ``odoo_tools``).
"""

import agent.help_format  # noqa: F401 - the eval and bench CLIs print flags without a <bool> placeholder
from agent.automation_rules import Rule
from agent.automation_runs import Event as AutomationEvent
from agent.automation_runs import Outcome, run_event
from agent.automation_store import AutomationStore
from agent.config import ConfigError, ParserChoice, Settings, load_settings
from agent.contract import Reply
from agent.parse_door import ParseOut, frozen_now, parse_messages
from agent.parsers import make_parser
from agent.runtime import build_context, open_agent_session
from agent.session import AgentSession
from agent.switch import note_recording, replay_connection
from graphs.decisions import Answer, Approve, Decision, DecisionError, Edit, Reject, Retry
from graphs.parsing.engine import Parser
from graphs.parsing.intents import INTENT_TYPES, ParseResult, Tokens
from graphs.parsing.llm_client import LLMError

__all__ = [
    "INTENT_TYPES",
    "AgentSession",
    "Answer",
    "Approve",
    "AutomationEvent",
    "AutomationStore",
    "ConfigError",
    "Decision",
    "DecisionError",
    "Edit",
    "LLMError",
    "Outcome",
    "ParseOut",
    "ParseResult",
    "Parser",
    "ParserChoice",
    "Reject",
    "Reply",
    "Retry",
    "Rule",
    "Settings",
    "Tokens",
    "build_context",
    "frozen_now",
    "load_settings",
    "make_parser",
    "note_recording",
    "open_agent_session",
    "parse_messages",
    "replay_connection",
    "run_event",
]
