"""5g: any other disclosure needs a written citation and a second approver."""

from __future__ import annotations

import pytest

from jobexp.domain.disclosure_requests import DisclosureRefused
from jobexp.service_layer import disclosure_requests as requests
from jobexp.service_layer.context import Services
from tests.conformance._governance import disclose, officers
from tests.support.factories import sign_up
from tests.support.governance import add_staff, audit_rows, authority_filing

pytestmark = pytest.mark.clause("5g")
CITATION = "Platform rule 12.3: impersonation reports are answered to the victim"


def test_without_a_written_citation_nothing_is_filed(svc: Services) -> None:
    user = sign_up(svc)
    filer, _ = officers(svc)
    with pytest.raises(DisclosureRefused) as refused:
        requests.file(svc, filer, authority_filing(user, basis="5g", citation="rule 12"))
    assert refused.value.message_key == "disclosure.needs_citation"


def test_the_requester_cannot_approve_their_own_request_and_the_refusal_is_audited(
    svc: Services,
) -> None:
    user = sign_up(svc)
    officer = add_staff(svc, "privacy_officer")
    request_id = requests.file(svc, officer, authority_filing(user, basis="5g", citation=CITATION))
    with pytest.raises(DisclosureRefused) as refused:
        requests.decide(svc, officer, request_id, approve=True)
    assert refused.value.message_key == "disclosure.self_approval"
    assert ("privacy:disclosure:approved", "denied") in audit_rows(svc)
    assert requests.get(svc, officer, request_id).status == "filed"


def test_with_a_citation_and_a_second_approver_it_is_disclosed(svc: Services) -> None:
    user = sign_up(svc)
    disclose(svc, authority_filing(user, basis="5g", citation=CITATION))
