"""The single HTTP seam every Odoo request passes: timing, counting, error mapping, replay."""

from __future__ import annotations

import time
from typing import Any

import httpx
from pydantic import BaseModel, Field

from odoo_tools.client import cassette
from odoo_tools.client.errors import OdooReplayMissError, OdooTimeoutError, OdooUnavailableError, RequestNotSentError
from odoo_tools.i18n import t

__all__ = ["CallRecord", "CallStats", "HttpSeam", "RequestNotSentError"]

USER_AGENT = "odoo-agent/0.1"
# What the OS's resolver says of an unknown host name: matched, never shown.
_UNKNOWN_HOST = ("Name or service not known", "nodename nor servname", "name resolution")  # i18n-exempt: OS words


class CallRecord(BaseModel):
    """One Odoo call as the benchmarks and the audit log see it."""

    model: str
    method: str
    transport: str
    seconds: float
    ok: bool
    error: str | None = None


class CallStats(BaseModel):
    """Per-session counter and timer of Odoo calls."""

    calls: list[CallRecord] = Field(default_factory=list)

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
        self.calls.clear()


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
        self.start = time.perf_counter()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: Any) -> None:
        self.stats.calls.append(
            CallRecord(
                model=self.model,
                method=self.method,
                transport=self.transport,
                seconds=round(time.perf_counter() - self.start, 6),
                ok=exc is None,
                error=type(exc).__name__ if exc else None,
            )
        )
