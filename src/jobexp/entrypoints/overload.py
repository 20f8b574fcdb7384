"""Overload answers 503 with Retry-After at once: no free database connection, or the
password hasher's queue full. A client retries; nothing waits for half a minute (issue 13)."""

from __future__ import annotations

import logging

from fastapi import FastAPI
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from jobexp.domain.errors import Busy
from jobexp.entrypoints.errors import error_response
from jobexp.entrypoints.requests import is_api, request_locale
from jobexp.i18n import translate

__all__ = ["RETRY_AFTER_SECONDS", "install"]

log = logging.getLogger("jobexp.http")
RETRY_AFTER_SECONDS = 1


async def on_busy(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, Busy)
    return _unavailable(request, "error.busy", exc.retry_after_seconds)


async def on_pool_timeout(request: Request, exc: Exception) -> Response:
    log.warning("no database connection free for %s %s", request.method, request.url.path)
    if "text/html" in request.headers.get("accept", "") and not is_api(request):
        # The error page would look up who is signed in: another connection it cannot get.
        message = translate(
            "error.unavailable", request_locale(request), retry_after=RETRY_AFTER_SECONDS
        )
        return PlainTextResponse(message, 503, headers=_retry_after(RETRY_AFTER_SECONDS))
    return _unavailable(request, "error.unavailable", RETRY_AFTER_SECONDS)


def _unavailable(request: Request, code: str, seconds: int) -> Response:
    return error_response(
        request,
        503,
        code,
        params={"retry_after": seconds},
        headers=_retry_after(seconds),
    )


def _retry_after(seconds: int) -> dict[str, str]:
    return {"Retry-After": str(seconds)}


def install(app: FastAPI) -> None:
    app.add_exception_handler(Busy, on_busy)
    app.add_exception_handler(PoolTimeout, on_pool_timeout)
