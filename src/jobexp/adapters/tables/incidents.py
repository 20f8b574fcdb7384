"""Incidents (8b, D16): what happened, whom it was told to, and users' reports of a leak."""

from __future__ import annotations

from sqlalchemy import (
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from jobexp.adapters.tables.base import UTCDateTime, declare, metadata, not_personal
from jobexp.domain.retention import Retain
from jobexp.domain.table_facts import ERASED, ExportSection

__all__ = ["incident_notices", "incidents", "leak_reports"]

incidents = Table(  # 8b, D16
    "incidents",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("categories", Text, nullable=False),
    Column("cause", Text, nullable=False),
    Column("harm", Text, nullable=False),
    Column("remedies", Text, nullable=False),
    Column("opened_by", String(32), nullable=False),
    Column("opened_at", UTCDateTime, nullable=False),
    Column("notified_count", Integer, nullable=False),
    info=not_personal("an incident's summary names no user; its notices do"),
)

incident_notices = Table(
    "incident_notices",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("incident_id", String(32), ForeignKey("incidents.id"), nullable=False),
    Column("user_id", String(32), ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("notified_at", UTCDateTime, nullable=False),
    UniqueConstraint("incident_id", "user_id"),
    Index("ix_incident_notices_user", "user_id"),
    info=declare(
        categories=("disclosure_records",),
        retention=(Retain("id", "disclosure_records", "notified_at", owner="user_id"),),
        export=ExportSection(
            "incident_notices",
            160,
            ("categories", "cause", "harm", "remedies", "notified_at"),
            order_by="notified_at",
            starts_from="notified_at",
        ),
        erasure=ERASED,
    ),
)

leak_reports = Table(
    "leak_reports",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("user_id", String(32), ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("description", Text, nullable=False),
    Column("status", String(16), nullable=False),  # received | linked
    Column("incident_id", String(32)),
    Column("reported_at", UTCDateTime, nullable=False),
    Index("ix_leak_reports_user", "user_id"),
    info=declare(
        categories=("disclosure_records",),
        retention=(Retain("id", "disclosure_records", "reported_at", owner="user_id"),),
        export=ExportSection(
            "leak_reports",
            150,
            ("description", "status", "reported_at"),
            order_by="reported_at",
            starts_from="reported_at",
        ),
        erasure=ERASED,
    ),
)
