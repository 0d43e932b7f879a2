"""Fault injection in front of real (recorded) traffic: lost answers and refused connections.

A timeout cannot be recorded, so these seams let the real request through (or not) and then
raise what the network would have: the Odoo side of every test stays a real recording.
"""

from __future__ import annotations

import json
import xmlrpc.client
from collections.abc import Callable

import httpx

from odoo_tools.client.errors import OdooTimeoutError
from odoo_tools.client.http import HttpSeam, RequestNotSentError

Match = Callable[[str, bytes], bool]


def target(path: str, body: bytes) -> tuple[str, str] | None:
    """The (model, method) a request calls, on any transport."""
    if path.startswith("/json/2/"):
        model, _, method = path.removeprefix("/json/2/").partition("/")
        return model, method
    if path == "/jsonrpc":
        args = json.loads(body)["params"]["args"]
    elif path.startswith("/xmlrpc/"):
        args = list(xmlrpc.client.loads(body)[0])
    else:
        return None
    return (str(args[3]), str(args[4])) if len(args) > 4 else None


def calls(model: str, method: str) -> Match:
    """Match requests calling ``model.method``."""
    return lambda path, body: target(path, body) == (model, method)


class FaultySeam(HttpSeam):
    """Fails the first ``times`` matching requests: ``before`` sending, or ``after`` (answer lost)."""

    def __init__(self, base_url: str, timeout: float, *, match: Match, when: str, times: int = 1) -> None:
        super().__init__(base_url, timeout)
        self.match, self.when, self.left = match, when, times
        self.sent: list[tuple[str, str] | None] = []

    def request(
        self, verb: str, path: str, *, content: bytes | None = None, headers: dict[str, str] | None = None
    ) -> httpx.Response:
        hit = self.left > 0 and self.match(path, content or b"")
        if hit and self.when == "before":
            self.left -= 1
            raise RequestNotSentError("Cannot connect (injected before sending).")
        response = super().request(verb, path, content=content, headers=headers)
        self.sent.append(target(path, content or b""))
        if hit and self.when == "after":
            self.left -= 1
            raise OdooTimeoutError("Answer lost (injected after the server committed).")
        return response
