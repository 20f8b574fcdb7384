"""4c: data goes to a marketing partner only with the user's separate consent for that partner."""

from __future__ import annotations

import pytest

from jobexp.domain.purposes import Access, PurposeRules, UserChoices
from tests.conformance.conftest import TODAY

pytestmark = pytest.mark.clause("4c")
TO_PARTNER = Access("marketing", ("account_identifier",), "share", recipient="marketing_partner")


@pytest.mark.parametrize(
    "consents",
    [
        frozenset(),
        frozenset({("marketing", "")}),  # marketing in general names no partner
        frozenset({("personalization", "")}),
        frozenset({("ticket_booking_share", "ticket_booking_partner")}),
    ],
)
def test_sharing_with_a_marketing_partner_is_refused_without_consent_naming_it(
    rules: PurposeRules, consents: frozenset[tuple[str, str]]
) -> None:
    refused = rules.decide(TO_PARTNER, UserChoices(consents, accepted_release=1), TODAY)

    assert (refused.allowed, refused.reason) == (False, "purpose.no_consent")


def test_consent_naming_the_partner_allows_it(rules: PurposeRules) -> None:
    user = UserChoices(frozenset({("marketing", "marketing_partner")}), accepted_release=1)

    assert rules.decide(TO_PARTNER, user, TODAY).allowed


def test_a_partner_gets_no_data_beyond_what_it_is_declared_for(rules: PurposeRules) -> None:
    user = UserChoices(frozenset({("marketing", "marketing_partner")}), accepted_release=1)
    profile = Access(
        "marketing", ("personalization_profile",), "share", recipient="marketing_partner"
    )

    refused = rules.decide(profile, user, TODAY)

    assert (refused.allowed, refused.reason) == (False, "purpose.recipient_not_allowed")
