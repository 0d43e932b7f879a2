"""A loopback reverse proxy that exposes only ``/xmlrpc/2/*`` of an Odoo server.

It stands for the hosting setups where only XML-RPC is reachable (JSON-2 and the web routes
are blocked): ``doctor`` must then pick XML-RPC by itself. Used to record
``tests/cassettes/doctor/xmlrpc-only.yaml`` (see tests/README.md); replays need no proxy.

    python -m tests.xmlrpc_only_proxy --upstream http://127.0.0.1:8069 --port 8070
"""

from __future__ import annotations

import argparse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx

NOT_FOUND = b"<!DOCTYPE html><html><body><h1>404 Not Found</h1></body></html>"


def make_handler(upstream: str) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _refuse(self) -> None:
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(NOT_FOUND)))
            self.end_headers()
            self.wfile.write(NOT_FOUND)

        def do_GET(self) -> None:
            self._refuse()

        def do_POST(self) -> None:
            if not self.path.startswith("/xmlrpc/2/"):
                self._refuse()
                return
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            answer = httpx.post(upstream + self.path, content=body, headers={"Content-Type": "text/xml"}, timeout=60)
            self.send_response(answer.status_code)
            self.send_header("Content-Type", answer.headers.get("content-type", "text/xml"))
            self.send_header("Content-Length", str(len(answer.content)))
            self.end_headers()
            self.wfile.write(answer.content)

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--upstream", default="http://127.0.0.1:8069")
    parser.add_argument("--port", type=int, default=8070)
    args = parser.parse_args()
    ThreadingHTTPServer(("127.0.0.1", args.port), make_handler(args.upstream)).serve_forever()


if __name__ == "__main__":
    main()
