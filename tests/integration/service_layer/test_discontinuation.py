"""Discontinuing the service: everyone notified, then all personal data ended (2b, D17)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import Table, func, select

from jobexp.adapters import tables as t
from jobexp.clock import ManualClock
from jobexp.domain.errors import Conflict, InvalidInput
from jobexp.service_layer import audit, discontinuation, retention
from jobexp.service_layer.context import RequestContext, Services
from tests.support.deletion import vault_keys
from tests.support.factories import sign_up

CLI = RequestContext(client_ip=None, channel="cli")


def _rows(svc: Services, table: Table) -> int:
    with svc.database.engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(table)).scalar_one())


@pytest.mark.parametrize("days", [-1, 0, 29, 100_000])
def test_a_notice_period_outside_the_allowed_range_is_refused(svc: Services, days: int) -> None:
    with pytest.raises(InvalidInput):
        discontinuation.announce(svc, days, CLI)
    assert _rows(svc, t.discontinuations) == 0


def test_announcing_notifies_every_account_and_is_audited(svc: Services) -> None:
    sign_up(svc, "a@example.com")
    sign_up(svc, "b@example.com")
    announced = discontinuation.announce(svc, 30, CLI)
    assert announced.notified == 2
    assert _rows(svc, t.discontinuation_notices) == 2
    with svc.database.engine.connect() as connection:
        actions = set(connection.execute(select(t.audit_log.c.action)).scalars())
    assert "service:discontinuation:announced" in actions


def test_a_second_announcement_while_one_is_pending_is_refused(svc: Services) -> None:
    discontinuation.announce(svc, 30, CLI)
    with pytest.raises(Conflict):
        discontinuation.announce(svc, 45, CLI)


def test_the_notice_records_when_it_was_first_seen_and_reaches_late_sign_ups(
    svc: Services, clock: ManualClock
) -> None:
    early = sign_up(svc, "a@example.com")
    discontinuation.announce(svc, 30, CLI)
    late = sign_up(svc, "late@example.com")
    first = discontinuation.notice_for(svc, early, mark_seen=True)
    assert first is not None and first.first_seen
    again = discontinuation.notice_for(svc, early, mark_seen=True)
    assert again is not None and not again.first_seen
    assert discontinuation.notice_for(svc, late) is not None
    assert _rows(svc, t.discontinuation_notices) == 2


def test_before_the_notice_ends_nothing_is_deleted(svc: Services, clock: ManualClock) -> None:
    sign_up(svc)
    discontinuation.announce(svc, 30, CLI)
    clock.advance(timedelta(days=29))
    assert discontinuation.due_to_end(svc) is None


def test_after_the_notice_every_account_is_deleted_and_a_final_report_written(
    svc: Services, clock: ManualClock
) -> None:
    sign_up(svc, "a@example.com")
    sign_up(svc, "b@example.com")
    discontinuation.announce(svc, 30, CLI)
    clock.advance(timedelta(days=30, seconds=1))
    assert discontinuation.due_to_end(svc) is not None
    results = retention.sweep(svc, discontinued=True)
    report = discontinuation.finish(svc, results)
    assert vault_keys(svc) == {}
    for table in (t.users, t.policy_acceptances, t.sessions, t.devices):
        assert _rows(svc, table) == 0, table.name
    assert report.path.parent == svc.settings.data_dir
    assert report.path.read_text(encoding="utf-8") == report.text
    assert "accounts remaining: 0" in report.text
    assert "audit_log: until" in report.text
    assert discontinuation.due_to_end(svc) is None
    assert discontinuation.current(svc.database) is None
    assert audit.verify(svc) is None
