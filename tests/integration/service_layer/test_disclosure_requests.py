"""Disclosure requests end to end in a real database (5.0, 5a-5g, 3x-c; D4)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from jobexp.clock import ManualClock
from jobexp.domain.disclosure_requests import DisclosureRefused
from jobexp.domain.errors import Conflict, Forbidden, InvalidInput
from jobexp.domain.purposes import PurposeDenied
from jobexp.service_layer import disclosure_requests as requests
from jobexp.service_layer import ledger
from jobexp.service_layer.context import Services
from tests.support.factories import sign_up
from tests.support.governance import add_staff, audit_rows, authority_filing, grant_consent


def test_an_approved_authority_request_lands_in_the_ledger_and_the_users_history(
    svc: Services,
) -> None:
    user = sign_up(svc)
    support, officer = add_staff(svc, "support"), add_staff(svc, "privacy_officer")
    request_id = requests.file(svc, support, authority_filing(user))
    requests.decide(svc, officer, request_id, approve=True)
    requests.execute(svc, officer, request_id)
    [entry] = ledger.history(svc, user)
    assert (entry.disclosure.basis, entry.disclosure.request_id) == ("5c", request_id)
    assert requests.get(svc, officer, request_id).status == "executed"
    actions = [a for a, _ in audit_rows(svc)]
    for step in ("filed", "approved", "executed"):
        assert f"privacy:disclosure:{step}" in actions


def test_a_disclosure_without_a_basis_is_refused_and_audited(svc: Services) -> None:
    user = sign_up(svc)
    support = add_staff(svc, "support")
    with pytest.raises(DisclosureRefused) as refused:
        requests.file(svc, support, authority_filing(user, basis=""))
    assert refused.value.message_key == "disclosure.no_basis"
    assert ("privacy:disclosure:filed", "denied") in audit_rows(svc)


def test_approving_your_own_5g_request_is_refused_and_audited(svc: Services) -> None:
    user = sign_up(svc)
    officer = add_staff(svc, "privacy_officer")
    filing = authority_filing(
        user, basis="5g", citation="Platform rule 4.2: impersonation reports to the victim"
    )
    request_id = requests.file(svc, officer, filing)
    with pytest.raises(DisclosureRefused) as refused:
        requests.decide(svc, officer, request_id, approve=True)
    assert refused.value.message_key == "disclosure.self_approval"
    assert ("privacy:disclosure:approved", "denied") in audit_rows(svc)
    second = add_staff(svc, "privacy_officer", "second@jobexp.example")
    requests.decide(svc, second, request_id, approve=True)
    assert requests.get(svc, second, request_id).status == "approved"


def test_categories_outside_the_basis_are_refused(svc: Services) -> None:
    user = sign_up(svc)
    support = add_staff(svc, "support")
    filing = authority_filing(user, basis="5f", categories=("account_identifier", "user_files"))
    with pytest.raises(DisclosureRefused) as refused:
        requests.file(svc, support, filing)
    assert refused.value.message_key == "disclosure.categories_outside_basis"


def test_a_foreign_authority_needs_a_prc_approval(svc: Services) -> None:
    user = sign_up(svc)
    support = add_staff(svc, "support")
    with pytest.raises(DisclosureRefused) as refused:
        requests.file(svc, support, authority_filing(user, recipient_region="US"))
    assert refused.value.message_key == "disclosure.foreign_authority"


def test_an_approved_foreign_request_still_cannot_cross_the_border_without_a_mechanism(
    svc: Services,
) -> None:
    user = sign_up(svc)
    support, officer = add_staff(svc, "support"), add_staff(svc, "privacy_officer")
    filing = authority_filing(user, recipient_region="US", prc_approval="司法部 2026-77")
    request_id = requests.file(svc, support, filing)
    requests.decide(svc, officer, request_id, approve=True)
    with pytest.raises(PurposeDenied) as refused:
        requests.execute(svc, officer, request_id)
    assert refused.value.decision.reason == "purpose.region"
    assert requests.get(svc, officer, request_id).status == "refused"
    assert ledger.history(svc, user, include_held=True) == []


def test_5a_needs_the_users_consent_for_that_recipient(svc: Services) -> None:
    user = sign_up(svc)
    support = add_staff(svc, "support")
    filing = authority_filing(
        user, basis="5a", recipient="navigation_provider", categories=("location_coarse",)
    )
    with pytest.raises(DisclosureRefused):
        requests.file(svc, support, filing)
    grant_consent(svc, user, "navigation_share", "navigation_provider")
    assert requests.file(svc, support, filing)


def test_5d_needs_a_violation_record_about_that_user(svc: Services) -> None:
    user, other = sign_up(svc), sign_up(svc, "bob@example.com")
    support = add_staff(svc, "support")
    violation = requests.record_violation(
        svc, support, other, rule="Rule 7", description="Spam", action="Warned"
    )
    filing = authority_filing(user, basis="5d", violation_id=violation)
    with pytest.raises(DisclosureRefused):
        requests.file(svc, support, filing)
    mine = requests.record_violation(
        svc, support, user, rule="Rule 7", description="Spam", action="Warned"
    )
    assert requests.file(svc, support, authority_filing(user, basis="5d", violation_id=mine))


def test_a_notice_hold_hides_the_entry_until_its_end(svc: Services, clock: ManualClock) -> None:
    user = sign_up(svc)
    support, officer = add_staff(svc, "support"), add_staff(svc, "privacy_officer")
    hold = date(2026, 12, 31)
    request_id = requests.file(svc, support, authority_filing(user, hold_until=hold))
    requests.decide(svc, officer, request_id, approve=True)
    requests.execute(svc, officer, request_id)
    assert ledger.history(svc, user) == []
    clock.advance(timedelta(days=32))
    assert len(ledger.history(svc, user)) == 1


def test_support_cannot_decide_and_a_request_is_decided_once(svc: Services) -> None:
    user = sign_up(svc)
    support, officer = add_staff(svc, "support"), add_staff(svc, "privacy_officer")
    request_id = requests.file(svc, support, authority_filing(user))
    with pytest.raises(Forbidden):
        requests.decide(svc, support, request_id, approve=True)
    with pytest.raises(InvalidInput):
        requests.decide(svc, officer, request_id, approve=False)
    requests.decide(svc, officer, request_id, approve=False, note="Reference not verifiable")
    with pytest.raises(Conflict):
        requests.decide(svc, officer, request_id, approve=True)
    with pytest.raises(Conflict):
        requests.execute(svc, officer, request_id)
