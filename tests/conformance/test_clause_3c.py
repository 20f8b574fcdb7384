"""3c: data from partners keeps its source and consent, and is used only within that consent."""

from __future__ import annotations

from datetime import date

import pytest

from jobexp.domain.purposes import PurposeDenied
from jobexp.service_layer import partners
from jobexp.service_layer.context import Services
from tests.support.factories import sign_up
from tests.support.governance import add_staff, grant_consent, withdraw_consent

pytestmark = pytest.mark.clause("3c")


def _row(user: str, **changes: str) -> dict[str, str | None]:
    row: dict[str, str | None] = {
        "user_id": user,
        "category": "account_identifier",
        "value": "alice@partner.example",
        "consent_reference": "partner-consent-9",
        "consented_at": "2026-10-01T09:00:00+08:00",
    }
    return row | changes


def _grant_id(svc: Services) -> str:
    return partners.create_grant(
        svc, add_staff(svc, "administrator"), recipient="marketing_partner",
        purpose="marketing", categories=("account_identifier",), ends_on=date(2027, 5, 1),
    ).grant.id  # fmt: skip


def test_each_imported_row_records_its_source_and_the_consent_it_came_with(svc: Services) -> None:
    user = sign_up(svc)
    grant_consent(svc, user, "marketing", "marketing_partner")
    report = partners.import_rows(svc, _grant_id(svc), [(2, _row(user))], "feed.csv")
    assert report.accepted == 1
    [value] = partners.imported_for(svc, user, "marketing", "marketing_partner")
    assert (value.source, value.consent_reference) == (
        "marketing_partner:feed.csv:2",
        "partner-consent-9",
    )


def test_imported_data_is_not_usable_for_another_purpose_or_after_withdrawal(
    svc: Services,
) -> None:
    user = sign_up(svc)
    grant_consent(svc, user, "marketing", "marketing_partner")
    partners.import_rows(svc, _grant_id(svc), [(2, _row(user))], "feed.csv")
    grant_consent(svc, user, "ticket_booking_share", "ticket_booking_partner")
    assert partners.imported_for(svc, user, "ticket_booking_share", "ticket_booking_partner") == []
    withdraw_consent(svc, user, "marketing", "marketing_partner")
    with pytest.raises(PurposeDenied):
        partners.imported_for(svc, user, "marketing", "marketing_partner")


def test_a_row_without_the_consent_it_came_with_is_refused(svc: Services) -> None:
    user = sign_up(svc)
    grant_consent(svc, user, "marketing", "marketing_partner")
    report = partners.import_rows(
        svc, _grant_id(svc), [(2, _row(user, consent_reference=""))], "feed.csv"
    )
    assert report.accepted == 0 and "consent_reference" in report.rejected[0].reason
