"""An embedded (SQLite) server runs the erasure worker itself, from its lifespan (D7)."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterator
from datetime import timedelta

import pytest

from jobexp.bootstrap import Overrides, bootstrap
from jobexp.clock import ManualClock
from jobexp.config import Settings
from jobexp.entrypoints.app import create_app
from jobexp.service_layer import deletion
from jobexp.service_layer.context import Services
from tests.support.deletion import WEB, seed_account
from tests.support.factories import PASSWORD
from tests.support.live_server import live_server


@pytest.fixture
def backend() -> str:
    return "sqlite"


@pytest.fixture
def svc(settings: Settings, clock: ManualClock) -> Iterator[Services]:
    quick = dataclasses.replace(settings, erasure_interval_seconds=0.05)
    services = bootstrap(quick, Overrides(clock=clock))
    yield services
    services.database.engine.dispose()


def test_a_due_request_is_erased_by_the_running_server(svc: Services, clock: ManualClock) -> None:
    target = seed_account(svc, "target@example.com", serial=1)
    status = deletion.request_deletion(svc, target.user_id, PASSWORD, WEB)
    with live_server(create_app(svc)):
        time.sleep(0.3)
        assert deletion.receipt(svc, status.request.receipt_id).state == "scheduled"
        clock.advance(timedelta(hours=24, seconds=1))
        deadline = time.monotonic() + 20
        while deletion.receipt(svc, status.request.receipt_id).state != "erased":
            assert time.monotonic() < deadline, "the server never erased the due account"
            time.sleep(0.05)
