"""Record and replay HTTP traffic in any process: the product's cassette switch.

vcrpy patches httpx inside the current process only, so every command (CLI, REPL, ``ask``
run by OpenClaw, the MCP server, ``langgraph dev``, ``eval``) activates the switch itself from
``--replay/--record`` or ``ODOO_AGENT_CASSETTE`` / ``ODOO_AGENT_RECORD_MODE``. Odoo and LLM
requests both pass through it. Secrets are scrubbed before a request is stored *and* before
it is matched, so a replay works with any (or no) credential configured.
"""

from __future__ import annotations

import atexit
import json
import sys
import xmlrpc.client
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel

from odoo_tools.client.clock import Clock, set_clock
from odoo_tools.client.urls import strip_userinfo
from odoo_tools.i18n import t

if TYPE_CHECKING:  # vcrpy loads on the first activate(): a process with no cassette never pays for it
    import vcr
    from vcr.request import Request

__all__ = [
    "SCRUBBED",
    "ActiveCassette",
    "CassetteMeta",
    "RecordMode",
    "activate",
    "active",
    "deactivate",
    "last_miss",
    "scrub_request",
]

RecordMode = Literal["none", "new_episodes", "all"]
SCRUBBED = "<scrubbed>"
_DROP_REQUEST_HEADERS = ("authorization", "cookie", "x-api-key", "api-key", "openai-organization")
_KEEP_RESPONSE_HEADERS = ("content-type",)
# Positions of the secret in RPC argument lists: execute_kw(db, uid, SECRET, ...),
# authenticate(db, login, SECRET, env), login(db, login, SECRET).
_SECRET_POSITION = {"execute_kw": 2, "execute": 2, "authenticate": 2, "login": 2}


class CassetteMeta(BaseModel):
    """What a cassette says about its own recording."""

    recorded_at: datetime
    timezone: str = "UTC"
    odoo_url: str | None = None
    odoo_db: str | None = None
    odoo_username: str | None = None
    odoo_server_version: str | None = None
    odoo_transport: str | None = None
    odoo_transport_choice: str | None = None
    recorded_with: str | None = None
    llm_base_url: str | None = None
    llm_model: str | None = None
    llm_output: str | None = None
    llm_max_tokens: int | None = None
    agent_parser: str | None = None
    eval_salt: str | None = None
    odoo_context: dict[str, str | None] | None = None


class ActiveCassette(BaseModel):
    """The cassette the process is replaying or recording."""

    path: Path
    mode: RecordMode
    meta: CassetteMeta

    @property
    def replaying(self) -> bool:
        """True when no request may reach the network."""
        return self.mode == "none"


def _scrub_rpc_args(method: str, args: list[Any]) -> list[Any]:
    pos = _SECRET_POSITION.get(method)
    if pos is not None and len(args) > pos:
        args = [*args[:pos], SCRUBBED, *args[pos + 1 :]]
    return args


def _scrub_body(body: bytes | str | None, content_type: str) -> bytes | str | None:
    if not body:
        return body
    text = body.decode() if isinstance(body, bytes) else body
    if text.lstrip().startswith("<?xml") or "xml" in content_type:
        try:
            params, method = xmlrpc.client.loads(text)
        except Exception:  # not XML-RPC: leave as is
            return body
        scrubbed = _scrub_rpc_args(method or "", list(params))
        return xmlrpc.client.dumps(tuple(scrubbed), method, allow_none=True).encode()
    if text.lstrip().startswith("{"):
        try:
            data = json.loads(text)
        except ValueError:
            return body
        call = data.get("params") if isinstance(data, dict) else None
        if isinstance(call, dict) and isinstance(call.get("args"), list):
            call["args"] = _scrub_rpc_args(str(call.get("method", "")), call["args"])
            if "password" in call:
                call["password"] = SCRUBBED
            return json.dumps(data).encode()
    return body


def scrub_request(request: Request) -> Request:
    """Remove credentials from a request (headers, RPC bodies, a user:key@ in the URL) before storing or matching."""
    request.uri = strip_userinfo(request.uri)
    for name in list(request.headers):
        if name.lower() in _DROP_REQUEST_HEADERS:
            del request.headers[name]
    content_type = ""
    for name, value in request.headers.items():
        if name.lower() == "content-type":
            content_type = value
    request.body = _scrub_body(request.body, content_type)
    return request


