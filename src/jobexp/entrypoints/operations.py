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

from jobexp.config import Settings
from jobexp.entrypoints import health, overload
from jobexp.entrypoints.proxies import TrustedProxies

__all__ = ["install"]


def install(app: FastAPI, settings: Settings) -> None:
    """Call after every other middleware: the client address must be settled before the
    access log and throttling read it."""
    health.install(app)
    overload.install(app)
    app.add_middleware(TrustedProxies, trusted=settings.trusted_proxies)
    app.router.lifespan_context = _with_thread_limit(app.router.lifespan_context, settings)


def _with_thread_limit(inner: Any, settings: Settings) -> Any:
    """The app's lifespan, first sizing the request threads to the connection pool: a thread
    that waits for a connection holds up nobody else's (each needs one at most)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[Any]:
        current_default_thread_limiter().total_tokens = settings.db_pool.size
        async with inner(app) as state:
            yield state

    return lifespan
