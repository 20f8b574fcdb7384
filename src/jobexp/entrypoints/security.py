"""Who a request is: bearer token (devices) or session cookie (browsers), and CSRF checks."""

from __future__ import annotations

import hmac
import secrets

from starlette.requests import Request, cookie_parser

from jobexp.domain.audit import AuditEvent
from jobexp.domain.errors import Forbidden, NotAuthenticated
from jobexp.entrypoints.cookies import CSRF, SESSION, CookiePolicy
from jobexp.entrypoints.requests import request_context, services
from jobexp.service_layer import audit
from jobexp.service_layer.auth import Authenticated, Principal, authenticate_request
from jobexp.service_layer.policy_updates import PolicyNotice
from jobexp.types import Channel

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
CSRF_HEADER = "x-csrf-token"


def cookie_policy(request: Request) -> CookiePolicy:
    policy: CookiePolicy = request.app.state.cookie_policy
    return policy


def bearer_token(request: Request) -> str | None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


def session_cookie(request: Request) -> str | None:
    return request.cookies.get(cookie_policy(request).name(SESSION)) or None


def presented_token(request: Request) -> str | None:
    """The bearer token, else the session cookie (for safe methods only: no CSRF check here)."""
    return token_in_headers(request.scope["headers"], cookie_policy(request).name(SESSION))


def token_in_headers(headers: list[tuple[bytes, bytes]], cookie_name: str) -> str | None:
    """The bearer token, else the session cookie, read from raw ASGI headers in one pass."""
    cookies = None
    for name, value in headers:
        if name == b"authorization":
            scheme, _, token = value.decode("latin-1").partition(" ")
            if scheme.lower() == "bearer" and token.strip():
                return token.strip()
        elif name == b"cookie":
            cookies = value
    if cookies is None:
        return None
    return cookie_parser(cookies.decode("latin-1")).get(cookie_name) or None


def current_principal(request: Request, channel: Channel, *, csrf: str | None = None) -> Principal:
    """Authenticate by bearer token or cookie; cookie requests that change state need CSRF."""
    ctx = request_context(request, channel)
    token = bearer_token(request)
    if token is None:
        token = session_cookie(request)
        if token is None:
            raise NotAuthenticated()
        if request.method not in SAFE_METHODS:
            require_csrf(request, csrf or request.headers.get(CSRF_HEADER), channel)
    return _remember(request, authenticate_request(services(request), token, ctx))


def _remember(request: Request, who: Authenticated) -> Principal:
    """Keep who asked, and any pending policy update, for the rest of this request.

    The edge middleware reads the notice (API flag), page rendering reads both (the pop-up),
    so a page that authenticated in its route does not authenticate again to render.
    """
    if who.notice is not None:
        request.state.policy_notice = who.notice
    request.state.principal = who.principal
    return who.principal


def remembered_notice(request: Request) -> PolicyNotice | None:
    """The policy update the signed-in user has not accepted, read when they authenticated."""
    notice: PolicyNotice | None = getattr(request.state, "policy_notice", None)
    return notice


def optional_principal(request: Request) -> Principal | None:
    """Who is signed in on this browser, if anyone; never raises, never audits.

    For pages anyone may see that show more to a signed-in user (the policy-update pop-up).
    """
    known: Principal | None = getattr(request.state, "principal", None)
    if known is not None:
        return known
    token = session_cookie(request)
    if token is None:
        return None
    ctx = request_context(request, "web")
    try:
        who = authenticate_request(services(request), token, ctx, audit_rejection=False)
    except NotAuthenticated:
        return None
    return _remember(request, who)


def csrf_cookie(request: Request) -> str | None:
    return request.cookies.get(cookie_policy(request).name(CSRF)) or None


def new_csrf_cookie() -> str:
    return secrets.token_urlsafe(24)


def csrf_token_for(request: Request, cookie_value: str) -> str:
    return services(request).derived.csrf.short(cookie_value)


def require_csrf(request: Request, presented: str | None, channel: Channel) -> None:
    """Signed double-submit: the token must be the keyed hash of this browser's CSRF cookie."""
    cookie = csrf_cookie(request)
    expected = csrf_token_for(request, cookie) if cookie else None
    if expected is None or not presented or not hmac.compare_digest(presented, expected):
        deny(request, channel, "csrf")
        raise Forbidden("csrf.failed")
    origin = request.headers.get("origin")
    if origin and origin != _own_origin(request):
        deny(request, channel, "origin")
        raise Forbidden("csrf.failed")


def _own_origin(request: Request) -> str:
    return f"{request.url.scheme}://{request.url.netloc}"


def deny(request: Request, channel: Channel, reason: str) -> None:
    """Audit an authorization failure."""
    svc = services(request)
    audit.record_alone(
        svc,
        AuditEvent(
            action="authz:request:denied",
            outcome="failure",
            client=audit.client_tag(svc, request_context(request, channel)),
            details={"reason": reason, "method": request.method, "path": request.url.path[:200]},
        ),
    )
