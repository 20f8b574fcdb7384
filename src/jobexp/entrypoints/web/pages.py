"""Rendering a page, attaching the CSRF cookie it handed a token for, and showing refusals."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from jobexp.domain.errors import DomainError
from jobexp.entrypoints.cookies import CSRF
from jobexp.entrypoints.requests import request_locale
from jobexp.entrypoints.security import cookie_policy
from jobexp.entrypoints.web.personalization import apply_to_response
from jobexp.entrypoints.web.rendering import page_context
from jobexp.i18n import translate


def render(
    request: Request, template: str, context: dict[str, Any] | None = None, status: int = 200
) -> Response:
    full = {**page_context(request), **(context or {})}
    response: Response = request.app.state.templates.TemplateResponse(
        request, template, full, status_code=status
    )
    _attach_csrf_cookie(request, response)
    apply_to_response(request, response)
    return response


def _attach_csrf_cookie(request: Request, response: Response) -> None:
    fresh = getattr(request.state, "new_csrf_cookie", None)
    if fresh is not None:
        cookie_policy(request).set(response, CSRF, fresh, None)


RefusalView = Callable[[DomainError], Response]


def on_refusal(request: Request, view: RefusalView) -> None:
    """From here on, a refusal shows as `view` renders it (the form again, with the message)
    rather than as the error page; the one DomainError handler (`errors.on_domain_error`)
    calls it, so a route states how it shows refusals and never catches them itself."""
    request.state.refusal_page = view


def refusal_message(request: Request, exc: DomainError) -> str:
    """What a refused action says, in the page's language."""
    return translate(exc.message_key, request_locale(request), **exc.params)


def redirect(path: str) -> RedirectResponse:
    """See Other: after a form post the browser fetches the next page with GET."""
    return RedirectResponse(path, status_code=303)


def safe_next(path: str | None, default: str = "/") -> str:
    """Only same-site relative paths: never an open redirect."""
    if path and path.startswith("/") and not path.startswith("//") and "\\" not in path:
        return path
    return default
