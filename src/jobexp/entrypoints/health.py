"""Liveness and readiness, answered apart so an orchestrator can tell them apart.

`/healthz` says the process serves HTTP: a load balancer restarting a process whose database
is down would gain nothing. `/readyz` says it can do its work: the personal-data store and
the key vault both answer; a process that is not ready gets no traffic.
"""

from __future__ import annotations

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse

from jobexp.adapters.db import database_reachable
from jobexp.entrypoints.api.schemas import HealthOut
from jobexp.service_layer.context import Services

__all__ = ["install"]

_OK = {"status": "ok"}
_DOWN = {"status": "unavailable"}


def healthz(request: Request) -> JSONResponse:
    """200 while the process answers HTTP (liveness); it touches no database."""
    return JSONResponse(_OK)


async def readyz(request: Request) -> JSONResponse:
    """200 when the database and the key vault answer, 503 when either does not."""
    svc: Services = request.app.state.services
    ready = await run_in_threadpool(_ready, svc)
    return JSONResponse(_OK if ready else _DOWN, status_code=200 if ready else 503)


def _ready(svc: Services) -> bool:
    return svc.database.reachable() and database_reachable(svc.vault.engine)


def install(app: FastAPI) -> None:
    for path, endpoint in (("/healthz", healthz), ("/readyz", readyz)):
        app.add_api_route(
            path,
            endpoint,
            methods=["GET"],
            response_model=HealthOut,
            responses={503: {"model": HealthOut}},
            tags=["operations"],
        )
