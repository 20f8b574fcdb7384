"""1b: location for weather or task appointments needs the user's separate consent."""

from __future__ import annotations

import pytest

from jobexp.domain.purposes import Access, PurposeRules, UserChoices
from jobexp.policy.model import Policy
from tests.conformance.conftest import TODAY

pytestmark = pytest.mark.clause("1b")


def test_location_is_sensitive_and_its_purposes_rest_on_separate_consent(policy: Policy) -> None:
    assert policy.category("location_coarse").sensitive
    assert policy.category("location_precise").sensitive
    for purpose in ("weather", "task_appointments"):
        assert policy.purpose(purpose).legal_basis == "separate_consent"


@pytest.mark.parametrize(
    ("purpose", "category"),
    [("weather", "location_coarse"), ("task_appointments", "location_precise")],
)
def test_location_is_refused_without_that_purposes_consent_and_allowed_with_it(
    rules: PurposeRules, purpose: str, category: str
) -> None:
    access = Access(purpose, (category,), "write")
    other_consent = UserChoices(frozenset({("personalization", "")}), accepted_release=1)
    own_consent = UserChoices(frozenset({(purpose, "")}), accepted_release=1)

    for user in (None, UserChoices(accepted_release=1), other_consent):
        refused = rules.decide(access, user, TODAY)
        assert (refused.allowed, refused.reason) == (False, "purpose.no_consent")
    assert rules.decide(access, own_consent, TODAY).allowed


def test_weather_never_gets_precise_coordinates(rules: PurposeRules) -> None:
    user = UserChoices(frozenset({("weather", "")}), accepted_release=1)

    refused = rules.decide(Access("weather", ("location_precise",)), user, TODAY)

    assert (refused.allowed, refused.reason) == (False, "purpose.category_not_allowed")
