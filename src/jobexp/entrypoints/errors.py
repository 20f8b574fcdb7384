"""One place that turns every failure into a clear, localized 4xx (or a bare 500)."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from jobexp.domain.errors import (
    AuthenticationFailed,
    Conflict,
    DomainError,
    Forbidden,
    InvalidInput,
    NotAuthenticated,
    NotFound,
    Throttled,
)
from jobexp.domain.providers import ProviderUnavailable
from jobexp.entrypoints.middleware import BodyTooLarge
from jobexp.entrypoints.principal import SignInRequired
from jobexp.entrypoints.requests import is_api, request_locale
from jobexp.i18n import translate

log = logging.getLogger("jobexp.http")

STATUS = {
    InvalidInput: 422,
    Conflict: 409,
    AuthenticationFailed: 401,
    NotAuthenticated: 401,
    Forbidden: 403,
    NotFound: 404,
    Throttled: 429,
    ProviderUnavailable: 503,  # a third party did not answer: a clear 503, never an error page
}
HTTP_KEYS = {
    400: "request.bad",
    401: "auth.required",
    403: "error.forbidden",
    404: "error.not_found",
    405: "request.method_not_allowed",
    413: "request.too_large",
}


def error_response(
    request: Request,
    status: int,
    code: str,
    *,
    params: dict[str, object] | None = None,
    fields: Sequence[dict[str, str]] = (),
    headers: Mapping[str, str] | None = None,
) -> Response:
    locale = request_locale(request)
    message = translate(code, locale, **(params or {}))
    if is_api(request) or "text/html" not in request.headers.get("accept", ""):
        body = {"error": {"code": code, "message": message, "fields": list(fields)}}
        return JSONResponse(body, status_code=status, headers=headers)
    templates = request.app.state.templates
    return templates.TemplateResponse(  # type: ignore[no-any-return]
        request,
        "error.html",
        {"status": status, "message": message, **request.app.state.page_context(request)},
        status_code=status,
        headers=headers,
    )


def status_of(exc: DomainError) -> int:
    """The HTTP status a refusal is shown with, on the API and on the pages alike."""
    return next((s for cls, s in STATUS.items() if isinstance(exc, cls)), 400)


async def on_domain_error(request: Request, exc: Exception) -> Response:
    """The API's JSON error, else the page's own refusal view (`pages.on_refusal`), else the
    error page: one mapping of refusals to status codes and messages for both."""
    assert isinstance(exc, DomainError)
    show = None if is_api(request) else getattr(request.state, "refusal_page", None)
    if show is not None:
        request.state.refusal_page = None
        try:
            page: Response = await run_in_threadpool(show, exc)
        except DomainError as again:  # the page itself is refused: the error page says why
            exc = again
        else:
            return page
    status = status_of(exc)
    headers = None
    if isinstance(exc, Throttled):
        headers = {"Retry-After": str(exc.retry_after_seconds)}
    elif status == 401:
        headers = {"WWW-Authenticate": "Bearer"}
    return error_response(
        request, status, exc.message_key, params=dict(exc.params), headers=headers
    )


async def on_sign_in_required(request: Request, exc: Exception) -> Response:
    """A page that needs sign-in sends the browser to sign in (See Other); the API says 401."""
    assert isinstance(exc, SignInRequired)
    if is_api(request):
        return await on_domain_error(request, exc)
    return RedirectResponse(exc.location, status_code=303)


def _field_problem(error: dict[str, Any]) -> dict[str, str]:
    if error.get("type") == "json_invalid":  # its location is a character offset, not a field
        return {"field": "body", "problem": str(error.get("msg", "invalid JSON"))}
    location = ".".join(str(part) for part in error.get("loc", ()) if part != "body")
    problem = str(error.get("msg", "invalid"))
    if error.get("type") == "extra_forbidden":
        problem = f"field '{location.rsplit('.', 1)[-1]}' is not allowed"
    return {"field": location or "body", "problem": problem}


async def on_validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = list(exc.errors())
    types = {e.get("type") for e in errors}
    extra_device = "extra_forbidden" in types and request.url.path.startswith("/api/v1/devices")
    if "json_invalid" in types:
        code = "request.bad_json"
    elif extra_device:
        code = "device.extra_fields"
    else:
        code = "request.invalid"
    fields = [_field_problem(e) for e in errors[:20]]
    return error_response(request, 422, code, fields=fields)


async def on_http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    code = HTTP_KEYS.get(exc.status_code, "error.generic")
    params: dict[str, object] | None = (
        {"limit": exc.limit} if isinstance(exc, BodyTooLarge) else None
    )
    return error_response(request, exc.status_code, code, params=params, headers=exc.headers)


async def on_unexpected(request: Request, exc: Exception) -> Response:
    log.error("unexpected error on %s %s: %s", request.method, request.url.path, type(exc).__name__)
    return error_response(request, 500, "error.internal")


def install(app: FastAPI) -> None:
    app.add_exception_handler(SignInRequired, on_sign_in_required)
    app.add_exception_handler(DomainError, on_domain_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(HTTPException, on_http_error)
    app.add_exception_handler(Exception, on_unexpected)
