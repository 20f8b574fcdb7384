"""8a: passwords are hashed with argon2id (never stored or encrypted), common ones refused;
sessions time out and end on the server."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from jobexp.adapters import tables as t
from jobexp.clock import ManualClock
from jobexp.domain.errors import InvalidInput, NotAuthenticated
from jobexp.service_layer import auth
from jobexp.service_layer.context import Services
from tests.support.factories import API, PASSWORD, sign_up

pytestmark = pytest.mark.clause("8a")


def test_the_password_is_stored_only_as_an_argon2id_hash(svc: Services) -> None:
    sign_up(svc)

    with svc.database.engine.connect() as connection:
        row = connection.execute(select(t.users)).one()._mapping
    assert row["password_hash"].startswith("$argon2id$")
    assert PASSWORD not in repr(dict(row))


@pytest.mark.parametrize("password", ["password", "12345678", "qwertyuiop", "short"])
def test_a_common_or_short_password_is_refused(svc: Services, password: str) -> None:
    with pytest.raises(InvalidInput, match=r"^password\."):
        sign_up(svc, password=password)


def _log_in(svc: Services) -> auth.LoginResult:
    return auth.log_in(svc, auth.Credentials("alice@example.com", PASSWORD), API)


def test_a_web_session_ends_after_being_idle(svc: Services, clock: ManualClock) -> None:
    sign_up(svc)
    session = _log_in(svc)
    assert auth.authenticate(svc, session.token, API).session_id == session.session_id

    clock.advance(svc.settings.timeouts.web_idle + timedelta(seconds=1))

    with pytest.raises(NotAuthenticated):
        auth.authenticate(svc, session.token, API)


def test_logging_out_ends_the_session_on_the_server(svc: Services) -> None:
    sign_up(svc)
    session = _log_in(svc)
    principal = auth.authenticate(svc, session.token, API)

    auth.log_out(svc, principal, API)

    with pytest.raises(NotAuthenticated):
        auth.authenticate(svc, session.token, API)


def test_each_login_gets_a_new_random_token(svc: Services) -> None:
    sign_up(svc)

    first, second = _log_in(svc), _log_in(svc)

    assert first.token != second.token
    with svc.database.engine.connect() as connection:
        digests = list(connection.execute(select(t.sessions.c.token_digest)).scalars())
    assert first.token not in digests and second.token not in digests


def test_a_web_session_ends_at_its_absolute_limit_however_active(
    svc: Services, clock: ManualClock
) -> None:
    sign_up(svc)
    session = _log_in(svc)
    limits = svc.settings.timeouts
    step = limits.web_idle / 2
    elapsed = timedelta(0)
    while elapsed + step < limits.web_absolute:
        clock.advance(step)
        elapsed += step
        auth.authenticate(svc, session.token, API)  # active all along

    clock.advance(step)

    with pytest.raises(NotAuthenticated):
        auth.authenticate(svc, session.token, API)
