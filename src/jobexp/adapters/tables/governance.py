"""Governance (issue #6): staff, violations, authorities' disclosure requests and approvals to
see a minor's data. Staff are the operator's own people, not users: their tables hold no
category of the user policy."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
)

from jobexp.adapters.tables.base import (
    NOT_YET_EXPORTED,
    UTCDateTime,
    declare,
    metadata,
    not_personal,
)
from jobexp.domain.retention import LiveWhile, Retain
from jobexp.domain.table_facts import ERASED, Excluded

__all__ = ["disclosure_requests", "minor_access_approvals", "staff", "staff_sessions", "violations"]

staff = Table(
    "staff",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("email", String(254), nullable=False, unique=True),
    Column("role", String(16), nullable=False),
    Column("password_hash", String(200), nullable=False),
    Column("active", Boolean, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    info=not_personal("the operator's staff, not users"),
)

staff_sessions = Table(
    "staff_sessions",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("token_digest", String(64), nullable=False, unique=True),
    Column("staff_id", String(32), ForeignKey("staff.id", ondelete="CASCADE"), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("last_seen_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
    Column("ended_at", UTCDateTime),
    info=not_personal("the operator's staff, not users"),
)

violations = Table(  # 3x-c: a violation of law or platform rules and the action taken
    "violations",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("user_id", String(32), ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("rule", String(300), nullable=False),
    Column("description", Text, nullable=False),
    Column("action_taken", String(300), nullable=False),
    Column("recorded_by", String(32), nullable=False),
    Column("recorded_at", UTCDateTime, nullable=False),
    Index("ix_violations_user", "user_id"),
    info=declare(
        categories=("audit_log",),  # kept as security records (3x-c)
        retention=(Retain("id", "audit_log", "recorded_at", owner="user_id"),),
        export=NOT_YET_EXPORTED,
        erasure=ERASED,
    ),
)

disclosure_requests = Table(
    "disclosure_requests",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("user_id", String(32), ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("recipient", String(200), nullable=False),
    Column("recipient_region", String(8), nullable=False),
    Column("basis", String(4), nullable=False),
    Column("purpose", String(64), nullable=False),
    Column("categories", Text, nullable=False),  # comma-separated policy category ids
    Column("reference", String(300), nullable=False),
    Column("authority", String(200), nullable=False),
    Column("violation_id", String(32), nullable=False),
    Column("citation", Text, nullable=False),
    Column("prc_approval", String(300), nullable=False),
    Column("hold_until", Date),
    Column("status", String(16), nullable=False),  # filed | approved | refused | executed
    Column("requested_by", String(32), nullable=False),
    Column("requested_at", UTCDateTime, nullable=False),
    Column("decided_by", String(32)),
    Column("decided_at", UTCDateTime),
    Column("decision_note", String(500)),
    Column("executed_at", UTCDateTime),
    Index("ix_disclosure_requests_status", "status", "requested_at"),
    info=declare(
        categories=("disclosure_records",),
        retention=(
            Retain(
                "id",
                "disclosure_records",
                "requested_at",
                owner="user_id",
                live_while=(LiveWhile("status", ("filed", "approved")),),
            ),
        ),
        export=Excluded(
            "an authority's request may not be told while its notice hold lasts; once carried "
            "out it is in the disclosures section"
        ),
        erasure=ERASED,
    ),
)

minor_access_approvals = Table(  # a privacy officer's approval to look at a minor's data
    "minor_access_approvals",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("user_id", String(32), ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("requested_by", String(32), nullable=False),
    Column("purpose", String(300), nullable=False),
    Column("status", String(16), nullable=False),  # pending | approved | refused
    Column("requested_at", UTCDateTime, nullable=False),
    Column("decided_by", String(32)),
    Column("decided_at", UTCDateTime),
    Column("expires_at", UTCDateTime),
    Index("ix_minor_access_approvals_user", "user_id", "requested_by"),
    info=declare(
        categories=("audit_log",),
        retention=(Retain("id", "audit_log", "requested_at", owner="user_id"),),
        export=NOT_YET_EXPORTED,
        erasure=ERASED,
    ),
)
