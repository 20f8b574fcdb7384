"""The rows of the governance tables as frozen dataclasses: what `governance.py` reads and writes.

Each record names the tables it mirrors (`MIRRORS`) and the columns it leaves out
(`OMITTED`); a test holds every record to exactly those columns, so a renamed column fails a
test and, through the record's field, `mypy` at every use.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import ClassVar

from jobexp.domain.staff import Role
from jobexp.types import UserId

__all__ = [
    "DisclosureRequestRecord",
    "GrantRecord",
    "IncidentNotice",
    "IncidentRecord",
    "LeakReportRecord",
    "MinorApproval",
    "PartnerRecord",
    "ShareQueueEntry",
    "SignedInSession",
    "StaffAccount",
    "StaffSession",
    "ViolationRecord",
    "categories_of",
]


def categories_of(text: str) -> tuple[str, ...]:
    """A comma-separated column of policy category ids, as a tuple."""
    return tuple(c for c in text.split(",") if c)


@dataclass(frozen=True)
class StaffAccount:
    MIRRORS: ClassVar[tuple[str, ...]] = ("staff",)
    OMITTED: ClassVar[frozenset[str]] = frozenset()

    id: str
    email: str
    role: Role
    password_hash: str
    active: bool
    created_at: datetime


@dataclass(frozen=True)
class StaffSession:
    MIRRORS: ClassVar[tuple[str, ...]] = ("staff_sessions",)
    OMITTED: ClassVar[frozenset[str]] = frozenset()

    id: str
    token_digest: str
    staff_id: str
    created_at: datetime
    last_seen_at: datetime
    expires_at: datetime
    ended_at: datetime | None = None


@dataclass(frozen=True, kw_only=True)
class SignedInSession(StaffSession):
    """A console session with what the session check needs of the staff account holding it."""

    MIRRORS: ClassVar[tuple[str, ...]] = ("staff_sessions", "staff")
    OMITTED: ClassVar[frozenset[str]] = frozenset({"password_hash"})

    email: str
    role: Role
    active: bool


@dataclass(frozen=True)
class ViolationRecord:
    MIRRORS: ClassVar[tuple[str, ...]] = ("violations",)
    OMITTED: ClassVar[frozenset[str]] = frozenset()

    id: str
    user_id: UserId
    rule: str
    description: str
    action_taken: str
    recorded_by: str
    recorded_at: datetime


@dataclass(frozen=True)
class DisclosureRequestRecord:
    MIRRORS: ClassVar[tuple[str, ...]] = ("disclosure_requests",)
    OMITTED: ClassVar[frozenset[str]] = frozenset()

    id: str
    user_id: UserId
    recipient: str
    recipient_region: str
    basis: str
    purpose: str
    categories: str  # comma-separated: `categories_of`
    reference: str
    authority: str
    violation_id: str
    citation: str
    prc_approval: str
    hold_until: date | None
    status: str
    requested_by: str
    requested_at: datetime
    decided_by: str | None = None
    decided_at: datetime | None = None
    decision_note: str | None = None
    executed_at: datetime | None = None


@dataclass(frozen=True)
class MinorApproval:
    MIRRORS: ClassVar[tuple[str, ...]] = ("minor_access_approvals",)
    OMITTED: ClassVar[frozenset[str]] = frozenset()

    id: str
    user_id: UserId
    requested_by: str
    purpose: str
    status: str
    requested_at: datetime
    decided_by: str | None = None
    decided_at: datetime | None = None
    expires_at: datetime | None = None


@dataclass(frozen=True)
class GrantRecord:
    MIRRORS: ClassVar[tuple[str, ...]] = ("partner_grants",)
    OMITTED: ClassVar[frozenset[str]] = frozenset()

    id: str
    recipient: str
    purpose: str
    categories: str  # comma-separated: `categories_of`
    ends_on: date
    key_digest: str
    created_by: str
    created_at: datetime
    terminated_at: datetime | None = None
    termination_reason: str | None = None
    attestation_requested_at: datetime | None = None
    attestation_received_at: datetime | None = None


@dataclass(frozen=True)
class PartnerRecord:
    """A value obtained from a partner; its serial id is the database's and nobody reads it."""

    MIRRORS: ClassVar[tuple[str, ...]] = ("partner_records",)
    OMITTED: ClassVar[frozenset[str]] = frozenset({"id"})

    grant_id: str
    user_id: UserId
    category: str
    value_enc: bytes
    source: str
    consent_purpose: str
    consent_reference: str
    consented_at: datetime
    imported_at: datetime


@dataclass(frozen=True)
class ShareQueueEntry:
    MIRRORS: ClassVar[tuple[str, ...]] = ("share_queue",)
    OMITTED: ClassVar[frozenset[str]] = frozenset()

    id: int
    user_id: UserId
    recipient: str
    purpose: str
    categories: str  # comma-separated: `categories_of`
    status: str
    queued_at: datetime
    settled_at: datetime | None


@dataclass(frozen=True)
class IncidentRecord:
    MIRRORS: ClassVar[tuple[str, ...]] = ("incidents",)
    OMITTED: ClassVar[frozenset[str]] = frozenset()

    id: str
    categories: str  # comma-separated
    cause: str
    harm: str
    remedies: str
    opened_by: str
    opened_at: datetime
    notified_count: int


@dataclass(frozen=True)
class IncidentNotice:
    """What a user was told of an incident (`id` is the incident's), and when."""

    MIRRORS: ClassVar[tuple[str, ...]] = ("incidents", "incident_notices")
    OMITTED: ClassVar[frozenset[str]] = frozenset(
        {"opened_by", "opened_at", "notified_count", "incident_id", "user_id"}
    )

    id: str
    categories: str  # comma-separated
    cause: str
    harm: str
    remedies: str
    notified_at: datetime


@dataclass(frozen=True)
class LeakReportRecord:
    MIRRORS: ClassVar[tuple[str, ...]] = ("leak_reports",)
    OMITTED: ClassVar[frozenset[str]] = frozenset()

    id: str
    user_id: UserId
    description: str
    status: str
    incident_id: str | None
    reported_at: datetime
