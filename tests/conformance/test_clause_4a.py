"""4a: no sharing with unrelated third parties; partners lose access when the service ends."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest

from jobexp.domain.purposes import Access, PurposeRules, UserChoices
from jobexp.policy.model import Policy
from tests.conformance.conftest import TODAY

pytestmark = pytest.mark.clause("4a")

CHOICES = UserChoices(consents=frozenset({("navigation_share", "navigation_provider")}))
NAVIGATION = Access("navigation_share", ("location_coarse",), "share", "navigation_provider")


def test_an_undeclared_recipient_receives_nothing(rules: PurposeRules) -> None:
    access = dataclasses.replace(NAVIGATION, recipient="data_broker")
    assert rules.decide(access, CHOICES, TODAY).reason == "purpose.recipient_not_allowed"


def test_a_declared_recipient_receives_only_its_declared_data(rules: PurposeRules) -> None:
    access = dataclasses.replace(NAVIGATION, recipient="ticket_booking_partner")
    assert not rules.decide(access, CHOICES, TODAY).allowed


def test_a_recipient_whose_grant_has_ended_receives_nothing(policy: Policy) -> None:
    recipient = policy.recipient("navigation_provider")
    assert recipient.grant_ends is not None
    rules = PurposeRules.compile(policy)
    assert rules.decide(NAVIGATION, CHOICES, recipient.grant_ends).allowed
    after = recipient.grant_ends + timedelta(days=1)
    assert rules.decide(NAVIGATION, CHOICES, after).reason == "purpose.grant_ended"
