"""Console sessions: a staff cookie of its own, under the same rules as the users' one.

HttpOnly, SameSite=Lax and, outside local development, Secure with the `__Host-` prefix
(`CookiePolicy`); forms carry the same signed double-submit CSRF token as every page. Who is
signed in to the console is the `principal.ConsoleStaff` dependency.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from jobexp.entrypoints.cookies import CSRF
from jobexp.entrypoints.principal import CONSOLE_LOGIN as LOGIN
from jobexp.entrypoints.principal import STAFF_SESSION, staff_token
from jobexp.entrypoints.security import cookie_policy, csrf_token_for, new_csrf_cookie
from jobexp.service_layer import staff


def start_console_session(request: Request, response: Response, token: str) -> None:
    policy = cookie_policy(request)
    policy.set(response, STAFF_SESSION, token, staff.STAFF_ABSOLUTE)
    policy.set(response, CSRF, new_csrf_cookie(), None)  # a token seen before login is stale


def end_console_session(request: Request, response: Response) -> None:
    cookie_policy(request).clear(response, STAFF_SESSION)


__all__ = [
    "LOGIN",
    "STAFF_SESSION",
    "csrf_token_for",
    "end_console_session",
    "staff_token",
    "start_console_session",
]