def _scrub_response(response: dict[str, Any]) -> dict[str, Any]:
    headers = response.get("headers", {})
    response["headers"] = {k: v for k, v in headers.items() if k.lower() in _KEEP_RESPONSE_HEADERS}
    return response


class _State:
    stack: ExitStack | None = None
    cassette: Any = None
    active: ActiveCassette | None = None
    previous_clock: Clock | None = None
    last_miss: str | None = None


def _vcr(mode: RecordMode) -> vcr.VCR:
    import vcr

    return vcr.VCR(
        record_mode=mode,
        match_on=["method", "path", "query", "body"],
        before_record_request=scrub_request,
        before_record_response=_scrub_response,
        decode_compressed_response=True,
    )


def activate(path: str | Path, mode: RecordMode = "none", *, timezone: str = "UTC") -> ActiveCassette:
    """Route every HTTP request of this process through the cassette at ``path``.

    The process clock is frozen at the cassette's ``recorded_at``: the real time a recording
    started, kept by later replays (and by ``new_episodes`` recordings of the same cassette).
    """
    deactivate()
    path = Path(path)
    if mode == "none" and not path.exists():
        raise FileNotFoundError(t("client.no_cassette", path=path))
    if mode == "all" and path.exists():
        path.unlink()  # "all" re-records from scratch; vcrpy would otherwise keep old episodes
    path.parent.mkdir(parents=True, exist_ok=True)
    stack = ExitStack()
    cassette = stack.enter_context(_vcr(mode).use_cassette(str(path)))
    now = datetime.now(UTC).replace(microsecond=0)
    raw = {
        "recorded_at": cassette.get_metadata("recorded_at", now.isoformat()),
        "timezone": cassette.get_metadata("timezone", timezone),
    }
    for key in CassetteMeta.model_fields:
        if key not in raw and key in cassette._metadata:
            raw[key] = cassette._metadata[key]
    meta = CassetteMeta.model_validate(raw)
    _State.stack, _State.cassette = stack, cassette
    _State.active = ActiveCassette(path=path, mode=mode, meta=meta)
    # Recording runs on the same frozen clock the replay will use, so every date, period and
    # time-derived id (thread ids, idempotency keys) is identical in both.
    _State.previous_clock = set_clock(Clock(meta.timezone, frozen_at=meta.recorded_at))
    return _State.active


def annotate(**values: str | int | dict[str, Any] | None) -> None:
    """Store facts about the recording (server version, transport ...) in the cassette."""
    if _State.cassette is None or _State.active is None or _State.active.replaying:
        return
    for key, value in values.items():
        if value is not None and _State.cassette._metadata.get(key) != value:
            _State.cassette._metadata[key] = value
            _State.cassette.dirty = True
    _State.active = _State.active.model_copy(
        update={"meta": _State.active.meta.model_copy(update={k: v for k, v in values.items() if v})}
    )


def active() -> ActiveCassette | None:
    """The active cassette, if any."""
    return _State.active


def unplayed() -> int:
    """How many recorded interactions a replay has not used (0 when not replaying)."""
    cassette = _State.cassette
    if cassette is None or _State.active is None or not _State.active.replaying:
        return 0
    played: int = cassette.play_count
    return len(cassette.data) - played


def deactivate() -> None:
    """Stop routing through the cassette; a recording is written to disk now."""
    if _State.stack is not None:
        _State.stack.close()
    if _State.previous_clock is not None:
        set_clock(_State.previous_clock)
    _State.stack = _State.cassette = _State.active = _State.previous_clock = _State.last_miss = None


def is_replay_miss(exc: BaseException) -> bool:
    """True when ``exc`` is vcrpy saying a request is not in the cassette (kept for ``last_miss``)."""
    errors = sys.modules.get("vcr.errors")  # not loaded: no cassette was ever active, so no miss
    if errors is not None and isinstance(exc, errors.CannotOverwriteExistingCassetteException):
        _State.last_miss = str(exc)
        return True
    return False


def last_miss() -> str | None:
    """vcrpy's account of the last request a replay did not hold: the request, the closest recorded one, the diff."""
    return _State.last_miss


atexit.register(deactivate)
