"""6: data leaves the PRC only under a recorded lawful mechanism and with separate consent."""

from __future__ import annotations

import dataclasses

import pytest

from jobexp.domain.purposes import Access, PurposeRules, UserChoices
from jobexp.policy.model import Policy, Region
from tests.conformance.conftest import TODAY

pytestmark = pytest.mark.clause("6")
ABROAD = Access("weather", ("location_coarse",), "write", region="SG")
WEATHER = ("weather", "")
CROSS_BORDER = ("cross_border_transfer", "")


def test_without_a_declared_mechanism_nothing_leaves_even_with_every_consent(
    rules: PurposeRules,
) -> None:
    user = UserChoices(consents=frozenset({WEATHER, CROSS_BORDER}), accepted_release=1)

    refused = rules.decide(ABROAD, user, TODAY)

    assert (refused.allowed, refused.reason) == (False, "purpose.region")


def test_with_a_mechanism_a_transfer_still_needs_the_users_separate_consent(
    policy: Policy,
) -> None:
    region = Region("CN", ("standard_contract",), "cross_border_transfer")
    rules = PurposeRules.compile(dataclasses.replace(policy, region=region))
    weather_only = UserChoices(consents=frozenset({WEATHER}), accepted_release=1)
    with_transfer = UserChoices(consents=frozenset({WEATHER, CROSS_BORDER}), accepted_release=1)

    refused = rules.decide(ABROAD, weather_only, TODAY)

    assert (refused.allowed, refused.reason) == (False, "purpose.no_consent")
    assert rules.decide(ABROAD, with_transfer, TODAY).allowed
