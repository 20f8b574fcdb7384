"""Rendering a page and attaching the CSRF cookie it handed a token for."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from jobexp.domain.errors import DomainError, NotAuthenticated
from jobexp.entrypoints.cookies import CSRF
from jobexp.entrypoints.requests import request_locale
from jobexp.entrypoints.security import cookie_policy, current_principal
from jobexp.entrypoints.web.personalization import apply_to_response
from jobexp.entrypoints.web.rendering import page_context
from jobexp.i18n import translate
from jobexp.service_layer.auth import Principal


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


def signed_in(
    request: Request, back_to: str | None, *, csrf: str | None = None
) -> Principal | Response:
    """The signed-in user, or a redirect to the login page (coming back to `back_to`).

    Posts pass their form's `csrf` token; a wrong one is refused (403), not redirected.
    """
    try:
        return current_principal(request, "web", csrf=csrf)
    except NotAuthenticated:
        return redirect("/login" if back_to is None else f"/login?next={back_to}")
