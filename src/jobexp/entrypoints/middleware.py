"""Pure ASGI middleware: body limit, security headers and the access log on every response."""

from __future__ import annotations

import json
from collections.abc import Callable, MutableMapping
from datetime import datetime
from typing import Any

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from jobexp.clock import Clock
from jobexp.domain.netaddr import browser_family, primary_language, truncate_ip
from jobexp.i18n import negotiate, translate
from jobexp.service_layer.access_log import AccessEntry, AccessLogBuffer
from jobexp.service_layer.policy_updates import PolicyNotice

_BASE_HEADERS = [
    ("cache-control", "no-store"),
    ("x-content-type-options", "nosniff"),
    # same-origin, not no-referrer: with no-referrer browsers send "Origin: null" on form
    # posts, which the CSRF origin check must refuse. Other sites still get no referrer.
    ("referrer-policy", "same-origin"),
    ("x-frame-options", "DENY"),
    (
        "content-security-policy",
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'",
    ),
    ("permissions-policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()"),
    ("cross-origin-opener-policy", "same-origin"),
    ("cross-origin-resource-policy", "same-origin"),
]
_HSTS = ("strict-transport-security", "max-age=63072000; includeSubDomains")


class EdgeMiddleware:
    """What every response gets, in one pass so it costs little on the hot path."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        access_log: AccessLogBuffer,
        clock: Clock,
        max_body_bytes: int,
        hsts: bool,
        service_ends: Callable[[], datetime | None] = lambda: None,
    ) -> None:
        self.app = app
        self.service_ends = service_ends
        self.access_log = access_log
        self.clock = clock
        self.max_body = max_body_bytes
        pairs = [*_BASE_HEADERS, _HSTS] if hsts else list(_BASE_HEADERS)
        # Encoded once: this runs on every response.
        self.headers = [(name.encode(), value.encode()) for name, value in pairs]
        self.names = frozenset(name for name, _ in self.headers)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_headers = _Wanted(scope["headers"])
        status = 500

        async def send_with_headers(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = list(message.get("headers", ()))
                present = {name.lower() for name, _ in headers}
                if present.isdisjoint(self.names):
                    headers += self.headers
                else:  # the response set its own value for some: keep it
                    headers.extend(h for h in self.headers if h[0] not in present)
                notice = scope.get("state", {}).get("policy_notice")
                if notice is not None:
                    headers.append((POLICY_UPDATE_HEADER, _notice_value(notice).encode()))
                ends = self.service_ends()
                if ends is not None:  # the service is discontinued (2b, D17)
                    headers.append((SERVICE_ENDS_HEADER, ends.isoformat().encode()))
                message["headers"] = headers
            await send(message)

        try:
            declared = int(request_headers.content_length or 0)
        except ValueError:
            declared = -1
        if declared < 0 or declared > self.max_body:
            status = 413 if declared > self.max_body else 400
            await _too_large(scope, send_with_headers, status, self.max_body)
        else:
            await self.app(scope, _limited(receive, self.max_body), send_with_headers)
        self._log(scope, request_headers, status)

    def _log(self, scope: Scope, headers: _Wanted, status: int) -> None:
        client = scope.get("client")
        self.access_log.add(
            AccessEntry(
                at=self.clock.now(),
                ip_prefix=truncate_ip(client[0] if client else None),
                browser=browser_family(headers.user_agent),
                language=primary_language(headers.accept_language),
                method=scope["method"][:8],
                # The path only: a query string may carry personal data.
                path=scope["path"][:512],
                status=status,
            )
        )


class _Wanted:
    """The three request headers the edge reads, found in one pass over the raw list."""

    __slots__ = ("accept_language", "content_length", "user_agent")

    def __init__(self, raw: list[tuple[bytes, bytes]]) -> None:
        self.content_length: str | None = None
        self.user_agent: str | None = None
        self.accept_language: str | None = None
        for name, value in raw:
            if name == b"content-length":
                self.content_length = self.content_length or value.decode("latin-1")
            elif name == b"user-agent":
                self.user_agent = self.user_agent or value.decode("latin-1")
            elif name == b"accept-language":
                self.accept_language = self.accept_language or value.decode("latin-1")


POLICY_UPDATE_HEADER = b"jobexp-policy-update"
SERVICE_ENDS_HEADER = b"jobexp-service-ends"


def _notice_value(notice: PolicyNotice) -> str:
    """e.g. `material; version="<sha256>"; affected="marketing weather"`."""
    affected = " ".join(sorted(notice.affected))
    return f'{notice.kind}; version="{notice.version}"; affected="{affected}"'


class BodyTooLarge(HTTPException):
    """Raised inside the app when a streamed body passes the limit (no Content-Length)."""

    def __init__(self, limit: int) -> None:
        super().__init__(status_code=413, detail="request.too_large")
        self.limit = limit  # the error message names it


def _limited(receive: Receive, limit: int) -> Receive:
    seen = 0

    async def wrapped() -> MutableMapping[str, Any]:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise BodyTooLarge(limit)
        return message

    return wrapped


async def _too_large(scope: Scope, send: Send, status: int, limit: int) -> None:
    headers = Headers(scope=scope)
    locale = negotiate(None, headers.get("accept-language"))
    code = "request.too_large" if status == 413 else "request.bad_length"
    body = json.dumps(
        {"error": {"code": code, "message": translate(code, locale, limit=limit), "fields": []}},
        ensure_ascii=False,
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
