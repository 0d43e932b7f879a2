"""``odoo-agent chat``: a terminal conversation over the same session, graph and policy as ``ask``/``resume``.

The REPL only reads lines and draws replies; every decision (what to plan, what needs approval)
stays in the graph. Approvals are a y/n/edit question, a question's options a numbered pick-list.
"""

from __future__ import annotations

import json
import shlex
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from prompt_toolkit import PromptSession
from prompt_toolkit.history import FileHistory, InMemoryHistory
from pydantic import SecretStr
from rich.console import Console
from rich.text import Text

from agent.config import ConfigError, Settings
from agent.contract import Reply, StepOut
from agent.parsers import make_parser
from agent.render import AUDIT_COLUMNS, THREAD_COLUMNS, headed, plan_table, print_reply
from agent.session import AgentSession, list_threads
from graphs.decisions import Answer, Approve, Edit, Reject
from graphs.parsing.engine import OfflineParser
from graphs.parsing.llm_client import LLMError
from odoo_tools.approvers import ApproverCredential
from odoo_tools.audit import AuditStore, CorruptStoreError
from odoo_tools.client.errors import OdooError
from odoo_tools.i18n import entry, t

__all__ = ["HELP", "Repl", "parse_edit"]

HELP = entry("agent.repl_help").en  # the English help (the chat shows it in the current language)

_YES, _NO, _EDIT = {"y", "yes", "o", "oui"}, {"n", "no", "non"}, {"e", "edit"}
_QUIT = ("/quit", "/exit", "/q")


def _no_constant(name: str) -> Any:
    raise ValueError(t("agent.edit_not_a_number", name=name))


def parse_edit(text: str) -> dict[str, dict[str, Any]]:
    """``s2 qty=9 price=45`` (or the JSON ``{"s2": {"qty": 9}}``) → the edit payload of a resume."""
    text = text.strip()
    if not text:
        raise ValueError(t("agent.edit_nothing_to_change"))
    if text.startswith("{"):
        data = json.loads(text, parse_constant=_no_constant)
        if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
            raise ValueError(t("agent.edit_expected_json"))
        return data
    step, *pairs = shlex.split(text)  # s2 name="Office Desk" keeps its space
    if not pairs or any("=" not in p for p in pairs):
        raise ValueError(t("agent.edit_write_it_as"))
    values: dict[str, Any] = {}
    for pair in pairs:
        key, raw = pair.split("=", 1)
        if raw.strip().lstrip("+-").casefold() in ("nan", "inf", "infinity"):
            raise ValueError(t("agent.edit_not_a_number", name=f"{key}={raw}"))
        try:
            values[key] = json.loads(raw, parse_constant=_no_constant)  # numbers, true/false, null
        except ValueError:
            values[key] = raw
    return {step: values}


class _Lines:
    """Lines from prompt-toolkit on a terminal (history, paste, Ctrl-C), else plain ``input()``."""

    def __init__(self, history: Path | None) -> None:
        self._tty = sys.stdin.isatty() and sys.stdout.isatty()
        if not self._tty and hasattr(sys.stdin, "reconfigure"):
            # Undecodable piped bytes reach the session as surrogates, which refuses them in one sentence.
            sys.stdin.reconfigure(errors="surrogateescape")
        if self._tty:
            self._main: PromptSession[str] = PromptSession(history=FileHistory(str(history)) if history else None)
            self._side: PromptSession[str] = PromptSession(history=InMemoryHistory())

    def read(self, prompt: str, *, side: bool = False) -> str:
        """One message; raises KeyboardInterrupt on Ctrl-C and EOFError on Ctrl-D."""
        if not self._tty:
            return input(prompt)
        return (self._side if side else self._main).prompt(prompt)

    def secret(self, prompt: str) -> str:
        """A line typed without echo (an API key), kept out of every history."""
        if not self._tty:
            return input(prompt)
        return PromptSession[str]().prompt(prompt, is_password=True)


