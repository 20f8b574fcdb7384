"""Asking the compiled purpose check which purposes may use a category."""

from __future__ import annotations

from jobexp.domain.purposes import Access, PurposeRules, UserChoices
from jobexp.policy.model import Policy
from tests.conformance.conftest import TODAY

# A user who said yes to every consent a purpose-bound permission could need.
CONSENTING = UserChoices(
    consents=frozenset({(p, "") for p in ("avatar", "personalization", "weather")})
)


def purposes_allowed(rules: PurposeRules, policy: Policy, category: str) -> set[str]:
    return {
        p.id
        for p in policy.purposes
        if rules.decide(Access(p.id, (category,)), CONSENTING, TODAY).allowed
    }
