"""3a: registration takes an email address or a mainland China mobile number, validated."""

from __future__ import annotations

import pytest

from jobexp.domain.errors import InvalidInput
from jobexp.service_layer import accounts
from jobexp.service_layer.context import Services
from tests.support.factories import sign_up

pytestmark = pytest.mark.clause("3a")


@pytest.mark.parametrize(
    ("identifier", "kind", "stored"),
    [
        ("Ann@Example.COM", "email", "ann@example.com"),
        ("138 0013 8000", "mobile", "+8613800138000"),
    ],
)
def test_an_email_or_a_mainland_mobile_number_registers_normalized(
    svc: Services, identifier: str, kind: str, stored: str
) -> None:
    user_id = sign_up(svc, identifier)

    me = accounts.profile(svc, user_id)
    assert (me.identifier.kind, me.identifier.value) == (kind, stored)


@pytest.mark.parametrize(
    "identifier",
    ["not-an-address", "ann@", "+1 202 555 0143", "+852 5123 4567", "010 6552 9988", ""],
)
def test_anything_else_is_refused(svc: Services, identifier: str) -> None:
    with pytest.raises(InvalidInput, match=r"^identifier\."):
        sign_up(svc, identifier)
