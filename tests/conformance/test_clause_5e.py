"""5e: to a party of a legal complaint, with the complaint's reference."""

from __future__ import annotations

import pytest

from jobexp.domain.disclosure_requests import DisclosureRefused
from jobexp.service_layer import disclosure_requests as requests
from jobexp.service_layer import ledger
from jobexp.service_layer.context import Services
from jobexp.types import UserId
from tests.conformance._governance import disclose, officers
from tests.support.factories import sign_up
from tests.support.governance import authority_filing

pytestmark = pytest.mark.clause("5e")


def _filing(user: UserId, reference: str) -> object:
    return authority_filing(
        user, basis="5e", recipient="Complainant's counsel", authority="", reference=reference
    )


def test_without_the_complaints_reference_nothing_is_filed(svc: Services) -> None:
    user = sign_up(svc)
    filer, _ = officers(svc)
    with pytest.raises(DisclosureRefused) as refused:
        requests.file(svc, filer, _filing(user, ""))  # type: ignore[arg-type]
    assert refused.value.message_key == "disclosure.needs_complaint"


def test_a_complaint_disclosure_is_recorded_with_its_reference(svc: Services) -> None:
    user = sign_up(svc)
    disclose(svc, _filing(user, "complaint 2026-118"))  # type: ignore[arg-type]
    [entry] = ledger.history(svc, user)
    assert (entry.disclosure.basis, entry.disclosure.reference) == ("5e", "complaint 2026-118")
