"""The device's one way to the JobExp server: every request is checked before it leaves.

Each endpoint the device may call is declared with the body fields, query parameters and
headers it may carry. A request with anything else is refused with `OutboundRefused` (an
exception, so a bug is caught in tests rather than quietly trimmed), and every outgoing value
is scanned against the local stores (`LocalSecrets`) as a second guard. The last check runs
in an httpx request hook, on the request exactly as it will be sent.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal

import httpx

from jobexp.device.errors import OutboundRefused, ServerError, ServerUnreachable, SessionExpired
from jobexp.device.guard import LocalSecrets

__all__ = ["ROUTES", "Outbound", "Route", "leaves"]

USER_AGENT = "jobexp-device/1"
# httpx adds host, accept-encoding, connection and content-length itself; we add the rest.
ALLOWED_HEADERS = frozenset(
    {
        "host",
        "accept",
        "accept-encoding",
        "accept-language",
        "authorization",
        "connection",
        "content-length",
        "content-type",
        "user-agent",
    }
)
# The others are constants of this client, the server's host, or the random token.
SCANNED_HEADERS = frozenset({"accept-language"})
CREDENTIALS = frozenset({"identifier", "password", "device.device_id"})
DEVICE_LOGIN = frozenset(
    {"identifier", "password", "device.device_id", "device.network_code", "device.country_code"}
)


@dataclass(frozen=True)
class Route:
    method: Literal["GET", "POST"]
    path: str
    body: frozenset[str] = frozenset()  # dotted paths of the leaves a body may have
    query: frozenset[str] = frozenset()
    signed_in: bool = True
    # Never scanned: the user's own credentials (their own card, with the mobile number they
    # sign in with, is often in the address book) and opaque identifiers (the device id, the
    # server's place ids: random hex that may hold any digits).
    unscanned: frozenset[str] = frozenset()


ROUTES: Mapping[str, Route] = {
    "device.register": Route(
        "POST", "/api/v1/devices/register", DEVICE_LOGIN, signed_in=False, unscanned=CREDENTIALS
    ),
    "device.login": Route(
        "POST", "/api/v1/devices/login", DEVICE_LOGIN, signed_in=False, unscanned=CREDENTIALS
    ),
    "me": Route("GET", "/api/v1/me"),
    # Features served by the server (1b, 1d): only what each one needs.
    "places.list": Route("GET", "/api/v1/places"),
    # One of: a city, a point (the device's location, which the server coarsens), a saved place.
    "weather": Route(
        "POST",
        "/api/v1/weather",
        frozenset({"city", "latitude", "longitude", "place_id"}),
        unscanned=frozenset({"place_id"}),
    ),
    "tasks.create": Route("POST", "/api/v1/tasks", frozenset({"title", "due_at"})),
    "tasks.list": Route("GET", "/api/v1/tasks"),
    # Third parties (1d; D3): the server shares only these, with the separate consent.
    "navigate": Route(
        "POST",
        "/api/v1/navigation",
        frozenset(
            {
                "destination",
                "destination_place_id",
                "origin_place_id",
                "origin_latitude",
                "origin_longitude",
            }
        ),
        unscanned=frozenset({"destination_place_id", "origin_place_id"}),
    ),
    "tickets.notice": Route("GET", "/api/v1/tickets/notice"),
    "tickets.book": Route(
        "POST",
        "/api/v1/tickets",
        frozenset({"query", "near_latitude", "near_longitude", "near_place_id", "notice_shown"}),
        unscanned=frozenset({"near_place_id"}),
    ),
    "consents.decide": Route(
        "POST", "/api/v1/me/consents", frozenset({"purpose", "recipient", "decision"})
    ),
}


Scalar = str | int | float | bool | None


def leaves(value: object, prefix: str = "") -> Iterator[tuple[str, Scalar]]:
    """(dotted path, scalar) for every leaf of a JSON-like value; lists add "[]"."""
    if isinstance(value, Mapping):
        for key, item in value.items():
            yield from leaves(item, f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(value, list | tuple):
        for item in value:
            yield from leaves(item, f"{prefix}[]")
    elif value is None or isinstance(value, str | int | float | bool):
        yield prefix, value
    else:
        raise OutboundRefused(f"{prefix}: a {type(value).__name__} cannot be sent")


class Outbound:
    """An httpx client that sends only declared routes, fields and headers."""

    def __init__(
        self,
        base_url: str,
        secrets: LocalSecrets,
        *,
        token: str | None = None,
        transport: httpx.BaseTransport | None = None,
        timeout: float = 10.0,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self._secrets = secrets
        self._http = httpx.Client(
            base_url=self.base_url,
            transport=transport,
            timeout=timeout,
            headers={"user-agent": USER_AGENT, "accept": "application/json"},
            event_hooks={"request": [self._last_check]},
            follow_redirects=False,
            trust_env=False,  # no proxy or netrc from the environment sees this traffic
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Outbound:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def call(
        self,
        name: str,
        *,
        body: Mapping[str, Any] | None = None,
        query: Mapping[str, str] | None = None,
        lang: str | None = None,
    ) -> Any:
        """Send route `name`; return the decoded JSON answer (None for an empty one)."""
        route = ROUTES.get(name)
        if route is None:
            raise OutboundRefused(f"{name}: not a route the device may call")
        self._check(name, route, body, query)
        headers = {"accept-language": lang} if lang else {}
        if route.signed_in:
            if not self.token:
                raise SessionExpired
            headers["authorization"] = f"Bearer {self.token}"
        try:
            response = self._http.request(
                route.method, route.path, json=body, params=query, headers=headers
            )
        except httpx.TransportError as exc:
            raise ServerUnreachable(f"{self.base_url}: {type(exc).__name__}") from exc
        return _answer(response, signed_in=route.signed_in)

    def _check(
        self,
        name: str,
        route: Route,
        body: Mapping[str, Any] | None,
        query: Mapping[str, str] | None,
    ) -> None:
        for allowed, value, where in ((route.body, body, "body"), (route.query, query, "query")):
            for path, leaf in leaves(value or {}):
                if path not in allowed:
                    raise OutboundRefused(f"{name}: {where} field {path!r} is not allowed")
                if path not in route.unscanned:
                    self._scan(name, path, leaf)

    def _scan(self, name: str, path: str, value: Scalar) -> None:
        if value is None or isinstance(value, bool):
            return
        found = self._secrets.find(str(value))
        if found:
            raise OutboundRefused(f"{name}: {path} would reveal a {found}", found)

    def _last_check(self, request: httpx.Request) -> None:
        """On the request as it will go out: headers declared, nothing local in any value."""
        for header, value in request.headers.items():
            if header.lower() not in ALLOWED_HEADERS:
                raise OutboundRefused(f"header {header!r} is not allowed")
            if header.lower() in SCANNED_HEADERS:
                self._scan("request", f"header {header}", value)
        for key, value in request.url.params.multi_items():
            self._scan("request", f"query {key}", value)
        unscanned = next(
            (
                r.unscanned
                for r in ROUTES.values()
                if (r.method, r.path) == (request.method, request.url.path)
            ),
            frozenset(),
        )
        if request.content:
            for path, leaf in leaves(json.loads(request.content)):
                if path not in unscanned:
                    self._scan("request", path, leaf)


def _answer(response: httpx.Response, *, signed_in: bool) -> Any:
    if response.status_code == httpx.codes.UNAUTHORIZED and signed_in:
        raise SessionExpired
    try:
        payload = response.json() if response.content else None
    except ValueError:
        payload = None
    if response.is_success:
        return payload
    error = payload.get("error", {}) if isinstance(payload, dict) else {}
    raise ServerError(
        response.status_code,
        str(error.get("code") or response.reason_phrase),
        str(error.get("message") or response.reason_phrase),
    )
