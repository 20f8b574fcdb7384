"""How many transactions an authenticated request opens: who asks (with the policy notice) in
one, the request's own work in as few as its use case needs, and nothing besides."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import httpx
from sqlalchemy import event

from jobexp.bootstrap import Overrides, bootstrap
from jobexp.clock import ManualClock
from jobexp.entrypoints.app import create_app
from jobexp.service_layer import policy_updates
from jobexp.service_layer.context import RequestContext, Services
from tests.e2e.api.helpers import PASSWORD, bearer, register_device, sign_up
from tests.support.live_server import live_server
from tests.support.policy_files import material_update

CLI = RequestContext(client_ip=None, channel="cli")


@contextmanager
def _transactions(svc: Services) -> Iterator[list[list[str]]]:
    """The statements of each transaction begun meanwhile, in order."""
    begun: list[list[str]] = []
    current: dict[int, list[str]] = {}

    def on_begin(connection: Any) -> None:
        current[id(connection)] = []
        begun.append(current[id(connection)])

    def on_execute(connection: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if id(connection) in current:
            current[id(connection)].append(statement)

    event.listen(svc.database.engine, "begin", on_begin)
    event.listen(svc.database.engine, "before_cursor_execute", on_execute)
    try:
        yield begun
    finally:
        event.remove(svc.database.engine, "begin", on_begin)
        event.remove(svc.database.engine, "before_cursor_execute", on_execute)


def _of_the_request(begun: list[list[str]]) -> list[list[str]]:
    # The policy registry may re-check for a newer release (every few seconds) on its own.
    return [tx for tx in begun if not all(_reads_only_releases(s) for s in tx)]


def _reads_only_releases(statement: str) -> bool:
    return "policy_releases" in statement and "policy_acceptances" not in statement


@contextmanager
def _quiet_client(svc: Services, clock: ManualClock) -> Iterator[tuple[Services, httpx.Client]]:
    """A live server whose access log is not flushed mid-test (a transaction of its own)."""
    quiet = bootstrap(
        dataclasses.replace(svc.settings, access_log_flush_seconds=3600), Overrides(clock=clock)
    )
    try:
        with live_server(create_app(quiet)) as url, httpx.Client(base_url=url, timeout=30) as c:
            yield quiet, c
    finally:
        quiet.database.dispose()


def _device_after_a_policy_update(quiet: Services, client: httpx.Client) -> dict[str, str]:
    """A device whose user has a policy update to accept: the notice must be looked up."""
    sign_up(client, "ada@example.com")
    auth = bearer(register_device(client, "ada@example.com"))
    body = {"purpose": "task_appointments", "recipient": None, "decision": "granted"}
    assert client.post("/api/v1/me/consents", headers=auth, json=body).status_code == 200
    policy_updates.publish(quiet, material_update(), "policy.yaml", CLI)  # pauses weather only
    return auth


def test_creating_a_task_opens_one_transaction_to_authenticate_and_one_to_write(
    svc: Services, clock: ManualClock
) -> None:
    with _quiet_client(svc, clock) as (quiet, client):
        auth = _device_after_a_policy_update(quiet, client)
        task = {"title": "Dentist", "due_at": (clock.now() + timedelta(hours=2)).isoformat()}
        with _transactions(quiet) as begun:
            response = client.post("/api/v1/tasks", headers=auth, json=task)
    assert response.status_code == 201, response.text
    assert response.headers["jobexp-policy-update"].startswith("material;")
    assert len(_of_the_request(begun)) == 2


def test_a_deletion_request_opens_one_transaction_to_authenticate_besides_its_use_case(
    svc: Services, clock: ManualClock
) -> None:
    with _quiet_client(svc, clock) as (quiet, client):
        auth = _device_after_a_policy_update(quiet, client)
        with _transactions(quiet) as begun:
            response = client.post("/api/v1/me/deletion", headers=auth, json={"password": PASSWORD})
    assert response.status_code == 202, response.text
    assert response.headers["jobexp-policy-update"].startswith("material;")
    # Authenticate; then the use case: check the password, record the request (hashing the
    # password is slow, so it holds no transaction open).
    requests = _of_the_request(begun)
    assert len(requests) == 3, [tx[:2] for tx in requests]
