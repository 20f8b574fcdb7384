"""Liveness (/healthz: the process answers) apart from readiness (/readyz: the database and
the key vault answer, else a bare 503)."""

from __future__ import annotations

import dataclasses

import httpx
import pytest
from sqlalchemy.engine import make_url

from jobexp.adapters.database import Database
from jobexp.adapters.db import create_database_engine
from jobexp.adapters.key_vault import KeyVault
from jobexp.entrypoints.app import create_app
from jobexp.service_layer.context import Services
from tests.support.live_server import live_server
from tests.support.net import free_port


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_both_are_ok_while_the_database_and_vault_answer(client: httpx.Client, path: str) -> None:
    response = client.get(path)

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.parametrize("backend", ["postgresql"])
def test_readyz_is_503_without_a_trace_when_postgresql_is_unreachable(svc: Services) -> None:
    # The same services, but their engine points where nothing listens: connections are refused.
    closed = make_url(svc.settings.database_url).set(port=free_port())
    dead = create_database_engine(closed.render_as_string(hide_password=False))
    app = create_app(dataclasses.replace(svc, database=Database(dead)))
    app.state.access_log.flush = lambda: 0  # nowhere to write it: not what is tested here

    try:
        with live_server(app) as url:
            response = httpx.get(f"{url}/readyz", timeout=30)
            alive = httpx.get(f"{url}/healthz", timeout=30)
    finally:
        dead.dispose()

    assert alive.status_code == 200  # the process itself is fine: no restart would help
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable"}
    for leak in ("Traceback", "psycopg", "OperationalError", "refused", str(closed.port)):
        assert leak not in response.text


@pytest.mark.parametrize("backend", ["postgresql"])
def test_readyz_is_503_when_the_key_vault_is_unreachable(svc: Services) -> None:
    closed = make_url(svc.settings.database_url).set(port=free_port())
    dead = KeyVault(create_database_engine(closed.render_as_string(hide_password=False)))
    app = create_app(dataclasses.replace(svc, vault=dead))

    try:
        with live_server(app) as url:
            response = httpx.get(f"{url}/readyz", timeout=30)
    finally:
        dead.engine.dispose()

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable"}
