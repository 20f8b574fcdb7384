"""2a: personal information is stored in the PRC; the purpose check keeps it there."""

from __future__ import annotations

import pytest

from jobexp.domain.purposes import Access, PurposeRules, UserChoices
from jobexp.policy.model import Policy
from tests.conformance.conftest import TODAY

pytestmark = pytest.mark.clause("2a")
WEATHER = ("weather", "")
CROSS_BORDER = ("cross_border_transfer", "")


def test_the_policy_declares_the_prc_as_its_storage_region(policy: Policy) -> None:
    assert policy.region.storage == "CN"


def test_data_stays_in_the_region_and_is_refused_anywhere_else(rules: PurposeRules) -> None:
    user = UserChoices(consents=frozenset({WEATHER, CROSS_BORDER}), accepted_release=1)
    at_home = Access("weather", ("location_coarse",), "write")
    abroad = Access("weather", ("location_coarse",), "write", region="US")

    assert rules.decide(at_home, user, TODAY).allowed
    refused = rules.decide(abroad, user, TODAY)
    assert (refused.allowed, refused.reason) == (False, "purpose.region")
