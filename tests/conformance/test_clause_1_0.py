"""1.0: personal information is stored encrypted with a key belonging to the account."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from jobexp.adapters import tables as t
from jobexp.service_layer import accounts
from jobexp.service_layer.context import Services
from tests.support.factories import sign_up

pytestmark = pytest.mark.clause("1.0")


def test_the_stored_user_row_holds_neither_the_identifier_nor_the_birth_date_in_clear(
    svc: Services,
) -> None:
    user_id = sign_up(svc, "Plain.Text@Example.com")

    with svc.database.engine.connect() as connection:
        row = connection.execute(select(t.users)).one()._mapping
    stored = b"".join(
        value if isinstance(value, bytes) else str(value).encode() for value in row.values()
    ).lower()
    for clear in (b"plain.text@example.com", b"plain.text", b"1990-05-17", b"19900517"):
        assert clear not in stored
    # ...and yet the account's own key reads them back.
    me = accounts.profile(svc, user_id)
    assert (me.identifier.value, me.birth_date.isoformat()) == (
        "plain.text@example.com",
        "1990-05-17",
    )
