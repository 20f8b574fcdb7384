"""2.0: data is kept only for its published period, then deleted or anonymized (D8, D12)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, insert, select

from jobexp.adapters import tables as t
from jobexp.clock import ManualClock
from jobexp.service_layer import audit, auth, retention
from jobexp.service_layer.context import Services
from tests.support.deletion import vault_keys
from tests.support.factories import API, PASSWORD, sign_up

pytestmark = pytest.mark.clause("2.0")


def test_each_period_comes_from_the_policy_and_expired_rows_end(
    svc: Services, clock: ManualClock
) -> None:
    policy = svc.policies.published().current.policy
    days = policy.category("access_log").retention.days  # type: ignore[union-attr]
    row = {"ip_prefix": "203.0.113.0/24", "browser": "firefox", "language": "en", "method": "GET"}
    with svc.database.engine.begin() as connection:
        for age in (days + 1, days - 1):
            at = clock.now() - timedelta(days=age)
            connection.execute(insert(t.access_log).values(**row, at=at, path="/", status=200))
    retention.sweep(svc)
    with svc.database.engine.connect() as connection:
        ages = connection.execute(select(t.access_log.c.at)).scalars().all()
    assert ages == [clock.now() - timedelta(days=days - 1)]


def test_an_account_unused_for_its_period_is_deleted_with_its_key(
    svc: Services, clock: ManualClock
) -> None:
    sign_up(svc)
    auth.log_in(svc, auth.Credentials("alice@example.com", PASSWORD), API)
    clock.advance(timedelta(days=1096))
    retention.sweep(svc)
    with svc.database.engine.connect() as connection:
        for table in (t.users, t.sessions, t.consent_events):
            assert connection.execute(select(func.count()).select_from(table)).scalar() == 0
    assert vault_keys(svc) == {}
    assert audit.verify(svc) is None
