"""Schemathesis drives every operation of /openapi.json against the live server (SQLite)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import APIOperation, Case, CheckFunction, GenerationMode
from schemathesis.core.result import Ok
from schemathesis.specs.openapi.checks import positive_data_acceptance

from jobexp.clock import ManualClock
from jobexp.config import Settings
from jobexp.domain.throttle import Rule, ThrottlePolicy
from jobexp.service_layer.context import Services
from tests.e2e.api.helpers import bearer, device_body, register_device, serve_services, sign_up

IDENTIFIER = "owner@example.com"
LOGOUT = "/api/v1/sessions/current"
# Generated logins fail by the hundred: a lenient throttle keeps them about the input, not 429.
LENIENT = ThrottlePolicy(
    client=Rule(100_000, timedelta(minutes=15)),
    account=Rule(100_000, timedelta(minutes=15)),
    trusted=Rule(100_000, timedelta(minutes=15)),
)


@pytest.fixture
def backend() -> str:
    return "sqlite"  # bounded run: the bad-input tests cover PostgreSQL


@pytest.fixture
def svc(settings: Settings, clock: ManualClock) -> Iterator[Services]:
    yield from serve_services(settings, clock, LENIENT)


@pytest.fixture
def api_token(client: httpx.Client) -> str:
    """A device session, so authenticated operations are exercised past the 401."""
    sign_up(client, IDENTIFIER)
    return register_device(client, IDENTIFIER)


# positive_data_acceptance expects every schema-valid body to succeed, but the API refuses
# schema-valid input on grounds a JSON schema cannot state, on purpose: an identifier must be a
# real email or mainland mobile number, a password must not be a common one, the accepted
# versions must be the current content hashes, a birth date must be plausible, and a login
# needs the right password. Those refusals are documented 4xx responses.
NOT_APPLICABLE: list[CheckFunction] = [positive_data_acceptance]


def _modes(operation: APIOperation[Any, Any, Any, Any]) -> list[GenerationMode]:
    """Negative cases need an input to break: an operation without any has none."""
    has_inputs = bool(list(operation.body)) or any(True for _ in operation.iter_parameters())
    return list(GenerationMode) if has_inputs else [GenerationMode.POSITIVE]


BOUNDED = settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


def test_every_operation_conforms_to_the_schema_and_never_fails_on_the_server(
    base_url: str, client: httpx.Client, api_token: str
) -> None:
    api = schemathesis.openapi.from_url(f"{base_url}/openapi.json")
    results = list(api.get_all_operations())
    operations = [result.ok() for result in results if isinstance(result, Ok)]
    assert len(operations) == len(results), "an operation's schema could not be read"
    calls: Counter[str] = Counter()

    def call(case: Case[Any]) -> None:
        token = api_token
        if case.path == LOGOUT:  # logging out ends the session: spend a fresh one each time
            response = client.post("/api/v1/devices/login", json=device_body(IDENTIFIER))
            token = response.json()["token"]
        case.call_and_validate(headers=bearer(token), excluded_checks=NOT_APPLICABLE)
        calls[case.operation.label] += 1

    for operation in operations:
        for mode in _modes(operation):

            @BOUNDED
            @given(case=operation.as_strategy(generation_mode=mode))
            def exercise(case: Case[Any]) -> None:
                call(case)

            exercise()
    assert set(calls) == {op.label for op in operations}, "an operation was never exercised"
