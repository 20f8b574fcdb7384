"""P3: a minor needs a guardian's recorded consent; under 14 all data is sensitive."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from jobexp.adapters import tables as t
from jobexp.domain.errors import InvalidInput
from jobexp.service_layer.context import Services
from tests.support.factories import guardian, sign_up

pytestmark = pytest.mark.clause("P3")
FIFTEEN = date(2011, 6, 1)  # on the suite's clock (2026-11-30)
TEN = date(2016, 3, 15)


def _count(svc: Services, table: object) -> int:
    with svc.database.engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(table)).scalar_one())  # type: ignore[arg-type]


def test_a_minor_without_a_guardians_consent_cannot_sign_up(svc: Services) -> None:
    with pytest.raises(InvalidInput, match=r"guardian\.required"):
        sign_up(svc, "teen@example.com", birth_date=FIFTEEN)

    assert _count(svc, t.users) == 0


def test_a_minors_guardian_consent_is_recorded(svc: Services) -> None:
    sign_up(svc, "teen@example.com", birth_date=FIFTEEN, guardian=guardian())

    with svc.database.engine.connect() as connection:
        user = connection.execute(select(t.users)).one()._mapping
        consents = connection.execute(select(t.guardian_consents)).all()
    assert user["is_minor"] and not user["data_sensitive"]
    assert len(consents) == 1
    assert consents[0]._mapping["consented_at"] == svc.clock.now()


def test_a_child_under_14s_data_is_marked_sensitive(svc: Services) -> None:
    sign_up(svc, "kid@example.com", birth_date=TEN, guardian=guardian())

    with svc.database.engine.connect() as connection:
        user = connection.execute(select(t.users)).one()._mapping
    assert user["is_minor"] and user["data_sensitive"]
