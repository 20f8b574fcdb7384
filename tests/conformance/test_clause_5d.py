"""5d: disclosure over a violation needs a recorded violation by that user."""

from __future__ import annotations

import pytest

from jobexp.domain.disclosure_requests import DisclosureRefused
from jobexp.service_layer import disclosure_requests as requests
from jobexp.service_layer import ledger
from jobexp.service_layer.context import Services
from tests.conformance._governance import disclose, officers
from tests.support.factories import sign_up
from tests.support.governance import authority_filing

pytestmark = pytest.mark.clause("5d")


def test_without_a_violation_record_about_this_user_nothing_is_filed(svc: Services) -> None:
    user, other = sign_up(svc), sign_up(svc, "bob@example.com")
    filer, _ = officers(svc)
    someone_elses = requests.record_violation(
        svc, filer, other, rule="Rule 3", description="Fraud", action="Suspended"
    )
    for violation in ("", "no-such-record", someone_elses):
        with pytest.raises(DisclosureRefused) as refused:
            requests.file(svc, filer, authority_filing(user, basis="5d", violation_id=violation))
        assert refused.value.message_key == "disclosure.needs_violation"


def test_the_ledger_entry_points_to_the_violation(svc: Services) -> None:
    user = sign_up(svc)
    filer, _ = officers(svc)
    violation = requests.record_violation(
        svc, filer, user, rule="Rule 3", description="Fraud", action="Suspended"
    )
    disclose(svc, authority_filing(user, basis="5d", violation_id=violation))
    [entry] = ledger.history(svc, user)
    assert entry.disclosure.reference == f"violation:{violation}"
