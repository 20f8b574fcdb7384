"""The ASGI application: API, pages, health check, and the edge middleware around them."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager
from datetime import datetime
from pathlib import Path

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool
from starlette.routing import Route
from starlette.staticfiles import StaticFiles

from jobexp import __version__
from jobexp.adapters.change_watch import ChangeWatch, change_watch_for
from jobexp.adapters.job_locks import JobLocks
from jobexp.bootstrap import Parts
from jobexp.bootstrap import parts as bootstrap_parts
from jobexp.domain.erasure_notices import PartnerNotifier
from jobexp.entrypoints import errors, operations
from jobexp.entrypoints.api import me
from jobexp.entrypoints.api.ask_routes import router as ask_api_router
from jobexp.entrypoints.api.assistant_routes import router as assistant_api_router
from jobexp.entrypoints.api.data_rights_routes import router as data_rights_api_router
from jobexp.entrypoints.api.deletion_routes import router as deletion_api_router
from jobexp.entrypoints.api.governance_routes import router as governance_api_router
from jobexp.entrypoints.api.handoff_routes import router as handoff_api_router
from jobexp.entrypoints.api.privacy_routes import router as privacy_api_router
from jobexp.entrypoints.api.routes import router as api_router
from jobexp.entrypoints.api.staff_routes import router as staff_api_router
from jobexp.entrypoints.cookies import SESSION, CookiePolicy
from jobexp.entrypoints.middleware import EdgeMiddleware
from jobexp.entrypoints.web.assistant import router as assistant_router
from jobexp.entrypoints.web.assistant_ask import router as assistant_ask_router
from jobexp.entrypoints.web.console import router as console_router
from jobexp.entrypoints.web.console_deletion import router as console_deletion_router
from jobexp.entrypoints.web.data_rights_pages import router as data_rights_router
from jobexp.entrypoints.web.deletion_page import router as deletion_page_router
from jobexp.entrypoints.web.disclosures import router as disclosures_router
from jobexp.entrypoints.web.privacy import router as privacy_router
from jobexp.entrypoints.web.privacy_center import router as privacy_center_router
from jobexp.entrypoints.web.rendering import make_templates, page_context
from jobexp.entrypoints.web.routes import router as web_router
from jobexp.service_layer.access_log import AccessLogBuffer
from jobexp.service_layer.context import Services
from jobexp.service_layer.discontinuation import NoticeCache
from jobexp.service_layer.worker import Scheduler, standard_jobs

STATIC = Path(__file__).parent / "web" / "static"
log = logging.getLogger("jobexp.app")


def create_app(svc: Services, parts: Parts | None = None) -> FastAPI:
    """The app on `svc`, with the features' `parts` (by default, built from the settings)."""
    wired = parts or bootstrap_parts(svc.settings)
    access_log = AccessLogBuffer(svc)
    notices = NoticeCache(svc.database)
    watch = change_watch_for(svc.settings.database_url)  # exact: entries void at any commit

    lifespan = _lifespan(svc, wired, access_log, notices, watch)

    app = FastAPI(
        title="JobExp",
        version=__version__,
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
        lifespan=lifespan,
        # Nothing about requests leaves the process unless an operator wires it up on purpose;
        # it also spares every request the check for a configured telemetry provider.
        telemetry={"tracing": False, "metrics": False, "logs": False},
    )
    app.state.services = svc
    app.state.parts = wired
    app.state.access_log = access_log
    app.state.me_cache = me.new_cache(watch)
    app.state.cookie_policy = CookiePolicy(secure=not svc.settings.local_development)
    app.state.templates = make_templates()
    app.state.page_context = page_context
    app.state.discontinuation = notices
    errors.install(app)
    # The hottest read is matched first and served without FastAPI's per-request dependency
    # machinery (it takes none); its documented FastAPI route below stays in the OpenAPI
    # document and behaves the same.
    app.router.routes.insert(0, Route(me.PATH, me.me, methods=["GET"]))
    app.include_router(api_router)
    app.include_router(privacy_api_router)
    app.include_router(assistant_api_router)
    app.include_router(handoff_api_router)
    app.include_router(ask_api_router)
    app.include_router(deletion_api_router)
    app.include_router(web_router)
    app.include_router(privacy_center_router)
    app.include_router(deletion_page_router)
    app.include_router(data_rights_api_router)
    app.include_router(data_rights_router)
    app.include_router(privacy_router)
    app.include_router(governance_api_router)
    app.include_router(staff_api_router)
    app.include_router(disclosures_router)
    app.include_router(console_router)
    app.include_router(console_deletion_router)
    app.include_router(assistant_router)
    app.include_router(assistant_ask_router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.add_middleware(  # inside the edge middleware: headers and access log apply to it too
        me.CachedMe,
        svc=svc,
        cache=app.state.me_cache,
        cookie=app.state.cookie_policy.name(SESSION),
    )
    app.add_middleware(
        EdgeMiddleware,
        access_log=access_log,
        clock=svc.clock,
        max_body_bytes=svc.settings.max_body_bytes,
        hsts=not svc.settings.local_development,
        service_ends=lambda: _ends(notices),
    )
    operations.install(app, svc)  # last: its client-address middleware is outermost
    return app


def _ends(notices: NoticeCache) -> datetime | None:
    announced = notices.peek()
    return None if announced is None else announced.effective_at


def _lifespan(
    svc: Services,
    wired: Parts,
    access_log: AccessLogBuffer,
    notices: NoticeCache,
    watch: ChangeWatch | None,
) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        flusher = asyncio.create_task(_flush_periodically(access_log, svc))
        background = [asyncio.create_task(_refresh_periodically(notices))]
        # Embedded (SQLite) deployments have no separate worker: the worker's jobs run here.
        if _embedded(svc):
            background.append(asyncio.create_task(_work_periodically(svc, wired.partners)))
        try:
            yield
        finally:
            for task in background:
                task.cancel()
            flusher.cancel()
            await run_in_threadpool(access_log.flush)
            if watch is not None:
                watch.close()

    return lifespan


def _embedded(svc: Services) -> bool:
    return svc.database.dialect == "sqlite"


async def _work_periodically(svc: Services, notifier: PartnerNotifier) -> None:
    """The worker's schedule (service_layer/worker.py) in process: erasure, partner notices,
    queued shares and the retention sweep (D7, D8); each step commits, so a stop loses nothing.
    """
    jobs = standard_jobs(svc, notifier)
    scheduler = Scheduler(svc, jobs, JobLocks(svc.database.engine), run_at_start=False)
    while True:
        await asyncio.sleep(scheduler.wait_seconds())
        for outcome in await run_in_threadpool(scheduler.run_due):
            if outcome.status == "failed":  # retried at its next turn, where it stopped
                log.warning("%s run failed: %s", outcome.job, outcome.detail)


async def _flush_periodically(access_log: AccessLogBuffer, svc: Services) -> None:
    while True:
        await asyncio.sleep(svc.settings.access_log_flush_seconds)
        with contextlib.suppress(Exception):  # a failed flush is retried with the next batch
            await run_in_threadpool(access_log.flush)


async def _refresh_periodically(notices: NoticeCache) -> None:
    while True:
        await run_in_threadpool(notices.refresh)
        await asyncio.sleep(notices.ttl)
