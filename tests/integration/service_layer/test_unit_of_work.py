"""Units of work commit explicitly and roll back by default."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from jobexp.adapters import tables as t
from jobexp.adapters.repositories import LoginFailures
from jobexp.domain.purpose_scope import UncheckedAccess
from jobexp.service_layer.auth import RECORD_FAILURE
from jobexp.service_layer.context import Services

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def _failures(svc: Services) -> int:
    with svc.database.engine.connect() as connection:
        return int(
            connection.execute(select(func.count()).select_from(t.login_failures)).scalar_one()
        )


def test_rolls_back_uncommitted_work_by_default(svc: Services) -> None:
    with svc.uow(RECORD_FAILURE) as uow:
        uow.get(LoginFailures).add("client", "k", NOW)
    assert _failures(svc) == 0


def test_commits_when_told(svc: Services) -> None:
    with svc.uow(RECORD_FAILURE) as uow:
        uow.get(LoginFailures).add("client", "k", NOW)
        uow.commit()
    assert _failures(svc) == 1


def test_rolls_back_on_error(svc: Services) -> None:
    with pytest.raises(RuntimeError), svc.uow(RECORD_FAILURE) as uow:
        uow.get(LoginFailures).add("client", "k", NOW)
        raise RuntimeError("boom")
    assert _failures(svc) == 0


def test_read_only_unit_cannot_commit(svc: Services) -> None:
    with svc.uow(RECORD_FAILURE, readonly=True) as uow, pytest.raises(RuntimeError):
        uow.commit()


def test_personal_data_outside_a_purpose_check_is_refused(svc: Services) -> None:
    with svc.uow() as uow, pytest.raises(UncheckedAccess):
        uow.get(LoginFailures).add("client", "k", NOW)
