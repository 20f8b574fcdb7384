"""5f: in a transaction dispute, only the contact details needed to resolve it."""

from __future__ import annotations

import pytest

from jobexp.domain.disclosure_requests import DisclosureRefused
from jobexp.service_layer import disclosure_requests as requests
from jobexp.service_layer import ledger
from jobexp.service_layer.context import Services
from tests.conformance._governance import disclose, officers
from tests.support.factories import sign_up
from tests.support.governance import authority_filing

pytestmark = pytest.mark.clause("5f")


@pytest.mark.parametrize("extra", ["location_precise", "device_identifier", "user_files"])
def test_anything_beyond_contact_details_is_refused(svc: Services, extra: str) -> None:
    user = sign_up(svc)
    filer, _ = officers(svc)
    filing = authority_filing(user, basis="5f", categories=("account_identifier", extra))
    with pytest.raises(DisclosureRefused) as refused:
        requests.file(svc, filer, filing)
    assert refused.value.message_key == "disclosure.categories_outside_basis"


def test_contact_details_for_a_dispute_are_recorded(svc: Services) -> None:
    user = sign_up(svc)
    disclose(svc, authority_filing(user, basis="5f", reference="order 7781 dispute"))
    [entry] = ledger.history(svc, user)
    assert entry.disclosure.categories == ("account_identifier",)
