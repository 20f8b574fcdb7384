"""Accounts: the user, their agreements and guardian's consent, devices, sessions, sign-in
throttle and last activity."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    UniqueConstraint,
)

from jobexp.adapters.tables.base import UTCDateTime, declare, metadata
from jobexp.domain.retention import Retain
from jobexp.domain.table_facts import ERASED, EndsWith, Excluded, ExportSection

__all__ = [
    "LAST_ACTIVITY",
    "account_activity",
    "devices",
    "guardian_consents",
    "login_failures",
    "policy_acceptances",
    "sessions",
    "users",
]

# When each account was last used (login or a session refreshed): the start of every
# "last_activity" retention period. Kept apart from sessions, which expire sooner.
account_activity = Table(
    "account_activity",
    metadata,
    Column("user_id", String(32), ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("last_activity_at", UTCDateTime, nullable=False),
    Index("ix_account_activity_last_activity_at", "last_activity_at"),
    info=declare(
        categories=("account_identifier",),
        retention=EndsWith("users", "cascade"),
        export=Excluded("its one date is the account section's last_activity_at"),
        erasure=ERASED,
    ),
)

# The account's last activity, which restarts every "last_activity" period: (table, key, column).
LAST_ACTIVITY = (
    account_activity.name,
    account_activity.c.user_id.name,
    account_activity.c.last_activity_at.name,
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
    info=declare(
        categories=("account_identifier", "birth_date", "password_hash"),
        retention=(
            Retain(
                "id",
                "account_identifier",
                "created_at",
                starts="last_activity",
                refreshed_by=LAST_ACTIVITY,
                owner="id",
                # The data key lives in the key vault: the sweep's last pass destroys it
                # (service_layer/key_reconcile.py), which makes backups unreadable (D7).
            ),
        ),
        export=ExportSection(
            "account",
            10,
            (
                "identifier_kind",
                "identifier",
                "birth_date",
                "is_minor",
                "child_under_14",
                "locale",
                "time_zone",
                "created_at",
                "password_changed_at",
                "last_activity_at",
                "password",
            ),
            owner="id",
        ),
        erasure=ERASED,
    ),
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
    info=declare(
        categories=("consent_records",),
        retention=EndsWith("users", "cascade"),
        export=ExportSection(
            "policy_acceptances", 30, ("document", "version", "channel", "accepted_at")
        ),
        erasure=ERASED,
    ),
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
    info=declare(
        categories=("guardian_consent",),
        retention=EndsWith("users", "cascade"),
        export=ExportSection(
            "guardian_consent",
            20,
            ("name", "contact", "relationship", "policy_version", "channel", "consented_at"),
        ),
        erasure=ERASED,
    ),
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
    info=declare(
        categories=("device_identifier", "network_code", "country_code"),
        retention=(
            Retain(
                "id", "device_identifier", "last_login_at", starts="last_activity", owner="user_id"
            ),
        ),
        export=ExportSection(
            "devices",
            60,
            ("device_id", "network_code", "country_code", "registered_at", "last_login_at"),
            order_by="registered_at",
            starts_from="last_login_at",
        ),
        erasure=ERASED,
    ),
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
    info=declare(
        categories=("session_records",),
        retention=(
            Retain(
                "id",
                "session_records",
                "created_at",
                owner="user_id",
                still_live="absolute_expires_at",
            ),
        ),
        export=ExportSection(
            "sessions",
            70,
            ("kind", "created_at", "last_seen_at", "absolute_expires_at", "ended_at"),
            order_by="created_at",
            starts_from="created_at",
        ),
        erasure=ERASED,
    ),
)

login_failures = Table(
    "login_failures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("scope", String(8), nullable=False),
    Column("key", String(64), nullable=False),
    Column("at", UTCDateTime, nullable=False),
    Index("ix_login_failures_scope_key_at", "scope", "key", "at"),
    info=declare(
        categories=("audit_log",),
        retention=(Retain("id", "audit_log", "at", ranged=True),),
        export=Excluded(
            "throttle keys (a blind index or a device row id) and a time: nothing the user "
            "gave, kept as security records"
        ),
        erasure=ERASED,  # by its keys: adapters/erasure_plan.py EXTRA_REFERENCES
    ),
)
