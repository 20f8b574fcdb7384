"""Throttling stops a guesser without locking the account's owner out."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import httpx
import pytest

from jobexp.clock import ManualClock
from jobexp.config import Settings
from jobexp.domain.throttle import Rule, ThrottlePolicy
from jobexp.service_layer.context import Services
from tests.e2e.api.helpers import (
    assert_clear_error,
    browser_from,
    log_in,
    serve_services,
    sign_up,
)

WINDOW = timedelta(minutes=15)
ACCOUNT_LIMIT = 3
CLIENT_LIMIT = 5
SMALL = ThrottlePolicy(
    client=Rule(CLIENT_LIMIT, WINDOW),
    account=Rule(ACCOUNT_LIMIT, WINDOW),
    trusted=Rule(ACCOUNT_LIMIT, WINDOW),
)
WRONG = "a wrong guess at the password"


@pytest.fixture
def svc(settings: Settings, clock: ManualClock) -> Iterator[Services]:
    yield from serve_services(settings, clock, SMALL)


def test_wrong_passwords_for_one_account_are_throttled_with_retry_after(
    client: httpx.Client,
) -> None:
    sign_up(client, "ann@example.com")
    for _ in range(ACCOUNT_LIMIT):
        assert log_in(client, "ann@example.com", WRONG).status_code == 401

    response = log_in(client, "ann@example.com", WRONG)

    assert_clear_error(response, 429, "auth.throttled")
    retry_after = int(response.headers["retry-after"])
    assert 0 < retry_after <= WINDOW.total_seconds()
    assert str(retry_after) in response.json()["error"]["message"]


def test_a_throttled_attempt_is_refused_even_with_the_right_password(
    client: httpx.Client,
) -> None:
    sign_up(client, "ann@example.com")
    for _ in range(ACCOUNT_LIMIT):
        log_in(client, "ann@example.com", WRONG)

    assert_clear_error(log_in(client, "ann@example.com"), 429, "auth.throttled")


def test_the_owners_trusted_browser_still_logs_in_while_a_guesser_is_throttled(
    client: httpx.Client,
) -> None:
    sign_up(client, "ann@example.com")
    owner = browser_from(log_in(client, "ann@example.com"))
    trusted = {"__Host-jx_device": owner.cookies["__Host-jx_device"]}
    for _ in range(ACCOUNT_LIMIT):
        log_in(client, "ann@example.com", WRONG)
    assert log_in(client, "ann@example.com", WRONG).status_code == 429

    response = log_in(client, "ann@example.com", cookies=trusted)

    assert response.status_code == 201
    assert log_in(client, "ann@example.com", WRONG).status_code == 429


def test_a_forged_trusted_browser_cookie_does_not_escape_the_throttle(
    client: httpx.Client,
) -> None:
    sign_up(client, "ann@example.com")
    for _ in range(ACCOUNT_LIMIT):
        log_in(client, "ann@example.com", WRONG)

    response = log_in(client, "ann@example.com", cookies={"__Host-jx_device": "nonce.forged"})

    assert_clear_error(response, 429, "auth.throttled")


def test_a_client_address_trying_many_accounts_is_throttled(client: httpx.Client) -> None:
    for n in range(CLIENT_LIMIT):
        assert log_in(client, f"user{n}@example.com", WRONG).status_code == 401

    response = log_in(client, "yet-another@example.com", WRONG)

    assert_clear_error(response, 429, "auth.throttled")
    assert int(response.headers["retry-after"]) > 0
