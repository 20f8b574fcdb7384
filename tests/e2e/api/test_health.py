"""The health check: 200 while the database answers, a bare 503 when it does not."""

from __future__ import annotations

import dataclasses

import httpx
import pytest
from sqlalchemy.engine import make_url

from jobexp.adapters.database import Database
from jobexp.adapters.db import create_database_engine
from jobexp.entrypoints.app import create_app
from jobexp.service_layer.context import Services
from tests.support.live_server import live_server
from tests.support.net import free_port


def test_healthz_is_ok_while_the_database_answers(client: httpx.Client) -> None:
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.parametrize("backend", ["postgresql"])
def test_healthz_is_503_without_a_trace_when_postgresql_is_unreachable(svc: Services) -> None:
    # The same services, but their engine points where nothing listens: connections are refused.
    closed = make_url(svc.settings.database_url).set(port=free_port())
    dead = create_database_engine(closed.render_as_string(hide_password=False))
    app = create_app(dataclasses.replace(svc, database=Database(dead)))
    app.state.access_log.flush = lambda: 0  # nowhere to write it: not what is tested here

    try:
        with live_server(app) as url:
            response = httpx.get(f"{url}/healthz", timeout=30)
    finally:
        dead.dispose()

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable"}
    for leak in ("Traceback", "psycopg", "OperationalError", "refused", str(closed.port)):
        assert leak not in response.text
