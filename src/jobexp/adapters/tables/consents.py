"""The policy releases, and each user's consent decisions with their history."""

from __future__ import annotations

from sqlalchemy import (
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
)

from jobexp.adapters.tables.base import UTCDateTime, declare, metadata, not_personal
from jobexp.domain.table_facts import ERASED, EndsWith, ExportSection

__all__ = ["consent_events", "consent_state", "policy_releases"]

policy_releases = Table(
    "policy_releases",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("version", String(64), nullable=False, unique=True),
    Column("label", String(64), nullable=False),
    Column("kind", String(16), nullable=False),  # initial | minor | material
    Column("affected_purposes", Text, nullable=False),  # JSON list
    Column("changes", Text, nullable=False),  # JSON list of what changed, for the notice
    Column("content", Text, nullable=False),  # the policy file as published
    Column("published_at", UTCDateTime, nullable=False),
    info=not_personal("the published policies: the operator's, about no one"),
)

consent_events = Table(
    "consent_events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("user_id", String(32), ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("purpose", String(64), nullable=False),
    Column("recipient", String(64), nullable=False),  # "" when no recipient
    Column("decision", String(16), nullable=False),  # granted | withdrawn | refused
    Column("policy_version", String(64), nullable=False),
    Column("channel", String(8), nullable=False),
    Column("at", UTCDateTime, nullable=False),
    Index("ix_consent_events_user", "user_id", "id"),
    info=declare(
        categories=("consent_records",),
        retention=EndsWith("users", "cascade"),
        export=ExportSection(
            "consent_history",
            50,
            ("purpose", "recipient", "decision", "policy_version", "channel", "at"),
        ),
        erasure=ERASED,
    ),
)

consent_state = Table(
    "consent_state",
    metadata,
    Column("user_id", String(32), ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("purpose", String(64), primary_key=True),
    Column("recipient", String(64), primary_key=True),
    Column("decision", String(16), nullable=False),
    Column("policy_version", String(64), nullable=False),
    Column("at", UTCDateTime, nullable=False),
    info=declare(
        categories=("consent_records",),
        retention=EndsWith("users", "cascade"),
        export=ExportSection(
            "consents",
            40,
            ("purpose", "recipient", "decision", "policy_version", "at"),
            order_by="purpose",
        ),
        erasure=ERASED,
    ),
)
