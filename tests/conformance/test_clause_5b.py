"""5b: to provide a service the user asked for, limited to what that service declares."""

from __future__ import annotations

import pytest

from jobexp.domain.disclosure_requests import DisclosureRefused
from jobexp.service_layer import disclosure_requests as requests
from jobexp.service_layer import ledger
from jobexp.service_layer.context import Services
from jobexp.types import UserId
from tests.conformance._governance import disclose, officers
from tests.support.factories import sign_up
from tests.support.governance import authority_filing, grant_consent

pytestmark = pytest.mark.clause("5b")


def _filing(user: UserId, **changes: object) -> object:
    values: dict[str, object] = {
        "basis": "5b",
        "recipient": "ticket_booking_partner",
        "categories": ("voice_recognition_results",),
        "reference": "booking-2026-0042",
    }
    return authority_filing(user, **(values | changes))


def test_without_the_users_service_request_nothing_is_filed(svc: Services) -> None:
    user = sign_up(svc)
    filer, _ = officers(svc)
    with pytest.raises(DisclosureRefused) as refused:
        requests.file(svc, filer, _filing(user, reference=""))  # type: ignore[arg-type]
    assert refused.value.message_key == "disclosure.needs_service_request"


def test_only_the_categories_the_service_declares_may_go(svc: Services) -> None:
    user = sign_up(svc)
    filer, _ = officers(svc)
    with pytest.raises(DisclosureRefused) as refused:
        requests.file(svc, filer, _filing(user, categories=("location_precise",)))  # type: ignore[arg-type]
    assert refused.value.message_key == "disclosure.categories_outside_basis"


def test_a_requested_service_share_is_recorded(svc: Services) -> None:
    user = sign_up(svc)
    grant_consent(svc, user, "ticket_booking_share", "ticket_booking_partner")
    disclose(svc, _filing(user))  # type: ignore[arg-type]
    [entry] = ledger.history(svc, user)
    assert entry.disclosure.reference == "booking-2026-0042"
