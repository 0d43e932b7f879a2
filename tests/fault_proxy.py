"""A loopback HTTP proxy in front of a real Odoo that loses, holds, refuses or fails chosen calls.

What an unlucky network does, on real sockets: the client under test talks to the proxy exactly as
to Odoo; rules matched by model and method (any transport) decide each call's fate:

- ``drop``: forward the request, let Odoo commit, then close the connection without an answer;
- ``hold``: keep the request ``seconds`` before forwarding it (the client may time out meanwhile);
- ``refuse``: reset the connection without forwarding (Odoo never sees it, the client cannot know);
- ``status``: answer ``status`` (502 by default) with a proxy's HTML page, after forwarding unless
  ``forward=False``.

Live and recording runs use ``FaultProxy``; a replay has no proxy, so ``ReplayFaults`` (a client
seam) raises what the client saw live for the same rules, in the same order, and lets every other
request through to the cassette. The requests a lost answer hides are not in the cassette (vcrpy
records answers only), and nothing else needs to be: what Odoo did shows in the later lookups,
which are recorded.

Run by hand: ``python -m tests.fault_proxy --upstream http://127.0.0.1:8069 --port 8071
--rule sale.order/create=drop``.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import socket
import socketserver
import struct
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from typing import Literal
from urllib.parse import urlsplit

import httpx

from odoo_tools.client.http import HttpSeam
from tests.faults import target

__all__ = ["FaultProxy", "ReplayFaults", "Rule"]

Action = Literal["drop", "hold", "refuse", "status"]
_HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "host", "proxy-connection"}


@dataclass
class Rule:
    """What to do to the next ``times`` calls of ``model``/``method``."""

    model: str
    method: str
    action: Action
    seconds: float = 0.0
    status: int = 502
    forward: bool = True
    times: int = 1

    def take(self, call: tuple[str, str] | None) -> bool:
        """Whether this call is hit (and count it)."""
        if self.times <= 0 or call != (self.model, self.method):
            return False
        self.times -= 1
        return True

    @classmethod
    def parse(cls, text: str) -> Rule:
        """``model/method=action[:seconds|:status]`` as on the command line."""
        call, _, how = text.partition("=")
        model, _, method = call.partition("/")
        action, _, arg = how.partition(":")
        rule = cls(model, method, action)  # type: ignore[arg-type]
        if arg and action == "hold":
            rule.seconds = float(arg)
        elif arg and action == "status":
            rule.status = int(arg)
        return rule


def _first(rules: list[Rule], call: tuple[str, str] | None, lock: threading.Lock) -> Rule | None:
    with lock:
        return next((r for r in rules if r.take(call)), None)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as httpx expects of Odoo
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        self._relay(b"")

    def do_POST(self) -> None:
        self._relay(self.rfile.read(int(self.headers.get("Content-Length") or 0)))

    def _relay(self, body: bytes) -> None:
        proxy = self.server.proxy
        call = target(self.path, body)
        rule = _first(proxy.rules, call, proxy.lock)
        proxy.log.append((call, rule.action if rule else "pass"))
        if rule and rule.action == "refuse":
            self._reset()
            return
        if rule and rule.action == "hold":
            time.sleep(rule.seconds)
        if rule and rule.action == "status" and not rule.forward:
            self._answer(rule.status, [("Content-Type", "text/html")], _page(rule.status))
            return
        status, headers, payload = proxy.forward(self.command, self.path, body, self.headers.items())
        if rule and rule.action == "drop":
            self.close_connection = True  # Odoo committed; the answer is lost with the connection
            return
        if rule and rule.action == "status":
            status, headers, payload = rule.status, [("Content-Type", "text/html")], _page(rule.status)
        with contextlib.suppress(OSError):  # a held request's client gave up and left: the answer goes nowhere
            self._answer(status, headers, payload)

    def _answer(self, status: int, headers: list[tuple[str, str]], payload: bytes) -> None:
        self.send_response(status)
        for name, value in headers:
            if name.lower() not in _HOP_BY_HOP:
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def _reset(self) -> None:
        # SO_LINGER 0: close() sends a RST, what a crashed proxy or a firewall does.
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True


def _page(status: int) -> bytes:
    return f"<html><body><h1>{status} Bad Gateway</h1><p>fault proxy</p></body></html>".encode()


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    proxy: FaultProxy


class FaultProxy:
    """The proxy on ``127.0.0.1:<port>`` (a free port unless given), in a background thread.

    ``log`` lists every call seen and what was done to it; ``rules`` may be changed while it runs.
    """

    def __init__(self, upstream: str, rules: list[Rule] | None = None, port: int = 0) -> None:
        parts = urlsplit(upstream)
        self.upstream_host, self.upstream_port = parts.hostname or "127.0.0.1", parts.port or 80
        self.rules = list(rules or [])
        self.lock = threading.Lock()
        self.log: list[tuple[tuple[str, str] | None, str]] = []
        self._server = _Server(("127.0.0.1", port), _Handler)
        self._server.proxy = self
        self._thread = threading.Thread(target=self._server.serve_forever, name="fault-proxy", daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def forward(self, verb: str, path: str, body: bytes, headers: object) -> tuple[int, list[tuple[str, str]], bytes]:
        """One exchange with the real Odoo, on a fresh raw socket.

        Not through ``http.client.HTTPConnection``: vcrpy patches it while a test records, and the
        proxy's side of the traffic would be stored a second time.
        """
        sent = [(k, v) for k, v in headers if k.lower() not in _HOP_BY_HOP]  # type: ignore[attr-defined]
        head = [f"{verb} {path} HTTP/1.1", f"Host: {self.upstream_host}:{self.upstream_port}",
                f"Content-Length: {len(body)}", "Connection: close", *(f"{k}: {v}" for k, v in sent)]  # fmt: skip
        with socket.create_connection((self.upstream_host, self.upstream_port), timeout=600) as sock:
            sock.sendall(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body)
            response = http.client.HTTPResponse(sock)
            response.begin()
            return response.status, response.getheaders(), response.read()

    def __enter__(self) -> FaultProxy:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()


class ReplayFaults(HttpSeam):
    """The client seam of a replay: the same rules, raising what the client saw through the live proxy."""

    def __init__(self, base_url: str, timeout: float, rules: list[Rule]) -> None:
        super().__init__(base_url, timeout)
        self.timeout, self.rules, self.lock = timeout, list(rules), threading.Lock()

    def _send(self, verb: str, path: str, *, content: bytes | None, headers: dict[str, str] | None) -> httpx.Response:
        rule = _first(self.rules, target(path, content or b""), self.lock)
        request = httpx.Request(verb, self.base_url + path)
        if rule is None or rule.action == "status" or (rule.action == "hold" and rule.seconds < self.timeout):
            return super()._send(verb, path, content=content, headers=headers)  # recorded: the cassette has it
        if rule.action == "hold":
            raise httpx.ReadTimeout("timed out", request=request)
        # A reset before any answer reaches httpx as the same "disconnected" as a dropped answer (seen live).
        raise httpx.RemoteProtocolError("Server disconnected without sending a response.", request=request)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--upstream", required=True, help="the real Odoo, e.g. http://127.0.0.1:8069")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--rule", action="append", default=[], help="model/method=drop|hold:S|refuse|status:502")
    args = parser.parse_args()
    with FaultProxy(args.upstream, [Rule.parse(r) for r in args.rule], port=args.port) as proxy:
        print(proxy.url, flush=True)
        threading.Event().wait()


if __name__ == "__main__":
    main()
