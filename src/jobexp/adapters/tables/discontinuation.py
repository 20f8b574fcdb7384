"""Discontinuing the service (clause 2b, D17): the decision, and each user's notice of it."""

from __future__ import annotations

from sqlalchemy import (
    Column,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
)

from jobexp.adapters.tables.base import UTCDateTime, declare, metadata, not_personal
from jobexp.domain.table_facts import ERASED, EndsWith, ExportSection

__all__ = ["discontinuation_notices", "discontinuations"]

discontinuations = Table(
    "discontinuations",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("announced_at", UTCDateTime, nullable=False),
    Column("effective_at", UTCDateTime, nullable=False),
    Column("notice_days", Integer, nullable=False),
    Column("completed_at", UTCDateTime),
    Column("report", Text),
    info=not_personal("the operator's decision to discontinue: about no one"),
)

# Each user's notice of the discontinuation, and when they first saw it.
discontinuation_notices = Table(
    "discontinuation_notices",
    metadata,
    Column("user_id", String(32), ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "discontinuation_id",
        Integer,
        ForeignKey("discontinuations.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("notified_at", UTCDateTime, nullable=False),
    Column("seen_at", UTCDateTime),
    info=declare(
        categories=("consent_records",),
        retention=EndsWith("users", "cascade"),
        export=ExportSection("notices", 80, ("notified_at", "seen_at"), order_by="notified_at"),
        erasure=ERASED,
    ),
)
