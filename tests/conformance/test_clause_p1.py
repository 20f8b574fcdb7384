"""P1: nothing is disclosed to a third party without the user's prior permission."""

from __future__ import annotations

import pytest

from jobexp.domain.purposes import Access, PurposeDenied, UserChoices
from jobexp.service_layer import consents
from jobexp.service_layer.context import Services
from tests.support.factories import API, sign_up

pytestmark = pytest.mark.clause("P1")

SHARE = Access("ticket_booking_share", ("location_coarse",), "share", "ticket_booking_partner")


def test_sharing_without_the_users_permission_is_refused(svc: Services) -> None:
    user_id = sign_up(svc)
    with pytest.raises(PurposeDenied), svc.uow(SHARE, subject=user_id):
        pass


def test_sharing_with_permission_for_that_recipient_is_allowed(svc: Services) -> None:
    user_id = sign_up(svc)
    consents.decide(
        svc, user_id, ("ticket_booking_share", "ticket_booking_partner", "granted"), API
    )
    with svc.uow(SHARE, subject=user_id):
        pass


def test_a_share_that_names_no_recipient_is_refused(svc: Services) -> None:
    rules = svc.policies.published().rules
    nameless = Access("ticket_booking_share", ("location_coarse",), "share")
    choices = UserChoices(consents=frozenset({("ticket_booking_share", "")}))
    assert rules.decide(nameless, choices, svc.clock.now().date()).reason == "purpose.no_recipient"
