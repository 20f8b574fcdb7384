"""What the device sends, recorded at its transport: the bytes that reach the wire."""

from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import unquote

import httpx


@dataclass(frozen=True)
class Sent:
    method: str
    url: str
    headers: tuple[tuple[str, str], ...]
    body: bytes

    def texts(self) -> list[str]:
        """Everything a reader of this request could see, decoded every way it is encoded."""
        found = [self.method, self.url, unquote(self.url)]
        found += [f"{name}: {value}" for name, value in self.headers]
        raw = self.body.decode("utf-8", errors="replace")
        found.append(raw)
        if self.body:
            found.extend(_leaves(json.loads(self.body)))
        return found


def _leaves(value: object) -> list[str]:
    if isinstance(value, dict):
        return [k for k in value] + [s for v in value.values() for s in _leaves(v)]
    if isinstance(value, list):
        return [s for v in value for s in _leaves(v)]
    return [str(value)]


class RecordingTransport(httpx.BaseTransport):
    """A real HTTP transport that keeps a copy of every request before sending it."""

    def __init__(self) -> None:
        self._inner = httpx.HTTPTransport()
        self.sent: list[Sent] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        body = request.read()
        self.sent.append(
            Sent(request.method, str(request.url), tuple(request.headers.multi_items()), body)
        )
        return self._inner.handle_request(request)

    def close(self) -> None:
        self._inner.close()
