"""A scripted OpenAI-compatible chat model on loopback, to drive the real OpenClaw client in tests.

OpenClaw's ``openai-completions`` provider POSTs ``/v1/chat/completions`` with ``stream: true`` and
the tools it offers (``read``, ``exec``, …); tool results come back as ``role: tool`` messages. The
script sees every request's messages and returns the next assistant move: a tool call or a text.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

__all__ = ["Call", "ScriptedModel", "Text", "serve", "text_of"]


@dataclass(frozen=True)
class Call:
    """The model calls one tool."""

    tool: str
    args: dict[str, Any]


@dataclass(frozen=True)
class Text:
    """The model answers the user and ends its turn."""

    text: str


Script = Callable[[list[dict[str, Any]]], Call | Text]


def text_of(message: dict[str, Any]) -> str:
    """A message's text, whether its content is a string or a list of parts."""
    content = message.get("content") or ""
    if isinstance(content, str):
        return content
    return "".join(part.get("text", "") for part in content if isinstance(part, dict))


@dataclass
class ScriptedModel:
    """Answers each chat request with ``script(messages)``; keeps every request body it received."""

    script: Script
    model: str = "stub"
    requests: list[dict[str, Any]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def reply(self, body: dict[str, Any]) -> dict[str, Any]:
        """The assistant delta and finish reason for one request."""
        self.requests.append(body)
        move = self.script(body["messages"])
        if isinstance(move, Text):
            return {"delta": {"role": "assistant", "content": move.text}, "finish": "stop"}
        call = {"index": 0, "id": f"call_{len(self.requests)}", "type": "function",
                "function": {"name": move.tool, "arguments": json.dumps(move.args)}}  # fmt: skip
        return {"delta": {"role": "assistant", "content": None, "tool_calls": [call]}, "finish": "tool_calls"}


def _handler(model: ScriptedModel) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # keep pytest output clean
            pass

        def do_POST(self) -> None:
            if not self.path.endswith("/chat/completions"):
                self.send_error(404)
                return
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
            try:
                out = model.reply(body)
            except Exception as exc:  # a script failure must fail the test, not hang the client
                model.errors.append(repr(exc))
                self.send_error(500, repr(exc))
                return
            base = {"id": f"chatcmpl-{len(model.requests)}", "created": int(time.time()), "model": model.model}
            if body.get("stream"):
                self._stream(base, out)
            else:
                choice = {"index": 0, "message": out["delta"], "finish_reason": out["finish"]}
                self._json({**base, "object": "chat.completion", "choices": [choice]})

        def _stream(self, base: dict[str, Any], out: dict[str, Any]) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            chunk = {**base, "object": "chat.completion.chunk"}
            for delta, finish in ((out["delta"], None), ({}, out["finish"])):
                event = {**chunk, "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
                self.wfile.write(f"data: {json.dumps(event)}\n\n".encode())
            usage = {**chunk, "choices": [], "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0}}
            self.wfile.write(f"data: {json.dumps(usage)}\n\ndata: [DONE]\n\n".encode())

        def _json(self, payload: dict[str, Any]) -> None:
            data = json.dumps(payload).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    return Handler


@contextmanager
def serve(model: ScriptedModel) -> Iterator[str]:
    """Serve the model on a free loopback port; yields the base URL (``http://127.0.0.1:PORT/v1``)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(model))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
