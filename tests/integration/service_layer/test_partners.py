"""Partner grants, the partner API's checks, imports and marketing shares (3c, 4a-4c)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from jobexp.clock import ManualClock
from jobexp.domain.errors import Forbidden, InvalidInput, NotAuthenticated
from jobexp.domain.purposes import PurposeDenied
from jobexp.service_layer import ledger, marketing, partners
from jobexp.service_layer.context import Services
from tests.support.factories import API, sign_up
from tests.support.governance import add_staff, audit_rows, grant_consent, withdraw_consent

MARKETING = {"recipient": "marketing_partner", "purpose": "marketing"}


def _grant(svc: Services, ends: date = date(2027, 3, 31)) -> partners.IssuedGrant:
    admin = add_staff(svc, "administrator")
    return partners.create_grant(
        svc, admin, categories=("account_identifier",), ends_on=ends, **MARKETING
    )


def test_a_grant_is_cut_from_what_the_policy_declares(svc: Services) -> None:
    admin = add_staff(svc, "administrator")
    with pytest.raises(InvalidInput):
        partners.create_grant(
            svc, admin, categories=("location_precise",), ends_on=date(2027, 1, 1), **MARKETING
        )
    with pytest.raises(InvalidInput):
        partners.create_grant(
            svc, admin, categories=("account_identifier",), ends_on=date(2028, 1, 1), **MARKETING
        )


def test_a_partner_key_reads_only_its_categories_with_consent_and_each_share_is_ledgered(
    svc: Services,
) -> None:
    user = sign_up(svc)
    issued = _grant(svc)
    grant = partners.grant_for_key(svc, issued.api_key, API)
    with pytest.raises(PurposeDenied):
        partners.share_with_partner(svc, grant, user, ("account_identifier",), API)
    grant_consent(svc, user, "marketing", "marketing_partner")
    values = partners.share_with_partner(svc, grant, user, ("account_identifier",), API)
    assert values == {"account_identifier": "alice@example.com"}
    assert [e.disclosure.recipient for e in ledger.history(svc, user)] == ["marketing_partner"]
    with pytest.raises(Forbidden):
        partners.share_with_partner(svc, grant, user, ("birth_date",), API)
    assert ("partner:api:denied", "denied") in audit_rows(svc)


def test_an_ended_or_terminated_grants_key_is_refused_at_once(
    svc: Services, clock: ManualClock
) -> None:
    issued = _grant(svc, ends=date(2026, 12, 1))
    assert partners.grant_for_key(svc, issued.api_key, API)
    clock.advance(timedelta(days=2))
    with pytest.raises(NotAuthenticated) as ended:
        partners.grant_for_key(svc, issued.api_key, API)
    assert ended.value.message_key == "partner.grant_ended"
    admin = add_staff(svc, "administrator", "admin2@jobexp.example")
    other = partners.create_grant(
        svc, admin, categories=("account_identifier",), ends_on=date(2027, 3, 1), **MARKETING
    )
    partners.terminate(svc, admin, other.grant.id, "Resold user data to a broker")
    with pytest.raises(NotAuthenticated) as terminated:
        partners.grant_for_key(svc, other.api_key, API)
    assert terminated.value.message_key == "partner.grant_terminated"
    [view] = [v for v in partners.grants_page(svc, admin, 1)[0] if v.grant.id == other.grant.id]
    assert view.attestation_requested_at is not None and view.attestation_received_at is None
    partners.attestation_received(svc, admin, other.grant.id)
    [view] = [v for v in partners.grants_page(svc, admin, 1)[0] if v.grant.id == other.grant.id]
    assert view.attestation_received_at is not None


def test_imported_rows_keep_source_and_consent_and_bad_rows_say_why(svc: Services) -> None:
    user, other = sign_up(svc), sign_up(svc, "bob@example.com")
    grant_consent(svc, user, "marketing", "marketing_partner")
    issued = _grant(svc)
    rows = [
        (
            2,
            {
                "user_id": user,
                "category": "account_identifier",
                "value": "alice@partner.example",
                "consent_reference": "P-1",
                "consented_at": "2026-11-01T10:00:00+08:00",
            },
        ),
        (
            3,
            {
                "user_id": user,
                "category": "birth_date",
                "value": "1990-01-01",
                "consent_reference": "P-2",
                "consented_at": "2026-11-01T10:00:00+08:00",
            },
        ),
        (
            4,
            {
                "user_id": other,
                "category": "account_identifier",
                "value": "bob@partner.example",
                "consent_reference": "P-3",
                "consented_at": "2026-11-01T10:00:00+08:00",
            },
        ),
        (
            5,
            {
                "user_id": user,
                "category": "account_identifier",
                "value": "x",
                "consent_reference": "",
                "consented_at": "2026-11-01",
            },
        ),
    ]
    report = partners.import_rows(svc, issued.grant.id, rows, "november.csv")
    assert report.accepted == 1
    reasons = {r.line: r.reason for r in report.rejected}
    assert "outside the grant" in reasons[3]
    assert "no live consent" in reasons[4]
    assert "missing consent_reference" in reasons[5]
    [value] = partners.imported_for(svc, user, "marketing", "marketing_partner")
    assert (value.value, value.consent_reference) == ("alice@partner.example", "P-1")
    assert value.source == "marketing_partner:november.csv:2"
    withdraw_consent(svc, user, "marketing", "marketing_partner")
    with pytest.raises(PurposeDenied):
        partners.imported_for(svc, user, "marketing", "marketing_partner")


def test_withdrawing_marketing_consent_cancels_queued_shares_at_once(svc: Services) -> None:
    user = sign_up(svc)
    with pytest.raises(PurposeDenied):
        marketing.queue_share(svc, user, "marketing_partner")
    grant_consent(svc, user, "marketing", "marketing_partner")
    first = marketing.queue_share(svc, user, "marketing_partner")
    assert marketing.send_pending(svc) == marketing.SendReport(sent=1, cancelled=0)
    marketing.queue_share(svc, user, "marketing_partner")
    withdraw_consent(svc, user, "marketing", "marketing_partner")
    assert dict(marketing.queued(svc, user)) == {first: "sent", first + 1: "cancelled"}
    assert marketing.send_pending(svc) == marketing.SendReport(sent=0, cancelled=0)
    assert len(ledger.history(svc, user)) == 1
