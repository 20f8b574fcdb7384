"""The consents a user can give or withdraw, derived from the policy (P1, 1b, 1d, 4c; D2, D3).

Every purpose whose legal basis is consent or separate consent is one consent; a purpose that
shares with recipients is one consent per recipient (naming it, D3). The guardian's consent
for a minor is given once, at sign-up (P3), not toggled here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from jobexp.domain.errors import NotFound
from jobexp.domain.purposes import CONSENT_BASES, NO_RECIPIENT
from jobexp.policy.model import Policy

ConsentDecision = Literal["granted", "withdrawn", "refused"]
DECISIONS: tuple[ConsentDecision, ...] = ("granted", "withdrawn", "refused")
GIVEN_AT_SIGN_UP = frozenset({"minor_account"})
# D6: for a child under 14 these need the guardian, so the child cannot switch them on alone.
GUARDIAN_ONLY_FOR_CHILDREN = frozenset({"marketing", "personalization", "cross_border_transfer"})


@dataclass(frozen=True)
class ConsentOption:
    purpose: str
    recipient: str | None
    categories: tuple[str, ...]

    @property
    def key(self) -> tuple[str, str]:
        return self.purpose, self.recipient or NO_RECIPIENT


def consent_options(policy: Policy) -> tuple[ConsentOption, ...]:
    options: list[ConsentOption] = []
    for purpose in policy.purposes:
        if purpose.legal_basis not in CONSENT_BASES or purpose.id in GIVEN_AT_SIGN_UP:
            continue
        recipients = [
            r for r in policy.recipients if purpose.id in r.purposes and r.requires_consent
        ]
        if not recipients:
            options.append(ConsentOption(purpose.id, None, purpose.categories))
        for recipient in recipients:
            shared = tuple(c for c in purpose.categories if c in recipient.categories)
            options.append(ConsentOption(purpose.id, recipient.id, shared))
    return tuple(options)


def find_option(policy: Policy, purpose: str, recipient: str | None) -> ConsentOption:
    """The option for (purpose, recipient), or NotFound naming what is unknown."""
    for option in consent_options(policy):
        if option.purpose == purpose and option.recipient == (recipient or None):
            return option
    known_purposes = {o.purpose for o in consent_options(policy)}
    key = "consent.unknown_recipient" if purpose in known_purposes else "consent.unknown_purpose"
    raise NotFound(key, purpose=purpose, recipient=recipient or "")
