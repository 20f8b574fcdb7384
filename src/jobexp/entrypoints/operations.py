"""What a process needs to run behind a load balancer, installed in one call by create_app.

Liveness and readiness routes, 503 with Retry-After on overload, and the client address
taken from trusted proxies only (issue 13).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from anyio.to_thread import current_default_thread_limiter
from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool

from jobexp.entrypoints import health, overload
from jobexp.entrypoints.proxies import TrustedProxies
from jobexp.service_layer.context import Services

__all__ = ["install"]

REFRESH_JOIN_SECONDS = 5.0


def install(app: FastAPI, svc: Services) -> None:
    """Call after every other middleware: the client address must be settled before the
    access log and throttling read it."""
    health.install(app)
    overload.install(app)
    app.add_middleware(TrustedProxies, trusted=svc.settings.trusted_proxies)
    app.router.lifespan_context = _with_thread_limit(app.router.lifespan_context, svc)


def _with_thread_limit(inner: Any, svc: Services) -> Any:
    """The app's lifespan, first sizing the request threads to the connection pool (a thread
    that waits for a connection holds up nobody else's: each needs one at most); at the end,
    waiting for a policy refresh in flight, so its connection is back before the engine goes."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[Any]:
        current_default_thread_limiter().total_tokens = svc.settings.db_pool.size
        async with inner(app) as state:
            yield state
        await run_in_threadpool(svc.policies.join, REFRESH_JOIN_SECONDS)

    return lifespan
