"""The embedded deployment sweeps retention in process, on its own schedule (D8)."""

from __future__ import annotations

import dataclasses
import time
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import func, insert, select

from jobexp.adapters import tables as t
from jobexp.bootstrap import Overrides, bootstrap
from jobexp.clock import ManualClock
from jobexp.config import Settings
from jobexp.entrypoints.app import create_app
from jobexp.service_layer import discontinuation
from jobexp.service_layer.context import RequestContext, Services
from tests.support.live_server import live_server


@pytest.mark.parametrize("backend", ["sqlite"])
def test_the_app_sweeps_expired_rows_in_process_and_says_when_the_service_ends(
    settings: Settings, clock: ManualClock
) -> None:
    svc = bootstrap(
        dataclasses.replace(settings, retention_sweep_seconds=0.2), Overrides(clock=clock)
    )
    row = {"ip_prefix": "198.51.100.0/24", "browser": "chrome", "language": "en"}
    with svc.database.engine.begin() as connection:
        connection.execute(
            insert(t.access_log),
            [
                {
                    **row,
                    "at": clock.now() - timedelta(days=200),
                    "method": "GET",
                    "path": "/",
                    "status": 200,
                }
            ]
            * 5,
        )
    with live_server(create_app(svc)) as url:
        deadline = time.monotonic() + 10
        left = 5
        while left and time.monotonic() < deadline:
            time.sleep(0.1)
            with svc.database.engine.connect() as connection:
                old = t.access_log.c.at < clock.now() - timedelta(days=100)
                query = select(func.count()).select_from(t.access_log).where(old)
                left = int(connection.execute(query).scalar_one())
        assert left == 0
        assert "jobexp-service-ends" not in httpx.get(f"{url}/healthz").headers
    svc.database.engine.dispose()


def test_every_response_names_when_a_discontinued_service_ends(svc: Services) -> None:
    announced = discontinuation.announce(svc, 30, RequestContext(None, "cli"))
    with live_server(create_app(svc)) as url:
        response = httpx.get(f"{url}/healthz")
    assert response.headers["jobexp-service-ends"] == announced.effective_at.isoformat()
