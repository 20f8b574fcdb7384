"""1d: a third-party service gets only its declared fields, and only with separate consent
naming that recipient."""

from __future__ import annotations

import pytest

from jobexp.domain.purposes import Access, PurposeRules, UserChoices
from tests.conformance.conftest import TODAY

pytestmark = pytest.mark.clause("1d")
NAVIGATION = ("navigation_share", "navigation_provider")


def _share(*categories: str, recipient: str = "navigation_provider") -> Access:
    return Access("navigation_share", categories, "share", recipient=recipient)


@pytest.mark.parametrize(
    "consents",
    [frozenset(), frozenset({("navigation_share", "")}), frozenset({("weather", "")})],
)
def test_sharing_with_the_navigation_provider_needs_consent_naming_it(
    rules: PurposeRules, consents: frozenset[tuple[str, str]]
) -> None:
    access = _share("voice_recognition_results", "location_coarse")

    refused = rules.decide(access, UserChoices(consents, accepted_release=1), TODAY)
    allowed = rules.decide(access, UserChoices(frozenset({NAVIGATION}), accepted_release=1), TODAY)

    assert (refused.allowed, refused.reason) == (False, "purpose.no_consent")
    assert allowed.allowed


@pytest.mark.parametrize(
    ("access", "reason"),
    [
        (_share("account_identifier"), "purpose.category_not_allowed"),
        (_share("contact_names"), "purpose.device_only"),
        (_share("location_coarse", recipient="marketing_partner"), "purpose.recipient_not_allowed"),
        (_share("location_coarse", recipient="someone_else"), "purpose.recipient_not_allowed"),
    ],
)
def test_undeclared_data_or_recipients_are_refused_even_with_consent(
    rules: PurposeRules, access: Access, reason: str
) -> None:
    user = UserChoices(frozenset({NAVIGATION}), accepted_release=1)

    refused = rules.decide(access, user, TODAY)

    assert (refused.allowed, refused.reason) == (False, reason)
