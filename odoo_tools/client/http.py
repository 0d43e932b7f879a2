"""The single HTTP seam every Odoo request passes: timing, counting, error mapping, replay."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

import httpx
from pydantic import BaseModel, Field, PrivateAttr

from odoo_tools.client import cassette
from odoo_tools.client.clock import get_clock
from odoo_tools.client.errors import (
    OdooError,
    OdooReplayMissError,
    OdooTimeoutError,
    OdooUnavailableError,
    RequestNotSentError,
)
from odoo_tools.i18n import t

__all__ = ["CallListener", "CallRecord", "CallStats", "HttpSeam", "RequestNotSentError"]

log = logging.getLogger(__name__)

USER_AGENT = "odoo-agent/0.1"
# What the OS's resolver says of an unknown host name: matched, never shown.
_UNKNOWN_HOST = ("Name or service not known", "nodename nor servname", "name resolution")  # i18n-exempt: OS words


class CallRecord(BaseModel):
    """One Odoo call (one HTTP attempt) as the benchmarks and the audit log see it: never its payload."""

    model: str
    method: str
    transport: str
    seconds: float
    ok: bool
    error: str | None = None
    outcome: str = Field(default="ok", description='"ok", or the kind of the OdooError it raised ("access" ...)')
    at: datetime = Field(default_factory=lambda: get_clock().now(), description="When it was sent (agent clock)")


CallListener = Callable[[CallRecord], None]


class CallStats(BaseModel):
    """Per-session counter and timer of Odoo calls, and the listeners told of each one."""

    calls: list[CallRecord] = Field(default_factory=list)
    # Told of every call once it ended, success or failure (the audit log's call rows).
    _listeners: list[CallListener] = PrivateAttr(default_factory=list)
    _heard = PrivateAttr(default=0)  # calls before this index were made while no listener was subscribed
    _lock = PrivateAttr(default_factory=threading.RLock)  # re-entrant: a listener may count too

    @property
    def listeners(self) -> list[CallListener]:
        """The subscribed listeners (a copy: use ``subscribe``/``unsubscribe``)."""
        return list(self._listeners)

    def subscribe(self, listener: CallListener) -> None:
        """Tell ``listener`` of every call from now on, and of the calls no listener heard yet (a handshake
        ``connect_soon`` started before the audit log was attached is not lost)."""
        with self._lock:
            for record in self.calls[self._heard :]:
                _tell(listener, record)
            self._heard = len(self.calls)
            self._listeners.append(listener)

    def unsubscribe(self, listener: CallListener) -> None:
        """Stop telling ``listener``."""
        with self._lock:
            self._listeners = [x for x in self._listeners if x != listener]  # a bound method is made anew each time

    def add(self, record: CallRecord) -> None:
        """Count one call and tell the listeners (one lock: a call is heard once, never twice or not at all)."""
        with self._lock:
            self.calls.append(record)
            if self._listeners:
                for listener in self._listeners:
                    _tell(listener, record)
                self._heard = len(self.calls)

    @property
    def count(self) -> int:
        """Number of calls made."""
        return len(self.calls)

    @property
    def seconds(self) -> float:
        """Total time spent in calls."""
        return sum(c.seconds for c in self.calls)

    def reset(self) -> None:
        """Forget every call (a new session or test)."""
        with self._lock:
            self.calls.clear()
            self._heard = 0


def _tell(listener: CallListener, record: CallRecord) -> None:
    # A listener that fails must not turn the call into a failure, nor hide the call's own error.
    try:
        listener(record)
    except Exception:
        log.exception("a call listener failed on %s.%s", record.model, record.method)


class HttpSeam:
    """POST/GET against one Odoo base URL; the only code that touches the network."""

    def __init__(self, base_url: str, timeout: float, transport: httpx.BaseTransport | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self._client = httpx.Client(
            transport=transport,
            base_url=self.base_url,
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            headers={"User-Agent": USER_AGENT},
            follow_redirects=False,
        )

    def request(
        self, verb: str, path: str, *, content: bytes | None = None, headers: dict[str, str] | None = None
    ) -> httpx.Response:
        """Send one request; map network failures to typed errors that say whether it left.

        Only a failure to connect (or to get a pooled connection) proves the request never left;
        a timeout or a connection closed or reset once connected may come after Odoo read it.
        """
        try:
            return self._send(verb, path, content=content, headers=headers)
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.UnsupportedProtocol) as exc:
            raise RequestNotSentError(t("client.cannot_connect", url=self.base_url, reason=_reason(exc))) from exc
        except httpx.TimeoutException as exc:
            raise OdooTimeoutError(t("client.no_answer_in_time", url=self.base_url)) from exc
        except httpx.TransportError as exc:
            raise OdooUnavailableError(t("client.connection_failed", url=self.base_url, reason=_reason(exc))) from exc
        except Exception as exc:
            if cassette.is_replay_miss(exc):
                raise OdooReplayMissError(t("client.replay_no_recording", verb=verb, path=path), data=str(exc)) from exc
            raise

    def _send(self, verb: str, path: str, *, content: bytes | None, headers: dict[str, str] | None) -> httpx.Response:
        """The raw exchange (a test seam replays network faults here, above the cassette)."""
        return self._client.request(verb, path, content=content, headers=headers)

    def close(self) -> None:
        """Close the connection pool."""
        self._client.close()


def _reason(exc: Exception) -> str:
    text = (str(exc) or type(exc).__name__).rstrip(".")
    if any(m in text for m in _UNKNOWN_HOST):
        return t("client.unknown_host")
    if "Connection refused" in text:
        return t("client.connection_refused")
    return text


def timed(stats: CallStats, model: str, method: str, transport: str) -> _Timer:
    """Context manager recording one call into ``stats``."""
    return _Timer(stats, model, method, transport)


class _Timer:
    def __init__(self, stats: CallStats, model: str, method: str, transport: str) -> None:
        self.stats, self.model, self.method, self.transport = stats, model, method, transport

    def __enter__(self) -> _Timer:
        self.at = get_clock().now()
        self.start = time.perf_counter()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: Any) -> None:
        # Runs after the transport call, on success and on failure: each attempt, retries included.
        self.stats.add(
            CallRecord(
                model=self.model,
                method=self.method,
                transport=self.transport,
                seconds=round(time.perf_counter() - self.start, 6),
                ok=exc is None,
                error=type(exc).__name__ if exc else None,
                outcome="ok" if exc is None else exc.kind if isinstance(exc, OdooError) else "error",
                at=self.at,
            )
        )
