"""Who may knock on the webhook receiver: a signed request, or Odoo's own sender with its rule's URL token.

A sender that can sign sends ``X-Odoo-Agent-Timestamp`` (Unix seconds) and ``X-Odoo-Agent-Signature``
(``sha256=`` and the hex HMAC-SHA256, keyed by the secret, of ``"<timestamp>.<path>.<body>"``): the path is
signed, so a signature for one rule is worth nothing on another; a timestamp outside the replay window,
or a signature already seen within it, is refused. Odoo's "Send Webhook Notification" cannot sign: its
rule's token rides in the URL (``?token=``) and grants only a nudge (poll that rule now) — the payload
is not read. Every comparison is constant-time.
"""

from __future__ import annotations

import hashlib
import hmac
import threading
import time
from collections.abc import Callable
from typing import Literal

from pydantic import BaseModel

__all__ = ["SIGNATURE", "TIMESTAMP", "Knock", "ReplayGuard", "sign", "verify"]

SIGNATURE = "x-odoo-agent-signature"
TIMESTAMP = "x-odoo-agent-timestamp"


class Knock(BaseModel):
    """Who knocked: a ``signed`` sender (its payload may name the record) or a ``token`` (a nudge only)."""

    by: Literal["signed", "token"]


def sign(secret: bytes, timestamp: str, path: str, body: bytes) -> str:
    """The signature header's value for this request."""
    mac = hmac.new(secret, f"{timestamp}.{path}.".encode() + body, hashlib.sha256).hexdigest()
    return f"sha256={mac}"


class ReplayGuard:
    """The signatures seen within the replay window (this process): the same request twice is refused."""

    def __init__(self, window: float, now: Callable[[], float] = time.time) -> None:
        self.window, self.now = window, now
        self._seen: dict[str, float] = {}
        self._lock = threading.Lock()

    def fresh(self, signature: str) -> bool:
        """True the first time ``signature`` is seen within the window."""
        now = self.now()
        with self._lock:
            self._seen = {s: at for s, at in self._seen.items() if now - at <= self.window}
            if signature in self._seen:
                return False
            self._seen[signature] = now
            return True


def verify(secret: bytes, headers: dict[str, str], path: str, query_token: str | None, body: bytes,
           rule_token: str | None, guard: ReplayGuard) -> Knock | None:  # fmt: skip
    """The knock, if the request proves it: a valid fresh signature, else the rule's own URL token; else None."""
    signature, stamp = headers.get(SIGNATURE), headers.get(TIMESTAMP)
    if signature and stamp:
        try:
            age = abs(guard.now() - float(stamp))
        except ValueError:
            return None
        expected = sign(secret, stamp, path, body)
        if age <= guard.window and hmac.compare_digest(expected, signature) and guard.fresh(signature):
            return Knock(by="signed")
        return None
    if query_token and rule_token and hmac.compare_digest(query_token.encode(), rule_token.encode()):
        return Knock(by="token")
    return None
