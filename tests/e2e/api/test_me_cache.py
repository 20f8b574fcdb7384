"""GET /api/v1/me may answer from memory, but never after a commit or past a timeout."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
from sqlalchemy import event, update

from jobexp.adapters import tables as t
from jobexp.bootstrap import Overrides, bootstrap
from jobexp.clock import ManualClock
from jobexp.entrypoints.app import create_app
from jobexp.service_layer.context import Services
from tests.e2e.api.helpers import (
    NEW_PASSWORD,
    OTHER_DEVICE_ID,
    PASSWORD,
    bearer,
    register_device,
    sign_up,
)
from tests.support.live_server import live_server


@contextmanager
def _statements(svc: Services) -> Iterator[list[str]]:
    seen: list[str] = []

    def count(*args: Any) -> None:
        seen.append(args[2])

    event.listen(svc.database.engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(svc.database.engine, "before_cursor_execute", count)


def _me(client: httpx.Client, token: str) -> httpx.Response:
    return client.get("/api/v1/me", headers=bearer(token))


def _device(client: httpx.Client) -> str:
    sign_up(client, "ada@example.com")
    return register_device(client, "ada@example.com")


def test_a_repeated_read_is_answered_without_the_database(
    svc: Services, clock: ManualClock
) -> None:
    # No access-log flush (a commit, which rightly voids the cache) between the two reads.
    quiet = bootstrap(
        dataclasses.replace(svc.settings, access_log_flush_seconds=3600), Overrides(clock=clock)
    )
    with (
        live_server(create_app(quiet)) as url,
        httpx.Client(base_url=url, timeout=30) as client,
    ):
        token = _device(client)
        first = _me(client, token)
        with _statements(quiet) as seen:
            second = _me(client, token)
    quiet.database.engine.dispose()
    assert second.json() == first.json()
    # The policy registry may re-check for a newer release (every few seconds): not a read
    # of the account. Both databases have an exact change counter (change_watch.py).
    account_reads = [s for s in seen if "policy_releases" not in s]
    assert account_reads == []


def test_a_cached_answer_carries_the_headers_of_a_fresh_one(
    svc: Services, clock: ManualClock
) -> None:
    quiet = bootstrap(
        dataclasses.replace(svc.settings, access_log_flush_seconds=3600), Overrides(clock=clock)
    )
    with (
        live_server(create_app(quiet)) as url,
        httpx.Client(base_url=url, timeout=30) as client,
    ):
        token = _device(client)
        first, second = _me(client, token), _me(client, token)
    quiet.database.engine.dispose()
    volatile = {"date"}
    assert {k: v for k, v in first.headers.items() if k not in volatile} == {
        k: v for k, v in second.headers.items() if k not in volatile
    }
    assert second.content == first.content


def test_logout_is_effective_at_once_even_after_a_cached_read(client: httpx.Client) -> None:
    token = _device(client)
    assert _me(client, token).status_code == 200
    assert client.delete("/api/v1/sessions/current", headers=bearer(token)).status_code == 204
    assert _me(client, token).status_code == 401


def test_a_password_change_ends_a_cached_other_session_at_once(client: httpx.Client) -> None:
    token = _device(client)
    other = register_device(client, "ada@example.com", device_id=OTHER_DEVICE_ID)
    assert _me(client, other).status_code == 200
    changed = client.post(
        "/api/v1/me/password",
        headers=bearer(token),
        json={"current_password": PASSWORD, "new_password": NEW_PASSWORD},
    )
    assert changed.status_code == 200
    assert _me(client, other).status_code == 401


def test_a_session_ended_by_another_process_is_refused_at_once(
    client: httpx.Client, svc: Services
) -> None:
    token = _device(client)
    assert _me(client, token).status_code == 200
    other_process = bootstrap(svc.settings)
    with other_process.database.engine.begin() as connection:
        connection.execute(update(t.sessions).values(ended_at=svc.clock.now()))
    other_process.database.engine.dispose()
    assert _me(client, token).status_code == 401


def test_an_idle_timeout_is_applied_to_a_cached_answer(
    client: httpx.Client, svc: Services, clock: ManualClock
) -> None:
    token = _device(client)
    assert _me(client, token).status_code == 200
    clock.advance(svc.settings.timeouts.device_idle)
    assert _me(client, token).status_code == 401
