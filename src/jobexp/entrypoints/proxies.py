"""The client's address behind a load balancer, believed only from proxies we trust.

With JOBEXP_TRUSTED_PROXIES unset, the address is the TCP peer's, whatever headers say: a
header any client can set must not pick its own throttle key. When the peer is a trusted
proxy, the client is the right-most hop of `Forwarded` (or else `X-Forwarded-For`) that is
not itself a trusted proxy; hops further left were written by the client and are ignored.
Throttling and the access log both read the address this middleware leaves in the scope.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from ipaddress import ip_address

from starlette.types import ASGIApp, Receive, Scope, Send

from jobexp.config import IPNetwork

__all__ = ["TrustedProxies", "client_address"]


class TrustedProxies:
    """Pure ASGI middleware: rewrites `scope["client"]` when a trusted proxy forwarded it."""

    def __init__(self, app: ASGIApp, *, trusted: Sequence[IPNetwork]) -> None:
        self.app = app
        self.trusted = tuple(trusted)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        peer = scope.get("client")
        if self.trusted and scope["type"] in {"http", "websocket"} and peer:
            host = client_address(peer[0], scope["headers"], self.trusted)
            if host != peer[0]:
                scope["client"] = (host, 0)
        await self.app(scope, receive, send)


def client_address(
    peer: str, headers: Iterable[tuple[bytes, bytes]], trusted: Sequence[IPNetwork]
) -> str:
    """The client as the trusted proxies in front of `peer` saw it; `peer` if it is not one."""
    if not _is_trusted(peer, trusted):
        return peer
    hops = _hops(headers)
    for hop in reversed(hops):
        if not _is_trusted(hop, trusted):
            return hop if _parses(hop) else peer
    return hops[0] if hops else peer


def _hops(headers: Iterable[tuple[bytes, bytes]]) -> list[str]:
    forwarded: list[str] = []
    x_forwarded_for: list[str] = []
    for name, value in headers:
        if name == b"forwarded":
            forwarded += _forwarded_for(value.decode("latin-1"))
        elif name == b"x-forwarded-for":
            x_forwarded_for += [_bare(p) for p in value.decode("latin-1").split(",")]
    return forwarded or [hop for hop in x_forwarded_for if hop]


def _forwarded_for(value: str) -> list[str]:
    """The `for=` of each element of an RFC 7239 Forwarded header, in order."""
    hops = []
    for element in value.split(","):
        for pair in element.split(";"):
            key, _, node = pair.partition("=")
            if key.strip().lower() == "for":
                hops.append(_bare(node))
    return hops


def _bare(node: str) -> str:
    """`"[2001:db8::1]:4711"` -> `2001:db8::1`, `192.0.2.1:80` -> `192.0.2.1`."""
    node = node.strip().strip('"')
    if node.startswith("["):
        return node[1:].partition("]")[0]
    if node.count(":") == 1:
        return node.partition(":")[0]
    return node


def _parses(host: str) -> bool:
    try:
        ip_address(host)
    except ValueError:
        return False
    return True


def _is_trusted(host: str, trusted: Sequence[IPNetwork]) -> bool:
    try:
        address = ip_address(host)
    except ValueError:
        return False
    return any(address in network for network in trusted)
