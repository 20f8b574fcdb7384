"""Console sessions: a staff cookie of its own, under the same rules as the users' one.

HttpOnly, SameSite=Lax and, outside local development, Secure with the `__Host-` prefix
(`CookiePolicy`); forms carry the same signed double-submit CSRF token as every page.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from jobexp.domain.errors import NotAuthenticated
from jobexp.domain.staff import StaffMember
from jobexp.entrypoints.cookies import CSRF
from jobexp.entrypoints.requests import services
from jobexp.entrypoints.security import (
    SAFE_METHODS,
    cookie_policy,
    csrf_token_for,
    new_csrf_cookie,
    require_csrf,
)
from jobexp.entrypoints.web.pages import redirect
from jobexp.service_layer import staff

STAFF_SESSION = "jx_staff"
LOGIN = "/console/login"


def staff_token(request: Request) -> str | None:
    return request.cookies.get(cookie_policy(request).name(STAFF_SESSION)) or None


def console_member(request: Request, *, csrf: str | None = None) -> StaffMember | Response:
    """The signed-in staff member, or a redirect to the console login; posts need CSRF."""
    token = staff_token(request)
    if token is None:
        return redirect(LOGIN)
    if request.method not in SAFE_METHODS:
        require_csrf(request, csrf, "web")
    try:
        member = staff.authenticate(services(request), token)
    except NotAuthenticated:
        return redirect(LOGIN)
    request.state.staff = member
    return member


def start_console_session(request: Request, response: Response, token: str) -> None:
    policy = cookie_policy(request)
    policy.set(response, STAFF_SESSION, token, staff.STAFF_ABSOLUTE)
    policy.set(response, CSRF, new_csrf_cookie(), None)  # a token seen before login is stale


def end_console_session(request: Request, response: Response) -> None:
    cookie_policy(request).clear(response, STAFF_SESSION)


__all__ = [
    "LOGIN",
    "STAFF_SESSION",
    "console_member",
    "csrf_token_for",
    "end_console_session",
    "staff_token",
    "start_console_session",
]
