"""Starting and ending a browser session: cookies shared by the API and the web pages."""

from __future__ import annotations

from datetime import timedelta

from starlette.requests import Request
from starlette.responses import Response

from jobexp.entrypoints.cookies import CSRF, SESSION, TRUSTED
from jobexp.entrypoints.requests import request_context, services
from jobexp.entrypoints.security import (
    cookie_policy,
    csrf_cookie,
    csrf_token_for,
    new_csrf_cookie,
)
from jobexp.service_layer import auth
from jobexp.types import Channel

TRUSTED_LIFETIME = timedelta(days=365)


def start_browser_session(
    request: Request, response: Response, identifier: str, password: str, channel: Channel
) -> tuple[auth.LoginResult, str]:
    """Log in; set session, CSRF and trusted-browser cookies; return the CSRF token."""
    svc = services(request)
    policy = cookie_policy(request)
    result = auth.log_in(
        svc,
        auth.Credentials(identifier, password),
        request_context(request, channel),
        proof=request.cookies.get(policy.name(TRUSTED)),
    )
    policy.set(response, SESSION, result.token, svc.settings.timeouts.web_absolute)
    policy.set(response, TRUSTED, result.trusted_proof, TRUSTED_LIFETIME)
    # A fresh CSRF cookie per login: a token seen before login is useless after it.
    fresh = new_csrf_cookie()
    policy.set(response, CSRF, fresh, None)
    return result, csrf_token_for(request, fresh)


def end_browser_session(request: Request, response: Response) -> None:
    policy = cookie_policy(request)
    policy.clear(response, SESSION)
    if csrf_cookie(request):
        policy.clear(response, CSRF)
