"""Units of work commit explicitly and roll back by default."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from jobexp.adapters import tables as t
from jobexp.service_layer.context import Services

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def _failures(svc: Services) -> int:
    with svc.engine.connect() as connection:
        return int(
            connection.execute(select(func.count()).select_from(t.login_failures)).scalar_one()
        )


def test_rolls_back_uncommitted_work_by_default(svc: Services) -> None:
    with svc.uow() as uow:
        uow.login_failures.add("client", "k", NOW)
    assert _failures(svc) == 0


def test_commits_when_told(svc: Services) -> None:
    with svc.uow() as uow:
        uow.login_failures.add("client", "k", NOW)
        uow.commit()
    assert _failures(svc) == 1


def test_rolls_back_on_error(svc: Services) -> None:
    with pytest.raises(RuntimeError), svc.uow() as uow:
        uow.login_failures.add("client", "k", NOW)
        raise RuntimeError("boom")
    assert _failures(svc) == 0


def test_read_only_unit_cannot_commit(svc: Services) -> None:
    with svc.uow(readonly=True) as uow, pytest.raises(RuntimeError):
        uow.commit()
