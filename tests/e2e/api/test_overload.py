"""Overload answers 503 with Retry-After at once, and other requests keep being served."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Iterator

import httpx
import pytest

from jobexp.adapters.hashing import Argon2idHasher, BoundedHasher
from jobexp.bootstrap import Overrides, bootstrap
from jobexp.clock import ManualClock
from jobexp.config import HashingCapacity, PasswordHashing, PoolSettings
from jobexp.entrypoints.app import create_app
from jobexp.service_layer.context import Services
from tests.e2e.api.helpers import bearer, register_device, sign_up, sign_up_body
from tests.support.live_server import live_server

# Slow enough (about a second) that a hash is still running when the next request comes.
SLOW = PasswordHashing(time_cost=30, memory_cost_kib=32768, parallelism=1)

# A page that looks up who is signed in: its error page could not either.
SIGNED_IN_BROWSER = {"accept": "text/html", "cookie": "__Host-jx_session=no-such-session"}


@pytest.fixture
def small_pool(svc: Services, clock: ManualClock) -> Iterator[Services]:
    pool = PoolSettings(size=2, max_overflow=0, timeout_seconds=0.2)
    services = bootstrap(dataclasses.replace(svc.settings, db_pool=pool), Overrides(clock=clock))
    yield services
    services.database.engine.dispose()


def test_a_request_that_finds_no_free_connection_gets_503_and_retry_after(
    small_pool: Services,
) -> None:
    with live_server(create_app(small_pool)) as url:
        held = [small_pool.database.engine.connect() for _ in range(2)]
        try:
            response = httpx.get(f"{url}/api/v1/me", headers=bearer("no-such-token"), timeout=30)
            page = httpx.get(f"{url}/account", headers=SIGNED_IN_BROWSER, timeout=30)
        finally:
            for connection in held:
                connection.close()
        after = httpx.get(f"{url}/api/v1/me", headers=bearer("no-such-token"), timeout=30)

    assert response.status_code == 503
    assert response.headers["retry-after"] == "1"
    assert response.json()["error"]["code"] == "error.unavailable"
    assert (page.status_code, page.headers["retry-after"]) == (503, "1")
    assert after.status_code == 401  # connections back: served as usual


def test_sign_up_is_refused_at_once_while_the_hasher_is_full_and_me_still_answers(
    svc: Services,
) -> None:
    hasher = BoundedHasher(Argon2idHasher(SLOW), HashingCapacity(workers=1, queue=0))
    one_at_a_time = dataclasses.replace(svc, hasher=hasher)
    with (
        live_server(create_app(one_at_a_time)) as url,
        httpx.Client(base_url=url, timeout=30) as client,
    ):
        sign_up(client, "ada@example.com")
        token = register_device(client, "ada@example.com")
        refused, me = _sign_up_while_hashing(client, hasher, token)

    assert refused.status_code == 503
    assert refused.headers["retry-after"] == "1"
    assert refused.json()["error"]["code"] == "error.busy"
    assert me.status_code == 200


def _sign_up_while_hashing(
    client: httpx.Client, hasher: BoundedHasher, token: str
) -> tuple[httpx.Response, httpx.Response]:
    """Keep the hasher's one worker busy; sign up until refused, then read /me at once."""
    for attempt in range(5):
        busy = threading.Thread(target=hasher.hash, args=("a long, slow password",))
        busy.start()
        response = client.post(
            "/api/v1/accounts", json=sign_up_body(client, f"u{attempt}@example.com")
        )
        me = client.get("/api/v1/me", headers=bearer(token))
        busy.join()
        if response.status_code == 503:
            return response, me
    pytest.fail("the hasher never refused a sign-up while its only worker was busy")
