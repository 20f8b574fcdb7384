"""Behind a load balancer: throttling and the access log use the address a trusted proxy
forwarded, and only a trusted proxy's (JOBEXP_TRUSTED_PROXIES)."""

from __future__ import annotations

import dataclasses
from ipaddress import ip_network

import httpx
import pytest
from sqlalchemy import select

from jobexp.adapters import tables as t
from jobexp.bootstrap import Overrides, bootstrap
from jobexp.clock import ManualClock
from jobexp.entrypoints.app import create_app
from jobexp.service_layer.context import Services
from tests.support.live_server import live_server

CLIENT = "203.0.113.7"
FORWARDED = {"x-forwarded-for": f"{CLIENT}, 127.0.0.1"}

pytestmark = pytest.mark.parametrize("backend", ["sqlite"])


def _serve_and_fail_a_login(svc: Services) -> None:
    with live_server(create_app(svc)) as url:
        response = httpx.post(
            f"{url}/api/v1/sessions",
            json={"identifier": "nobody@example.com", "password": "not the password"},
            headers=FORWARDED,
            timeout=30,
        )
        assert response.status_code == 401
    # Shutting the server down flushed the access log.


def _seen(svc: Services) -> tuple[set[str], set[str]]:
    with svc.database.engine.connect() as connection:
        prefixes = set(connection.execute(select(t.access_log.c.ip_prefix)).scalars())
        keys = set(
            connection.execute(
                select(t.login_failures.c.key).where(t.login_failures.c.scope == "client")
            ).scalars()
        )
    return prefixes, keys


def test_behind_a_trusted_proxy_the_forwarded_client_is_throttled_and_logged(
    svc: Services, clock: ManualClock
) -> None:
    trusting = dataclasses.replace(svc.settings, trusted_proxies=(ip_network("127.0.0.0/8"),))
    behind = bootstrap(trusting, Overrides(clock=clock))
    try:
        _serve_and_fail_a_login(behind)
        prefixes, keys = _seen(behind)
    finally:
        behind.database.dispose()

    assert prefixes == {"203.0.113.0/24"}
    assert keys == {behind.derived.client_hash(CLIENT)}


def test_a_peer_that_is_not_trusted_cannot_choose_its_address(svc: Services) -> None:
    _serve_and_fail_a_login(svc)  # JOBEXP_TRUSTED_PROXIES unset
    prefixes, keys = _seen(svc)

    assert prefixes == {"127.0.0.0/24"}
    assert keys == {svc.derived.client_hash("127.0.0.1")}
