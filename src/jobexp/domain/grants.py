"""Partner and affiliate grants (4a, 4b; D14): purpose, categories, end date, one API key.

A grant is cut from a recipient the policy declares: its purpose and categories must be
among the recipient's, and it cannot outlast the recipient's own grant in the policy. The key
is 256 random bits shown once; only its SHA-256 is kept (a high-entropy secret needs no slow
hash). An ended or terminated grant is refused at once.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, datetime

from jobexp.domain.errors import InvalidInput
from jobexp.policy.model import Policy

KEY_PREFIX = "jxp_"


@dataclass(frozen=True)
class Grant:
    id: str
    recipient: str
    purpose: str
    categories: frozenset[str]
    ends_on: date
    terminated_at: datetime | None = None

    def refusal(self, today: date) -> str | None:
        """Why this grant's key opens nothing today (a message key), or None if it is live."""
        if self.terminated_at is not None:
            return "partner.grant_terminated"
        if today > self.ends_on:
            return "partner.grant_ended"
        return None

    def outside(self, categories: tuple[str, ...]) -> list[str]:
        return sorted(set(categories) - self.categories)


def new_key() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(32)


def key_digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def check_new_grant(
    policy: Policy,
    *,
    recipient_id: str,
    purpose: str,
    categories: tuple[str, ...],
    ends_on: date,
    today: date,
) -> None:
    """A grant within what the policy declares for the recipient, ending in the future."""
    declared = {r.id: r for r in policy.recipients}
    recipient = declared.get(recipient_id)
    if recipient is None:
        raise InvalidInput("partner.recipient_not_declared", recipient=recipient_id)
    if purpose not in recipient.purposes:
        raise InvalidInput("partner.purpose_not_declared", purpose=purpose)
    allowed = set(recipient.categories) & set(policy.purpose(purpose).categories)
    outside = sorted(set(categories) - allowed)
    if not categories or outside:
        raise InvalidInput("partner.categories_not_declared", categories=", ".join(outside))
    if ends_on <= today:
        raise InvalidInput("partner.ends_in_past")
    if recipient.grant_ends is not None and ends_on > recipient.grant_ends:
        raise InvalidInput("partner.ends_after_policy", date=recipient.grant_ends.isoformat())
