"""``odoo-agent bench``: the recorded run replayed (call counts are deterministic), the write guard, the proxy."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from evals.bench import CASSETTES, RECORDED, classify, replay_counts
from evals.latency_proxy import LatencyProxy, call_name

ROOT = Path(__file__).parent.parent
RECORDING = json.loads(RECORDED.read_text())


@pytest.mark.parametrize("workflow", sorted(RECORDING["workflows"]))
def test_a_replayed_bench_run_makes_the_recorded_calls(workflow: str) -> None:
    """Every turn a new ``odoo-agent ask/resume --json`` process on its cassette, as in the recorded run."""
    assert (CASSETTES / workflow / "turn1.yaml").exists()
    assert replay_counts([workflow]) == {workflow: RECORDING["workflows"][workflow]["calls"]}


@pytest.mark.parametrize("argv", [["-m", "evals.bench"], ["-m", "agent", "bench"]])
def test_the_bench_refuses_to_run_without_allow_writes(argv: list[str]) -> None:
    done = subprocess.run([sys.executable, *argv, "--json"], capture_output=True, text=True, check=False, cwd=ROOT,
                          stdin=subprocess.DEVNULL)  # fmt: skip
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.strip().splitlines() == [
        "error: the bench creates records in Odoo; run it on a test database with --allow-writes."
    ]


def test_calls_are_named_on_every_transport_and_split_into_setup_and_work() -> None:
    assert call_name("/json/2/sale.order/create", b"{}") == ("sale.order", "create")
    assert call_name("/web/version", b"") == ("web", "/web/version")
    rpc = {"params": {"service": "object", "method": "execute_kw", "args": ["db", 2, "k", "res.partner", "read"]}}
    assert call_name("/jsonrpc", json.dumps(rpc).encode()) == ("res.partner", "read")
    assert classify("web", "/web/version") == classify("res.users", "context_get") == "setup"
    assert classify("product.product", "fields_get") == classify("ir.module.module", "search_read") == "setup"
    assert classify("sale.order", "create") == classify("res.users", "search_read") == "work"


class _Echo(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        return

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def upstream() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Echo)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_the_latency_proxy_delays_forwards_and_logs_each_call(upstream: str) -> None:
    with LatencyProxy(upstream, delay=0.05) as proxy, httpx.Client(base_url=proxy.url) as client:
        start = time.perf_counter()
        for _ in range(3):  # one kept-alive connection, three calls
            answer = client.post("/json/2/res.partner/search_read", content=b'{"domain": []}')
            assert answer.json() == {"domain": []}
        assert time.perf_counter() - start >= 0.15
        calls = proxy.take()
    assert [(c.model, c.method, c.sent, c.received, c.status) for c in calls] == [
        ("res.partner", "search_read", 14, 14, 200)
    ] * 3
