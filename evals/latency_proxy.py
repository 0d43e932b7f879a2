"""A loopback HTTP forwarder that adds a fixed delay to every Odoo call and logs each one.

``odoo-agent bench`` runs every workflow once straight to Odoo and once through this proxy at
100 ms per call, so its ``wall_s_at_100ms`` column shows what a remote Odoo costs per round trip.
The log (model, method, bytes each way) is what the bench splits into setup and work calls.

Run by hand: ``python -m evals.latency_proxy --upstream http://127.0.0.1:8069 --port 8072 --ms 100``.
"""

from __future__ import annotations

import argparse
import http.client
import json
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

__all__ = ["LatencyProxy", "ProxiedCall", "call_name"]

_HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "host", "proxy-connection"}


@dataclass(frozen=True)
class ProxiedCall:
    """One request that went through the proxy."""

    verb: str
    path: str
    model: str
    method: str
    sent: int
    received: int
    status: int


def call_name(path: str, body: bytes) -> tuple[str, str]:
    """(model, method) of one Odoo request on any transport: JSON-2 path, JSON-RPC or XML-RPC body."""
    parts = path.split("?")[0].strip("/").split("/")
    if parts[:2] == ["json", "2"] and len(parts) >= 4:
        return parts[2], parts[3]
    if path.startswith("/web/"):
        return "web", path.split("?")[0]
    text = body.decode("utf-8", "replace")
    if text.lstrip().startswith("{"):
        try:
            params: Any = json.loads(text).get("params") or {}
        except (ValueError, AttributeError):
            return "?", path
        args = params.get("args") or []
        if params.get("method") in ("execute_kw", "execute") and len(args) >= 5:
            return str(args[3]), str(args[4])
        return str(params.get("service", "common")), str(params.get("method", "?"))
    if "<methodName>" in text:
        import xmlrpc.client

        try:
            args, name = xmlrpc.client.loads(text)
        except Exception:  # not well-formed: still one call
            return "?", path
        if name in ("execute_kw", "execute") and len(args) >= 5:
            return str(args[3]), str(args[4])
        return "common", str(name)
    return "?", path


class LatencyProxy:
    """Forward every request to ``upstream`` after ``delay`` seconds; keep a log of the calls.

    Example:
        >>> with LatencyProxy("http://127.0.0.1:8069", delay=0.1) as proxy:
        ...     run_agent(url=proxy.url)
        ...     print(len(proxy.calls))
    """

    def __init__(self, upstream: str, delay: float = 0.1, port: int = 0) -> None:
        parts = urlsplit(upstream)
        self.upstream_host, self.upstream_port = parts.hostname or "127.0.0.1", parts.port or 80
        self.delay = delay
        self.calls: list[ProxiedCall] = []
        self._lock = threading.Lock()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                return

            def _forward(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                time.sleep(proxy.delay)
                headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_BY_HOP}
                conn = http.client.HTTPConnection(proxy.upstream_host, proxy.upstream_port, timeout=600)
                try:
                    conn.request(self.command, self.path, body=body or None, headers=headers)
                    answer = conn.getresponse()
                    data = answer.read()
                    status, reason, answer_headers = answer.status, answer.reason, answer.getheaders()
                finally:
                    conn.close()
                self.send_response(status, reason)
                for name, value in answer_headers:
                    if name.lower() not in _HOP_BY_HOP:
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                model, method = call_name(self.path, body)
                with proxy._lock:
                    proxy.calls.append(
                        ProxiedCall(self.command, self.path, model, method, len(body), len(data), status)
                    )

            do_GET = do_POST = do_PUT = do_DELETE = _forward

        self._server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, name="latency-proxy", daemon=True)

    @property
    def url(self) -> str:
        """The proxy's base URL (give it to the agent as ODOO_URL)."""
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def take(self) -> list[ProxiedCall]:
        """The calls logged since the last take (and forget them)."""
        with self._lock:
            calls, self.calls = self.calls, []
        return calls

    def start(self) -> LatencyProxy:
        """Serve in a background thread."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket."""
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> LatencyProxy:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def main() -> None:
    """Serve until interrupted."""
    ap = argparse.ArgumentParser(description="Add a fixed delay to every request to an Odoo server.")
    ap.add_argument("--upstream", default="http://127.0.0.1:8069")
    ap.add_argument("--port", type=int, default=8072)
    ap.add_argument("--ms", type=float, default=100.0, help="delay per request, in milliseconds")
    ns = ap.parse_args()
    proxy = LatencyProxy(ns.upstream, ns.ms / 1000, ns.port)
    print(f"{proxy.url} -> {ns.upstream}, +{ns.ms:g} ms per request")  # i18n-exempt: bench report for developers
    try:
        proxy._server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        proxy._server.server_close()


if __name__ == "__main__":
    main()
