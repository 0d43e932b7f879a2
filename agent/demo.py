"""The demo: a conversation recorded against a real Odoo 19, shipped with the package, replayed without an Odoo.

``odoo-agent chat --demo`` replays it in the terminal (a new home each time); ``ask --demo`` and ``resume
--demo`` replay it a message per process in ``ODOO_AGENT_HOME/demo`` (its first message starts over). Only
the recorded messages are sent on: anything else, or a turn the recording does not hold (an edit, another
answer), gets one sentence naming the messages it knows, never a replay error.

Re-record (a real Odoo 19 with demo data, in ODOO_URL …; a fresh home; the approval answered "y")::

    printf '%s\\n' "$(sed -n 's/^- //p' agent/demo/messages.yaml | sed -n 1,2p)" y ... |
    ODOO_AGENT_HOME=$(mktemp -d) odoo-agent chat --record agent/demo/conversation.yaml --new-thread --thread t-demo

(``tests/test_demo.py`` says the exact lines.)
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml

from agent.contract import Reply
from odoo_tools.i18n import t

__all__ = [
    "CASSETTE", "THREAD", "demo_home", "match", "messages", "next_index", "not_recorded", "numbered", "only_knows",
    "out_of_order", "played", "start_over",
]  # fmt: skip

DIR = Path(__file__).parent / "demo"
CASSETTE = DIR / "conversation.yaml"
THREAD = "t-demo"  # the recording's thread: its idempotency keys and approval tokens derive from it


def messages() -> list[str]:
    """The recorded messages, in the order they were recorded."""
    return [str(m) for m in yaml.safe_load((DIR / "messages.yaml").read_text(encoding="utf-8"))]


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().strip(".!?").strip().casefold()


def match(text: str) -> str | None:
    """The recorded message ``text`` is (its number, or its words whatever the case and final punctuation)."""
    known = messages()
    said = text.strip()
    if said.isdigit() and 1 <= int(said) <= len(known):
        return known[int(said) - 1]
    return next((m for m in known if _plain(m) == _plain(said)), None)


def numbered() -> str:
    return "; ".join(f"{i}) {m}" for i, m in enumerate(messages(), 1))


def only_knows() -> str:
    """What anything else gets: one sentence naming the recorded messages."""
    return t("agent.demo_only_knows", messages=numbered())


def not_recorded(reply: Reply) -> bool:
    """A turn the recording does not hold (the replay found no recorded answer for a request)."""
    return reply.error is not None and reply.error.type == "replay_miss"


def demo_home(home: Path) -> Path:
    """Where ``ask --demo`` keeps the demo's thread between processes: apart from real conversations."""
    return home / "demo"


def start_over(home: Path) -> None:
    """The first message begins the demo again: its thread and audit log from an earlier run are dropped."""
    shutil.rmtree(home, ignore_errors=True)


def out_of_order(said: str, done: int) -> str | None:
    """Why ``said`` cannot be replayed after ``done`` messages, if it cannot: the recording goes in its order (the
    idempotency keys and approval tokens it holds derive from each message's place in the thread)."""
    known = messages()
    if done >= len(known):
        return t("agent.demo_done")
    if said != known[done]:
        return t("agent.demo_in_order", n=done + 1, message=known[done])
    return None


def next_index(home: Path) -> int:
    """How many of the demo's messages ``ask --demo`` has replayed in ``home`` (0 when none or unreadable)."""
    try:
        return int((home / "demo-played").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return 0


def played(home: Path, done: int) -> None:
    """Note that ``done`` messages were replayed in ``home``."""
    home.mkdir(parents=True, exist_ok=True)
    (home / "demo-played").write_text(str(done), encoding="utf-8")
