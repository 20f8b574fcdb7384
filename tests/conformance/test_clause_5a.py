"""5a: with the user's prior consent, to the recipient and for the purpose agreed to."""

from __future__ import annotations

import pytest

from jobexp.domain.disclosure_requests import DisclosureRefused
from jobexp.domain.purposes import PurposeDenied
from jobexp.service_layer import disclosure_requests as requests
from jobexp.service_layer import ledger
from jobexp.service_layer.context import Services
from jobexp.types import UserId
from tests.conformance._governance import officers
from tests.support.factories import sign_up
from tests.support.governance import authority_filing, grant_consent, withdraw_consent

pytestmark = pytest.mark.clause("5a")


def _filing(user: UserId) -> object:
    return authority_filing(
        user, basis="5a", recipient="navigation_provider", categories=("location_coarse",)
    )


def test_without_the_users_consent_for_that_recipient_nothing_is_filed(svc: Services) -> None:
    user = sign_up(svc)
    filer, _ = officers(svc)
    grant_consent(svc, user, "ticket_booking_share", "ticket_booking_partner")
    with pytest.raises(DisclosureRefused) as refused:
        requests.file(svc, filer, _filing(user))  # type: ignore[arg-type]
    assert refused.value.message_key == "disclosure.needs_consent"


def test_a_consent_withdrawn_after_approval_stops_the_disclosure(svc: Services) -> None:
    user = sign_up(svc)
    filer, approver = officers(svc)
    grant_consent(svc, user, "navigation_share", "navigation_provider")
    request_id = requests.file(svc, filer, _filing(user))  # type: ignore[arg-type]
    requests.decide(svc, approver, request_id, approve=True)
    withdraw_consent(svc, user, "navigation_share", "navigation_provider")
    with pytest.raises((DisclosureRefused, PurposeDenied)):
        requests.execute(svc, approver, request_id)
    assert ledger.history(svc, user, include_held=True) == []
