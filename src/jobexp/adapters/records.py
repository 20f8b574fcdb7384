"""The rows the core stores return and take, as frozen dataclasses.

Each mirrors its table's columns by name (tests/unit/adapters/test_records.py holds them to
it), so a renamed column fails a test and a renamed field fails the type check wherever the
service layer reads it; nothing above the adapters indexes a row by a column-name string.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from jobexp.domain.consent import ConsentDecision
from jobexp.domain.places import PlaceKind
from jobexp.types import UserId


@dataclass(frozen=True)
class AcceptanceRecord:
    """An agreement the user accepted (`policy_acceptances`)."""

    user_id: UserId
    document: str
    version: str
    channel: str
    accepted_at: datetime


@dataclass(frozen=True)
class GuardianConsentRecord:
    """A guardian's consent for a child's account (`guardian_consents`), fields encrypted."""

    user_id: UserId
    guardian_name_enc: bytes
    guardian_contact_enc: bytes
    relationship: str
    policy_version: str
    channel: str
    consented_at: datetime


@dataclass(frozen=True)
class PolicyReleaseRecord:
    """A published policy version (`policy_releases`); JSON lists stay text here."""

    seq: int
    version: str
    label: str
    kind: str
    affected_purposes: str
    changes: str
    content: str
    published_at: datetime


@dataclass(frozen=True)
class ConsentStateRecord:
    """The current decision for one (purpose, recipient) (`consent_state`)."""

    user_id: UserId
    purpose: str
    recipient: str  # "" when the consent names no recipient
    decision: ConsentDecision
    policy_version: str
    at: datetime


@dataclass(frozen=True)
class ConsentEventRecord:
    """One consent decision in the history (`consent_events`)."""

    id: int
    user_id: UserId
    purpose: str
    recipient: str
    decision: ConsentDecision
    policy_version: str
    channel: str
    at: datetime


@dataclass(frozen=True)
class TaskRecord:
    """A task appointment (`assistant_tasks`), its title encrypted."""

    id: str
    user_id: UserId
    title_enc: bytes
    due_at: datetime
    created_at: datetime
    completed_at: datetime | None


@dataclass(frozen=True)
class PlaceRecord:
    """A saved place (`saved_places`), its label and point encrypted."""

    id: str
    user_id: UserId
    kind: PlaceKind
    label_enc: bytes
    point_enc: bytes
    created_at: datetime
