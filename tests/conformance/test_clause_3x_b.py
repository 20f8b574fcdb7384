"""3x-b: JobExp has no public posts; nothing of a user's is published, as no purpose allows it."""

from __future__ import annotations

import pytest

from jobexp.domain.purposes import Access, PurposeRules, UserChoices
from jobexp.policy.model import Policy
from tests.conformance.conftest import TODAY

pytestmark = pytest.mark.clause("3x-b")

EVERYONE_CONSENTED = UserChoices(consents=frozenset({("public_posts", "public")}))


def test_publishing_is_refused_whatever_the_user_agreed_to(rules: PurposeRules) -> None:
    access = Access("public_posts", ("account_identifier",), "share", "public")
    assert not rules.decide(access, EVERYONE_CONSENTED, TODAY).allowed


def test_no_declared_recipient_is_the_public(policy: Policy) -> None:
    assert {r.kind for r in policy.recipients} <= {
        "affiliate",
        "partner",
        "third_party_integration",
    }


def test_no_declared_purpose_shares_with_everyone(rules: PurposeRules, policy: Policy) -> None:
    for purpose in policy.purposes:
        access = Access(purpose.id, tuple(purpose.categories), "share", "public")
        assert not rules.decide(access, EVERYONE_CONSENTED, TODAY).allowed, purpose.id