class Repl:
    """One terminal conversation. ``read`` may be replaced (tests drive the real program through a pty)."""

    def __init__(self, session: AgentSession, settings: Settings, console: Console, *, thread: str | None = None,
                 approver: str = "", history: Path | None = None, demo: bool = False) -> None:  # fmt: skip
        self.session, self.settings, self.console = session, settings, console
        self.demo = demo  # the bundled recording: only its messages go on, in their order (agent.demo)
        self._demo_done = 0
        self.thread, self.approver = thread, approver
        self.debug = self._quit = False
        self.last: Reply | None = None
        self._lines = _Lines(history)
        self.read: Callable[..., str] = self._lines.read
        self._commands: dict[str, Callable[[str], None]] = {
            "help": lambda _: self.console.print(t("agent.repl_help"), highlight=False, markup=False),
            "thread": self._thread, "plan": self._plan, "audit": self._audit, "undo": self._undo,
            "debug": self._debug, "model": self._model, "resume": self._resume,
        }  # fmt: skip

    # -- the loop -----------------------------------------------------------------------------------
    def run(self) -> None:
        self.console.print(t("agent.repl_welcome"), style="dim")
        if self.demo:
            from agent import demo

            self.console.print(t("agent.demo_banner"), style="yellow", highlight=False)
            for i, message in enumerate(demo.messages(), 1):
                self.console.print(f"  {i}) {message}", highlight=False)
        while True:
            try:
                line = self.read("odoo> ").strip()
            except KeyboardInterrupt:
                continue  # Ctrl-C at the prompt clears the line
            except EOFError:
                break
            if not line:
                continue
            if line in _QUIT:
                break
            if line.startswith("/"):
                self.command(line)
            else:
                self.converse(line)
            if self._quit:
                break
        self.console.print(t("agent.bye"), style="dim")

    def command(self, line: str) -> None:
        if line in _QUIT:  # typed at a question's prompt: leave after it
            self._quit = True
            return
        name, _, arg = line[1:].partition(" ")
        command = self._commands.get(name)
        if command is None:
            self.console.print(t("agent.repl_unknown_command", name=name), style="red", highlight=False)
            return
        try:
            command(arg.strip())
        except Exception as exc:  # a store or server that fails must not end the session
            self.console.print(Text(t("agent.repl_command_failed", name=name, error_type=type(exc).__name__, error=exc),
                                    style="red"))  # fmt: skip

    def converse(self, text: str) -> None:
        """A message, then the approvals and answers it leads to, until the turn is done or put aside."""
        if self.demo:
            from agent import demo

            said = demo.match(text)
            why = demo.only_knows() if said is None else demo.out_of_order(said, self._demo_done)
            if why is not None or said is None:
                self.console.print(why, style="yellow", highlight=False)
                return
            text, self._demo_done = said, self._demo_done + 1
        self._settle(self._turn(lambda: self.session.ask(text, self.thread)))

    def _settle(self, reply: Reply | None) -> None:
        while reply is not None:
            follow = self._follow_up(reply)
            reply = self._turn(follow) if follow else None

    def _turn(self, call: Callable[[], Reply]) -> Reply | None:
        calls = self.session.client.stats.count
        try:
            with self.console.status(t("agent.working"), spinner="dots"):
                reply = call()
        except KeyboardInterrupt:
            self.console.print(t("agent.repl_cancelled"), style="yellow")
            return None
        except (OdooError, LLMError) as exc:  # the session maps these itself; a cut connection mid-reply does not
            self.console.print(Text(str(exc), style="red"))
            return None
        except Exception as exc:  # a bug must not end the session: one line, the traceback only under /debug
            if self.debug:
                self.console.print_exception()
            self.console.print(Text(t("agent.repl_unexpected_error", error_type=type(exc).__name__, error=exc),
                                    style="red"))  # fmt: skip
            return None
        if self.demo:
            from agent import demo

            if demo.not_recorded(reply):  # an edit or another answer than the recording's: said, never a replay error
                self.console.print(t("agent.demo_not_recorded", messages=demo.numbered()), style="yellow",
                                   highlight=False)  # fmt: skip
                return None
        self.last, self.thread = reply, reply.thread_id or self.thread
        print_reply(self.console, reply, numbered=True)
        if self.debug:
            self._show_debug(reply, calls)
        return reply

    def _follow_up(self, reply: Reply) -> Callable[[], Reply] | None:
        """Ask the person what the thread waits for; None leaves it waiting (or nothing is pending)."""
        thread = reply.thread_id
        try:
            if reply.status == "needs_approval":
                return self._approval(thread, reply.approval.token if reply.approval else None)
            if reply.status == "needs_input" and reply.question:
                count = len(reply.question.options)
                prompt = t("agent.repl_pick_prompt", count=count) if count else t("agent.repl_answer_prompt")
                answer = self.read(prompt, side=True).strip()
                if answer.startswith("/"):  # a command now; the question waits (/resume brings it back)
                    self.command(answer)
                    raise EOFError
                if answer.isdigit() and 1 <= int(answer) <= len(reply.question.options):
                    option = reply.question.options[int(answer) - 1]
                    # "#12" names record 12; a bare "2" could be read as an id instead of the 2nd line.
                    answer = f"#{option.id}" if option.id.isdigit() else option.label
                return (lambda: self.session.resume(thread, Answer(answer=answer))) if answer else None
        except (KeyboardInterrupt, EOFError):
            self.console.print(t("agent.repl_put_aside"), style="yellow")
        return None

    def _sign_in_if_needed(self) -> None:
        """When the policy says who may approve the pending steps and no approver signed in yet: ask this person's
        Odoo login and API key (the key is not echoed, and kept only in this process)."""
        ctx, plan = self.session.context, self.last.plan if self.last else []
        gated = [(s.tool, s.risk) for s in plan if s.status == "needs_approval"]
        if ctx.approver_credential is not None or not ctx.policy.approver_rules_of(gated):
            return
        self.console.print(t("agent.repl_approver_sign_in"), style="yellow", highlight=False)
        login = self.read(t("agent.repl_approver_login"), side=True).strip()
        key = self._lines.secret(t("agent.repl_approver_key"))
        if login and key:
            self.session.use_approver(ApproverCredential(login=login, api_key=SecretStr(key)))

    def _approval(self, thread: str, token: str | None) -> Callable[[], Reply] | None:
        """y/n/e on the plan just drawn: the yes carries that plan's token, so it can approve nothing else."""
        while True:
            choice = self.read(t("agent.repl_approve_prompt"), side=True).strip().lower()
            if choice in _YES:
                self._sign_in_if_needed()
                approve = Approve(token=token, approver=self.approver or None)
                return lambda: self.session.resume(thread, approve)
            if choice in _NO:
                reject = Reject(reason=self.read(t("agent.repl_why_prompt"), side=True).strip() or None)
                return lambda: self.session.resume(thread, reject)
            if choice in _EDIT:
                try:
                    edit = Edit(edit=parse_edit(self.read(t("agent.repl_edit_prompt"), side=True)))
                except ValueError as exc:  # pydantic's ValidationError is a ValueError too
                    self.console.print(t("agent.repl_not_an_edit", error=exc), style="red", highlight=False)
                    continue
                return lambda: self.session.resume(thread, edit)
            self.console.print(t("agent.repl_answer_y_n_e"), style="yellow")

    # -- slash commands -----------------------------------------------------------------------------
    def _thread(self, arg: str) -> None:
        verb, _, rest = arg.partition(" ")
        if verb == "new":
            self.thread, self.last = None, None
            self.console.print(t("agent.repl_new_thread"))
        elif verb == "list":
            table = headed(THREAD_COLUMNS)
            for found in list_threads(self.settings.agent_home, self.settings.agent_checkpoint_url, limit=20):
                mark = "* " if found.thread_id == self.thread else ""
                table.add_row(mark + found.thread_id, found.status, str(found.turns), Text(found.last_text[:60]))
            self.console.print(table)
        elif verb == "switch" and rest:
            self.thread, self.last = rest.strip(), None
            self.console.print(t("agent.repl_now_on_thread", thread=self.thread), highlight=False)
        elif verb:
            self.console.print(t("agent.repl_thread_usage"), style="yellow")
        else:
            self.console.print(t("agent.repl_thread", thread=self.thread or t("agent.repl_thread_not_started")),
                               highlight=False)  # fmt: skip

    def _resume(self, _: str) -> None:
        if not self.thread:
            self.console.print(t("agent.repl_no_thread"))
            return
        reply = self.session.status(self.thread)
        if reply.status not in ("needs_approval", "needs_input"):
            self.console.print(t("agent.repl_waits_for_nothing"))
            return
        print_reply(self.console, reply, numbered=True)
        self._settle(reply)

    def _values(self) -> dict[str, Any]:
        if not self.thread:
            return {}
        return self.session.graph.get_state({"configurable": {"thread_id": self.thread}}).values

    def _plan(self, _: str) -> None:
        steps = self._values().get("plan") or []
        if not steps:
            self.console.print(t("agent.repl_no_plan"))
            return
        self.console.print(plan_table([StepOut(**s.model_dump(include=set(StepOut.model_fields))) for s in steps]))

    def _audit(self, arg: str) -> None:
        limit = int(arg) if arg.isdigit() else 10
        try:
            rows = AuditStore(self.settings.agent_home / "audit.sqlite").query(limit=limit)
        except CorruptStoreError as exc:  # a damaged file is said in its sentence; the chat goes on
            self.console.print(str(exc))
            return
        table = headed(AUDIT_COLUMNS)
        for r in rows:
            table.add_row(str(r.id), r.thread_id, r.tool, r.status, Text(r.approved_by))
        self.console.print(table if rows else t("agent.repl_nothing_audited"))

    def _undo(self, _: str) -> None:
        """Reverse through the graph (same policy, same approval): today, cancelling a sales order just made."""
        made = [r for r in (self.last.records if self.last else []) if r.action == "created"]
        orders = [r for r in made if r.model == "sale.order"]
        if orders:
            self.converse(f"cancel order {orders[-1].name}")
        elif made:
            names = ", ".join(f"{r.model} {r.name}" for r in made)
            self.console.print(t("agent.repl_cannot_reverse", names=names), style="yellow", highlight=False)
        else:
            self.console.print(t("agent.repl_nothing_to_undo"))

    def _debug(self, _: str) -> None:
        self.debug = not self.debug
        self.console.print(t("agent.debug_on" if self.debug else "agent.debug_off"))

    def _show_debug(self, reply: Reply, calls_before: int) -> None:
        values = self._values()
        self.console.print(Text("intents " + json.dumps(reply.intents, default=str, ensure_ascii=False), style="dim"))
        if values.get("resolved"):
            resolved = f"resolved ids {values['resolved']}"  # i18n-exempt: /debug diagnostics
            self.console.print(Text(resolved, style="dim"))
        for c in self.session.client.stats.calls[calls_before:]:
            self.console.print(Text(f"odoo {c.model}.{c.method} {c.seconds * 1000:.0f} ms"
                                    + ("" if c.ok else f" ✗ {c.error}"), style="dim"))  # fmt: skip
        u = reply.usage
        line = (
            f"parser {u.parser} model {u.model or '–'} tokens {u.prompt_tokens}+"  # i18n-exempt: /debug diagnostics
            f"{u.completion_tokens} ({u.llm_calls} LLM calls) odoo calls {u.odoo_calls} {u.seconds:.2f}s"
        )
        self.console.print(Text(line, style="dim"))

    def _model(self, arg: str) -> None:
        if arg:
            try:
                if arg == "offline":
                    parser = make_parser(self.settings, "offline")
                else:
                    settings = self.settings.model_copy(update={"agent_model": arg})
                    parser = make_parser(settings, "llm" if settings.agent_parser == "llm" else "auto")
                    self.settings = settings
            except (ConfigError, LLMError) as exc:  # say it, keep the current parser
                self.console.print(Text(str(exc), style="red"))
                return
            close = getattr(self.session.context.parser, "close", None)  # an LLM parser holds an HTTP pool
            if close is not None:
                close()
            self.session.context.parser = parser
        parser = self.session.context.parser
        model = "" if isinstance(parser, OfflineParser) else t("agent.parser_model", model=self.settings.agent_model)
        self.console.print(t("agent.parser_now", parser=type(parser).__name__, model=model), highlight=False)
