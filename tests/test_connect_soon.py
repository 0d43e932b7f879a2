"""Issue 22: ``ask`` starts its Odoo handshake on a thread while the graph is imported.

What must hold: the first use of the connection waits for that handshake and raises exactly what it
raised (an Odoo that is down is reported as before, once), and nothing is sent twice. The replayed CLI
tests (``test_metadata_cache``, ``test_cli_graph``) run ``ask`` on cassettes, so they also show that the
requests still go out in the recorded order; the bench prints how soon the first request leaves.
"""

from __future__ import annotations

import socket

import pytest
from pydantic import SecretStr

from odoo_tools.client import OdooClient
from odoo_tools.client.connection import ConnectionConfig
from odoo_tools.client.errors import RequestNotSentError


def _refusing_port() -> int:
    """A loopback port nothing listens on: a connection to it is refused before any request leaves."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _client(port: int) -> OdooClient:
    cfg = ConnectionConfig(url=f"http://127.0.0.1:{port}", db="odoo", username="admin", api_key=SecretStr("k"),
                           max_retries=0)  # fmt: skip
    return OdooClient(cfg)


def test_the_first_use_raises_what_the_early_handshake_raised() -> None:
    client = _client(_refusing_port())
    client.connect_soon()
    early = client._early
    assert early is not None and early.name == "odoo-handshake"
    with pytest.raises(RequestNotSentError):
        client.search_read("res.partner", [], ["name"], limit=1)
    assert not early.is_alive() and client.stats.count == 1  # one attempt, on the thread: the use did not redo it
    with pytest.raises(RequestNotSentError):  # handed over once: the next use connects again and says so again
        client.transport  # noqa: B018
    assert client.stats.count == 2


def test_connect_soon_is_a_no_op_once_started() -> None:
    """A second call starts no second handshake (it would send everything twice)."""
    client = _client(_refusing_port())
    client.connect_soon()
    first = client._early
    client.connect_soon()
    assert client._early is first
    with pytest.raises(RequestNotSentError):
        client.connect()
    assert client._early is None
