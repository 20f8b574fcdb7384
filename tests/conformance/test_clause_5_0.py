"""5.0: every disclosure rests on one ground, is recorded, and is shown to the user."""

from __future__ import annotations

import pytest

from jobexp.domain.disclosure_requests import DisclosureRefused
from jobexp.service_layer import disclosure_requests as requests
from jobexp.service_layer import ledger
from jobexp.service_layer.context import Services
from tests.conformance._governance import disclose, officers
from tests.support.factories import sign_up
from tests.support.governance import audit_rows, authority_filing

pytestmark = pytest.mark.clause("5.0")


@pytest.mark.parametrize("basis", ["", "5h", "other", "5"])
def test_a_disclosure_without_a_known_ground_is_refused_and_audited(
    svc: Services, basis: str
) -> None:
    user = sign_up(svc)
    filer, _ = officers(svc)
    with pytest.raises(DisclosureRefused) as refused:
        requests.file(svc, filer, authority_filing(user, basis=basis))
    assert refused.value.message_key == "disclosure.no_basis"
    assert ("privacy:disclosure:filed", "denied") in audit_rows(svc)


def test_every_executed_disclosure_is_in_the_ledger_with_its_ground_and_shown_to_the_user(
    svc: Services,
) -> None:
    user = sign_up(svc)
    request_id = disclose(svc, authority_filing(user))
    [entry] = ledger.history(svc, user)
    assert (entry.disclosure.basis, entry.disclosure.request_id) == ("5c", request_id)
    assert ledger.verify(svc) is None
