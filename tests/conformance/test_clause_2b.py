"""2b: if the service is discontinued, users are notified, then their data ends (D17)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from jobexp.adapters import tables as t
from jobexp.clock import ManualClock
from jobexp.domain.errors import InvalidInput
from jobexp.service_layer import discontinuation
from jobexp.service_layer.context import RequestContext, Services
from tests.support.factories import sign_up

pytestmark = pytest.mark.clause("2b")
CLI = RequestContext(None, "cli")


def test_users_are_notified_and_after_the_notice_everything_personal_ends(
    svc: Services, clock: ManualClock
) -> None:
    user = sign_up(svc)
    discontinuation.announce(svc, discontinuation.MIN_NOTICE_DAYS, CLI)
    assert discontinuation.notice_for(svc, user) is not None
    clock.advance(timedelta(days=discontinuation.MIN_NOTICE_DAYS, minutes=1))
    _, report = discontinuation.sweep_all(svc)
    assert report is not None and report.path.exists()
    with svc.database.engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(t.users)).scalar() == 0


def test_a_notice_shorter_than_the_promised_minimum_is_refused(svc: Services) -> None:
    with pytest.raises(InvalidInput):
        discontinuation.announce(svc, discontinuation.MIN_NOTICE_DAYS - 1, CLI)
