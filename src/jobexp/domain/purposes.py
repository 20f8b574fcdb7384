"""The purpose check: the one gate every read, write or share of personal data passes.

It answers, from the policy as data and the user's own choices, whether this purpose may
touch these categories now: the policy allows the purpose for the category; the user
consented where consent is the basis and has re-accepted any material update that affects the
purpose (D1); the data stays in the declared region or leaves with a recorded mechanism and the
user's separate consent (D5); a recipient is declared for it and its grant is live (D3, D14).
Anything it does not know it refuses.

Rules are compiled once per policy version into dictionaries, so a decision is a handful of
lookups: it runs on every access.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from jobexp.domain.errors import Forbidden
from jobexp.policy.ids import ClauseId, PurposeId
from jobexp.policy.model import Policy

Action = Literal["read", "write", "share", "delete"]
CONSENT_BASES = frozenset({"consent", "separate_consent"})
NO_RECIPIENT = ""


@dataclass(frozen=True)
class Access:
    """One intended use of personal data."""

    purpose: str
    categories: tuple[str, ...]
    action: Action = "read"
    recipient: str | None = None
    region: str | None = None  # where the data goes; None means the deployment's own region


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str  # a message key: "purpose.allowed" or why not
    clauses: tuple[ClauseId, ...] = ()


ALLOWED = Decision(True, "purpose.allowed")
# A legal hold keeps a user's data as it is for the law: kept, but not used. Meanwhile it
# serves only the user's own access to their account and data, and the duties around it.
HOLD_EXEMPT = frozenset(
    {
        PurposeId.ACCOUNT,
        PurposeId.LOGIN_SECURITY,
        PurposeId.SECURITY_LOGGING,
        PurposeId.CONSENT_MANAGEMENT,
        PurposeId.LEGAL_DISCLOSURE,
        PurposeId.RETENTION,
        PurposeId.DATA_RIGHTS,
    }
)
ON_HOLD = Decision(False, "purpose.legal_hold", (ClauseId.C10,))


def frozen_by_hold(access: Access) -> bool:
    """Whether a legal hold on the user stops this access (kept, but not used)."""
    return access.purpose not in HOLD_EXEMPT


class PurposeDenied(Forbidden):
    """The purpose check refused: the message key says why, and what the user can do."""

    def __init__(self, access: Access, decision: Decision) -> None:
        super().__init__(decision.reason, purpose=access.purpose)
        self.access = access
        self.decision = decision


@dataclass(frozen=True)
class UserChoices:
    """What one user has agreed to: live consents and the newest policy release accepted."""

    consents: frozenset[tuple[str, str]] = frozenset()  # (purpose, recipient or "")
    accepted_release: int = 0


@dataclass(frozen=True)
class _Recipient:
    purposes: frozenset[str]
    categories: frozenset[str]
    requires_consent: bool
    grant_ends: date | None


@dataclass(frozen=True)
class PurposeRules:
    """A policy compiled for fast decisions, with the release history of material changes."""

    region: str
    cross_border_purpose: str | None
    cross_border_mechanisms: tuple[str, ...]
    allowed: Mapping[str, frozenset[str]]  # purpose -> categories
    consent_based: frozenset[str]
    device_only: frozenset[str]
    recipients: Mapping[str, _Recipient]
    # purpose -> the newest release whose material change affects it (re-acceptance needed)
    reaccept_after: Mapping[str, int] = field(default_factory=dict)
    # Purposes the law requires (PIPL 13(3)): no user's acceptance can be their precondition.
    legal_obligations: frozenset[str] = frozenset()

    @classmethod
    def compile(
        cls, policy: Policy, material_releases: Iterable[tuple[int, frozenset[str]]] = ()
    ) -> PurposeRules:
        reaccept: dict[str, int] = {}
        for release, purposes in material_releases:
            for purpose in purposes:
                reaccept[purpose] = max(reaccept.get(purpose, 0), release)
        return cls(
            region=policy.region.storage,
            cross_border_purpose=policy.region.cross_border_purpose,
            cross_border_mechanisms=tuple(policy.region.cross_border_mechanisms),
            allowed={p.id: frozenset(p.categories) for p in policy.purposes},
            consent_based=frozenset(
                p.id for p in policy.purposes if p.legal_basis in CONSENT_BASES
            ),
            device_only=frozenset(c.id for c in policy.categories if c.processed_on == "device"),
            recipients={
                r.id: _Recipient(
                    frozenset(r.purposes), frozenset(r.categories), r.requires_consent, r.grant_ends
                )
                for r in policy.recipients
            },
            reaccept_after=reaccept,
            legal_obligations=frozenset(
                p.id for p in policy.purposes if p.legal_basis == "legal_obligation"
            ),
        )

    def needs_user(self, access: Access) -> bool:
        """Whether deciding needs the user's choices (consents or a pending re-acceptance)."""
        return (
            access.purpose in self.consent_based
            or self._pausable(access)
            or access.recipient is not None
            or self._abroad(access)
        )

    def _pausable(self, access: Access) -> bool:
        """Whether a material update waiting for acceptance stops this access (D1).

        Ending data (deleting it when its period ends) is never paused: pausing it would keep
        the data longer than either version of the policy allows. Nor is processing the law
        requires (the security logs, answering a lawful order): it rests on no consent, and
        pausing it would stop, for instance, every audit entry written on no one's behalf.
        """
        return (
            access.purpose in self.reaccept_after
            and access.action != "delete"
            and access.purpose not in self.legal_obligations
        )

    def decide(self, access: Access, user: UserChoices | None, today: date) -> Decision:
        """Allow or refuse; `user` is None when no user is concerned (or none is known yet)."""
        for check in (self._policy_allows, self._region_allows, self._recipient_allows):
            refusal = check(access, today)
            if refusal is not None:
                return refusal
        return self._user_allows(access, user)

    def _policy_allows(self, access: Access, _today: date) -> Decision | None:
        categories = self.allowed.get(access.purpose)
        if categories is None:
            return Decision(False, "purpose.unknown", (ClauseId.C1_1,))
        if not access.categories:
            return Decision(False, "purpose.no_category", (ClauseId.C1_1,))
        if any(c in self.device_only for c in access.categories):
            return Decision(
                False, "purpose.device_only", (ClauseId.C1A, ClauseId.C1C, ClauseId.C9C)
            )
        if not categories.issuperset(access.categories):
            return Decision(False, "purpose.category_not_allowed", (ClauseId.C1_1, ClauseId.C2_0))
        return None

    def _abroad(self, access: Access) -> bool:
        return access.region is not None and access.region != self.region

    def _region_allows(self, access: Access, _today: date) -> Decision | None:
        if not self._abroad(access):
            return None
        if not self.cross_border_mechanisms or self.cross_border_purpose is None:
            return Decision(False, "purpose.region", (ClauseId.C2A, ClauseId.C6))
        return None

    def _recipient_allows(self, access: Access, today: date) -> Decision | None:
        if access.action == "share" and access.recipient is None:
            return Decision(False, "purpose.no_recipient", (ClauseId.C4A, ClauseId.C5_0))
        if access.recipient is None:
            return None
        recipient = self.recipients.get(access.recipient)
        if recipient is None or access.purpose not in recipient.purposes:
            return Decision(
                False, "purpose.recipient_not_allowed", (ClauseId.C4A, ClauseId.C4B, ClauseId.C1D)
            )
        if not recipient.categories.issuperset(access.categories):
            return Decision(
                False, "purpose.recipient_not_allowed", (ClauseId.C4A, ClauseId.C4B, ClauseId.C1D)
            )
        if recipient.grant_ends is not None and today > recipient.grant_ends:
            return Decision(False, "purpose.grant_ended", (ClauseId.C4A,))
        return None

    def _user_allows(self, access: Access, user: UserChoices | None) -> Decision:
        if not self.needs_user(access):
            return ALLOWED
        if user is None:
            return Decision(False, "purpose.no_consent", (ClauseId.P1, ClauseId.C5A))
        if self._pausable(access) and self.reaccept_after[access.purpose] > user.accepted_release:
            return Decision(False, "purpose.reaccept_required", (ClauseId.C11,))
        for purpose, recipient in self._consents_needed(access):
            if (purpose, recipient) not in user.consents:
                return Decision(
                    False,
                    "purpose.no_consent",
                    (ClauseId.P1, ClauseId.C5A, ClauseId.C4C, ClauseId.C1D),
                )
        return ALLOWED

    def _consents_needed(self, access: Access) -> list[tuple[str, str]]:
        needed = []
        if access.purpose in self.consent_based:
            needed.append((access.purpose, access.recipient or NO_RECIPIENT))
        if access.recipient is not None and access.purpose not in self.consent_based:
            recipient = self.recipients[access.recipient]
            if recipient.requires_consent:
                needed.append((access.purpose, access.recipient))
        if self._abroad(access) and self.cross_border_purpose is not None:
            needed.append((self.cross_border_purpose, NO_RECIPIENT))
        return needed
