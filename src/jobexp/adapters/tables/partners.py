"""Partners: grants to recipients the policy declares, data obtained from them (3c, D15) and
shares waiting for a marketing partner (4c)."""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
)

from jobexp.adapters.tables.accounts import LAST_ACTIVITY
from jobexp.adapters.tables.base import UTCDateTime, declare, metadata, not_personal
from jobexp.domain.retention import LiveWhile, Retain
from jobexp.domain.table_facts import ERASED, ExportSection
from jobexp.policy.model import RetentionStart

__all__ = ["PARTNER_FIELDS", "partner_grants", "partner_records", "share_queue"]

# The categories partners may provide (partner_records.category), with where each period starts.
_PARTNER_CATEGORIES: tuple[tuple[str, RetentionStart], ...] = (
    ("personalization_profile", "last_activity"),
    ("location_coarse", "collection"),
    ("voice_recognition_results", "collection"),
    ("account_identifier", "last_activity"),
)
PARTNER_FIELDS = (
    "category", "value", "source", "consent_purpose", "consent_reference", "consented_at",
    "imported_at",
)  # fmt: skip

partner_grants = Table(
    "partner_grants",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("recipient", String(64), nullable=False),  # a recipient declared in the policy
    Column("purpose", String(64), nullable=False),
    Column("categories", Text, nullable=False),
    Column("ends_on", Date, nullable=False),
    Column("key_digest", String(64), nullable=False, unique=True),
    Column("created_by", String(32), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("terminated_at", UTCDateTime),
    Column("termination_reason", String(500)),
    Column("attestation_requested_at", UTCDateTime),
    Column("attestation_received_at", UTCDateTime),
    info=not_personal("a grant to a partner: the operator's, about no user"),
)

partner_records = Table(  # 3c, D15: data obtained from a partner, with its source and consent
    "partner_records",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("grant_id", String(32), ForeignKey("partner_grants.id"), nullable=False),
    Column("user_id", String(32), ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("category", String(64), nullable=False),
    Column("value_enc", LargeBinary, nullable=False),
    Column("source", String(300), nullable=False),
    Column("consent_purpose", String(64), nullable=False),
    Column("consent_reference", String(200), nullable=False),
    Column("consented_at", UTCDateTime, nullable=False),
    Column("imported_at", UTCDateTime, nullable=False),
    Index("ix_partner_records_user", "user_id", "consent_purpose"),
    info=declare(
        categories=tuple(category for category, _ in _PARTNER_CATEGORIES),
        # Each row holds one category (its `category` column) and ends with its period.
        retention=tuple(
            Retain(
                "id",
                category,
                "imported_at",
                starts=starts,
                refreshed_by=LAST_ACTIVITY if starts == "last_activity" else None,
                owner="user_id",
                only=("category", category),
            )
            for category, starts in _PARTNER_CATEGORIES
        ),
        export=ExportSection(
            "partner_records",
            130,
            PARTNER_FIELDS,
            starts_from="imported_at",
            category_field="category",
        ),
        erasure=ERASED,
    ),
)

share_queue = Table(  # 4c: shares with a marketing partner wait here until sent or cancelled
    "share_queue",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("user_id", String(32), ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("recipient", String(64), nullable=False),
    Column("purpose", String(64), nullable=False),
    Column("categories", Text, nullable=False),
    Column("status", String(16), nullable=False),  # pending | sent | cancelled
    Column("queued_at", UTCDateTime, nullable=False),
    Column("settled_at", UTCDateTime),
    Index("ix_share_queue_user_status", "user_id", "status"),
    info=declare(
        categories=("disclosure_records", "consent_records"),
        retention=(
            Retain(
                "id",
                "disclosure_records",
                "queued_at",
                owner="user_id",
                live_while=(LiveWhile("status", ("pending",)),),
            ),
        ),
        export=ExportSection(
            "shares",
            140,
            ("recipient", "purpose", "categories", "status", "queued_at", "settled_at"),
            categories=("disclosure_records",),
            starts_from="queued_at",
        ),
        erasure=ERASED,
    ),
)
