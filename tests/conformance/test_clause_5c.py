"""5c: as PRC law or a PRC authority requires; a foreign authority only with PRC approval."""

from __future__ import annotations

import pytest

from jobexp.domain.disclosure_requests import DisclosureRefused
from jobexp.domain.purposes import PurposeDenied
from jobexp.service_layer import disclosure_requests as requests
from jobexp.service_layer import ledger
from jobexp.service_layer.context import Services
from tests.conformance._governance import disclose, officers
from tests.support.factories import sign_up
from tests.support.governance import authority_filing

pytestmark = pytest.mark.clause("5c")


@pytest.mark.parametrize("missing", ["authority", "reference"])
def test_an_authority_request_names_the_authority_and_its_reference(
    svc: Services, missing: str
) -> None:
    user = sign_up(svc)
    filer, _ = officers(svc)
    with pytest.raises(DisclosureRefused) as refused:
        requests.file(svc, filer, authority_filing(user, **{missing: ""}))
    assert refused.value.message_key == "disclosure.needs_authority"


def test_a_foreign_authority_is_refused_without_a_prc_authoritys_approval(svc: Services) -> None:
    user = sign_up(svc)
    filer, _ = officers(svc)
    with pytest.raises(DisclosureRefused) as refused:
        requests.file(svc, filer, authority_filing(user, recipient_region="US"))
    assert refused.value.message_key == "disclosure.foreign_authority"


def test_even_with_approval_data_does_not_leave_the_region_without_a_mechanism(
    svc: Services,
) -> None:
    user = sign_up(svc)
    filing = authority_filing(user, recipient_region="US", prc_approval="司法部 2026-77")
    with pytest.raises(PurposeDenied):
        disclose(svc, filing)
    assert ledger.history(svc, user, include_held=True) == []


def test_a_notice_hold_is_recorded_and_hides_the_entry_until_it_ends(svc: Services) -> None:
    from datetime import date

    user = sign_up(svc)
    disclose(svc, authority_filing(user, hold_until=date(2027, 1, 31)))
    assert ledger.history(svc, user) == []
    [held] = ledger.history(svc, user, include_held=True)
    assert held.disclosure.hold_until == date(2027, 1, 31)
