"""Logging in and out, session lifetimes, password changes, throttling (D10)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from jobexp.adapters import tables as t
from jobexp.clock import ManualClock
from jobexp.domain.devices import DeviceFacts
from jobexp.domain.errors import AuthenticationFailed, NotAuthenticated, NotFound, Throttled
from jobexp.service_layer import auth
from jobexp.service_layer.context import RequestContext, Services
from tests.support.factories import API, PASSWORD, sign_up

ATTACKER = RequestContext(client_ip="198.51.100.66", channel="api")
DEVICE = DeviceFacts("ab" * 32, "46000", "CN")


def _login(svc: Services, password: str = PASSWORD, **kwargs: object) -> auth.LoginResult:
    creds = auth.Credentials("alice@example.com", password)
    return auth.log_in(svc, creds, kwargs.pop("ctx", API), **kwargs)  # type: ignore[arg-type]


def _actions(svc: Services) -> list[tuple[str, str]]:
    with svc.database.engine.connect() as connection:
        rows = connection.execute(select(t.audit_log.c.action, t.audit_log.c.outcome))
        return [(r.action, r.outcome) for r in rows]


def test_each_login_creates_a_new_token(svc: Services) -> None:
    sign_up(svc)
    first, second = _login(svc), _login(svc)
    assert first.token != second.token and first.session_id != second.session_id


def test_the_token_is_not_stored(svc: Services) -> None:
    sign_up(svc)
    token = _login(svc).token
    with svc.database.engine.connect() as connection:
        stored = repr(connection.execute(select(t.sessions)).all())
    assert token not in stored


def test_wrong_password_fails_and_is_audited(svc: Services) -> None:
    sign_up(svc)
    with pytest.raises(AuthenticationFailed):
        _login(svc, "wrong password here")
    assert ("auth:session:login", "failure") in _actions(svc)


def test_unknown_account_fails_like_a_wrong_password(svc: Services) -> None:
    with pytest.raises(AuthenticationFailed) as caught:
        auth.log_in(svc, auth.Credentials("nobody@example.com", PASSWORD), API)
    assert caught.value.message_key == "auth.failed"


def test_session_ends_after_idle_timeout(svc: Services, clock: ManualClock) -> None:
    sign_up(svc)
    token = _login(svc).token
    clock.advance(svc.settings.timeouts.web_idle + timedelta(seconds=1))
    with pytest.raises(NotAuthenticated):
        auth.authenticate(svc, token, API)


def test_activity_keeps_a_session_alive_until_the_absolute_timeout(
    svc: Services, clock: ManualClock
) -> None:
    sign_up(svc)
    token = _login(svc).token
    step = svc.settings.timeouts.web_idle - timedelta(minutes=1)
    elapsed = timedelta(0)
    while elapsed + step < svc.settings.timeouts.web_absolute:
        clock.advance(step)
        elapsed += step
        auth.authenticate(svc, token, API)
    clock.advance(svc.settings.timeouts.web_absolute - elapsed)
    with pytest.raises(NotAuthenticated):
        auth.authenticate(svc, token, API)


def test_logout_ends_the_session_on_the_server(svc: Services) -> None:
    sign_up(svc)
    token = _login(svc).token
    auth.log_out(svc, auth.authenticate(svc, token, API), API)
    with pytest.raises(NotAuthenticated):
        auth.authenticate(svc, token, API)
    assert ("auth:session:rejected", "failure") in _actions(svc)


def test_password_change_ends_every_other_session(svc: Services) -> None:
    sign_up(svc)
    keep, other = _login(svc).token, _login(svc).token
    principal = auth.authenticate(svc, keep, API)
    assert auth.change_password(svc, principal, PASSWORD, "a brand new passphrase", API) == 1
    with pytest.raises(NotAuthenticated):
        auth.authenticate(svc, other, API)
    auth.authenticate(svc, keep, API)
    _login(svc, "a brand new passphrase")


def test_password_change_needs_the_current_password(svc: Services) -> None:
    sign_up(svc)
    principal = auth.authenticate(svc, _login(svc).token, API)
    with pytest.raises(AuthenticationFailed):
        auth.change_password(svc, principal, "not my password", "a brand new passphrase", API)
    _login(svc)


def test_repeated_failures_throttle_the_guesser(svc: Services) -> None:
    sign_up(svc)
    for _ in range(svc.settings.throttle.account.limit):
        with pytest.raises(AuthenticationFailed):
            _login(svc, "guess guess guess", ctx=ATTACKER)
    with pytest.raises(Throttled) as caught:
        _login(svc, PASSWORD, ctx=ATTACKER)
    assert caught.value.retry_after_seconds > 0


def test_a_trusted_browser_still_logs_in_while_the_account_is_under_attack(svc: Services) -> None:
    sign_up(svc)
    proof = _login(svc).trusted_proof
    for _ in range(svc.settings.throttle.account.limit + 2):
        with pytest.raises((AuthenticationFailed, Throttled)):
            _login(svc, "guess guess guess", ctx=ATTACKER)
    assert _login(svc, proof=proof).token


def test_a_forged_trusted_proof_is_ignored(svc: Services) -> None:
    sign_up(svc)
    for _ in range(svc.settings.throttle.account.limit):
        with pytest.raises(AuthenticationFailed):
            _login(svc, "guess guess guess", ctx=ATTACKER)
    with pytest.raises(Throttled):
        _login(svc, proof="forged.0123456789abcdef0123456789abcdef")


def test_throttling_lifts_when_the_window_passes(svc: Services, clock: ManualClock) -> None:
    sign_up(svc)
    for _ in range(svc.settings.throttle.account.limit):
        with pytest.raises(AuthenticationFailed):
            _login(svc, "guess guess guess", ctx=ATTACKER)
    clock.advance(svc.settings.throttle.account.window)
    assert _login(svc).token


def test_device_registers_then_logs_in_with_a_bearer_session(svc: Services) -> None:
    sign_up(svc)
    with pytest.raises(NotFound):
        _login(svc, device=DEVICE)
    registered = _login(svc, device=DEVICE, register_device=True)
    assert auth.authenticate(svc, registered.token, API).kind == "device"
    assert auth.authenticate(svc, _login(svc, device=DEVICE).token, API).kind == "device"
    with svc.database.engine.connect() as connection:
        device = connection.execute(select(t.devices)).one()._mapping
    assert (device["device_id"], device["network_code"], device["country_code"]) == (
        DEVICE.device_id,
        "46000",
        "CN",
    )
