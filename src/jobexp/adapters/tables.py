"""The schema, as SQLAlchemy Core tables. Migrations in `jobexp/migrations` create it."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
)


class UTCDateTime(TypeDecorator[datetime]):
    """Stores UTC, returns timezone-aware datetimes on every backend (SQLite has no tz)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime refused: use timezone-aware UTC")
        utc = value.astimezone(UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

users = Table(
    "users",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("identifier_kind", String(8), nullable=False),
    Column("identifier_index", String(64), nullable=False, unique=True),
    Column("identifier_enc", LargeBinary, nullable=False),
    Column("birth_date_enc", LargeBinary, nullable=False),
    Column("password_hash", String(200), nullable=False),
    Column("is_minor", Boolean, nullable=False),
    Column("data_sensitive", Boolean, nullable=False),
    Column("locale", String(8), nullable=False),
    Column("time_zone", String(64), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("password_changed_at", UTCDateTime, nullable=False),
)

user_keys = Table(
    "user_keys",
    metadata,
    Column("user_id", String(32), ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("wrapped_key", LargeBinary, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
)

policy_acceptances = Table(
    "policy_acceptances",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("user_id", String(32), ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("document", String(32), nullable=False),
    Column("version", String(64), nullable=False),
    Column("channel", String(8), nullable=False),
    Column("accepted_at", UTCDateTime, nullable=False),
    Index("ix_policy_acceptances_user", "user_id"),
)

guardian_consents = Table(
    "guardian_consents",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("user_id", String(32), ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("guardian_name_enc", LargeBinary, nullable=False),
    Column("guardian_contact_enc", LargeBinary, nullable=False),
    Column("relationship", String(16), nullable=False),
    Column("policy_version", String(64), nullable=False),
    Column("channel", String(8), nullable=False),
    Column("consented_at", UTCDateTime, nullable=False),
    Index("ix_guardian_consents_user", "user_id"),
)

devices = Table(
    "devices",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("user_id", String(32), ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("device_id", String(64), nullable=False),
    Column("network_code", String(6), nullable=False),
    Column("country_code", String(2), nullable=False),
    Column("registered_at", UTCDateTime, nullable=False),
    Column("last_login_at", UTCDateTime, nullable=False),
    UniqueConstraint("user_id", "device_id"),
)

sessions = Table(
    "sessions",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("token_digest", String(64), nullable=False, unique=True),
    Column("user_id", String(32), ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(8), nullable=False),
    Column("device_row_id", String(32), ForeignKey("devices.id", ondelete="CASCADE")),
    Column("created_at", UTCDateTime, nullable=False),
    Column("last_seen_at", UTCDateTime, nullable=False),
    Column("idle_timeout_seconds", Integer, nullable=False),
    Column("absolute_expires_at", UTCDateTime, nullable=False),
    Column("ended_at", UTCDateTime),
    Column("end_reason", String(32)),
    Index("ix_sessions_user", "user_id"),
)

login_failures = Table(
    "login_failures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("scope", String(8), nullable=False),
    Column("key", String(64), nullable=False),
    Column("at", UTCDateTime, nullable=False),
    Index("ix_login_failures_scope_key_at", "scope", "key", "at"),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("at", UTCDateTime, nullable=False),
    Column("action", String(64), nullable=False),
    Column("outcome", String(16), nullable=False),
    Column("actor", String(64)),
    Column("subject", String(64)),
    Column("client", String(64)),
    Column("details", Text, nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    Index("ix_audit_log_subject", "subject"),
)

audit_head = Table(
    "audit_head",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("seq", Integer, nullable=False),
    Column("hash", String(64), nullable=False),
)

access_log = Table(
    "access_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", UTCDateTime, nullable=False),
    Column("ip_prefix", String(64), nullable=False),
    Column("browser", String(32), nullable=False),
    Column("language", String(35), nullable=False),
    Column("method", String(8), nullable=False),
    Column("path", String(512), nullable=False),
    Column("status", Integer, nullable=False),
    Index("ix_access_log_at", "at"),
)

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
)

# When each account was last used (login or a session refreshed): the start of every
# "last_activity" retention period. Kept apart from sessions, which expire sooner.
account_activity = Table(
    "account_activity",
    metadata,
    Column("user_id", String(32), ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("last_activity_at", UTCDateTime, nullable=False),
    Index("ix_account_activity_last_activity_at", "last_activity_at"),
)

# The pruned prefix of the audit chain: entries up to `through_seq` were deleted when their
# retention ended; verification starts after them from `last_hash`. `seal` is the audit key's
# MAC over both, so only a holder of the key can move the start of the chain.
audit_prune = Table(
    "audit_prune",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("through_seq", Integer, nullable=False),
    Column("last_hash", String(64), nullable=False),
    Column("seal", String(64), nullable=False),
    Column("pruned_at", UTCDateTime, nullable=False),
)

# A decision to discontinue the service (clause 2b, D17); not personal data.
discontinuations = Table(
    "discontinuations",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("announced_at", UTCDateTime, nullable=False),
    Column("effective_at", UTCDateTime, nullable=False),
    Column("notice_days", Integer, nullable=False),
    Column("completed_at", UTCDateTime),
    Column("report", Text),
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
)

# The policy's data categories each table holds; policy_releases and discontinuations hold none.
TABLE_CATEGORIES: dict[str, frozenset[str]] = {
    "users": frozenset({"account_identifier", "password_hash", "birth_date"}),
    "user_keys": frozenset({"account_identifier", "password_hash", "birth_date"}),
    "policy_acceptances": frozenset({"consent_records"}),
    "guardian_consents": frozenset({"guardian_consent"}),
    "devices": frozenset({"device_identifier", "network_code", "country_code"}),
    "sessions": frozenset({"session_records"}),
    "login_failures": frozenset({"audit_log"}),
    "audit_log": frozenset({"audit_log"}),
    "audit_head": frozenset({"audit_log"}),
    "access_log": frozenset({"access_log"}),
    "consent_events": frozenset({"consent_records"}),
    "consent_state": frozenset({"consent_records"}),
    "account_activity": frozenset({"account_identifier"}),
    "audit_prune": frozenset({"audit_log"}),
    "discontinuation_notices": frozenset({"consent_records"}),
}
