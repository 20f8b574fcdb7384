"""The schema, as SQLAlchemy Core tables. Migrations in `jobexp/migrations` create it."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Date,
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

disclosure_ledger = Table(
    "disclosure_ledger",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("at", UTCDateTime, nullable=False),
    Column("subject", String(64)),  # the user's pseudonym: the chain outlives erasure
    Column("recipient", String(64), nullable=False),
    Column("purpose", String(64), nullable=False),
    Column("basis", String(16), nullable=False),
    Column("categories", Text, nullable=False),  # JSON list
    Column("fields", Text, nullable=False),  # JSON list
    Column("reference", String(200)),
    Column("request_id", String(32)),
    Column("hold_until", String(10)),  # ISO date of a notice hold's end
    Column("region", String(8), nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    Index("ix_disclosure_ledger_subject", "subject", "seq"),
)

disclosure_head = Table(
    "disclosure_head",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("seq", Integer, nullable=False),
    Column("hash", String(64), nullable=False),
)

# -- Governance: staff, disclosure requests, partners, marketing shares, incidents (issue #6) --
# Staff accounts are the operator's own people, not users: their tables hold no category of
# the user policy, and neither do partner grants or incident summaries.

staff = Table(
    "staff",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("email", String(254), nullable=False, unique=True),
    Column("role", String(16), nullable=False),
    Column("password_hash", String(200), nullable=False),
    Column("active", Boolean, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
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
)

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
)

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
)

# The assistant (1b; D2): task titles and saved places are encrypted with the user's data key.
assistant_tasks = Table(
    "assistant_tasks",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("user_id", String(32), ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("title_enc", LargeBinary, nullable=False),
    Column("due_at", UTCDateTime, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("completed_at", UTCDateTime),
    Index("ix_assistant_tasks_user_due", "user_id", "due_at"),
)

saved_places = Table(
    "saved_places",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("user_id", String(32), ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(16), nullable=False),  # home | work | frequent
    Column("label_enc", LargeBinary, nullable=False),
    Column("point_enc", LargeBinary, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Index("ix_saved_places_user", "user_id"),
)

# Account deletion (clause 10, D7). These records outlive the account they concern: they
# name it only by its pseudonym (`user_ref`, the audit log's), and `account_id` links a request
# to the live account only until it is erased. `open_for` is set while a request is open, so a
# unique index refuses a second open request for one account, even from a concurrent writer.
deletion_requests = Table(
    "deletion_requests",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("user_ref", String(32), nullable=False),
    Column("account_id", String(32)),  # cleared when erased
    Column("open_for", String(32), unique=True),  # = account_id while open, else NULL
    Column("state", String(16), nullable=False),  # requested|scheduled|erasing|erased|cancelled
    Column("requested_by", String(8), nullable=False),  # self | staff
    Column("channel", String(8), nullable=False),
    Column("requested_at", UTCDateTime, nullable=False),
    Column("deadline", Date, nullable=False),  # last PRC working day to complete (Shanghai)
    Column("erase_after", UTCDateTime, nullable=False),  # end of the window to cancel
    Column("scheduled_at", UTCDateTime),
    Column("erasing_at", UTCDateTime),
    Column("erased_at", UTCDateTime),
    Column("cancelled_at", UTCDateTime),
    Column("progress", Text, nullable=False),  # JSON: table -> rows erased so far
    Column("receipt_id", String(43), nullable=False, unique=True),  # unguessable, the user's
    Index("ix_deletion_requests_state", "state"),
    Index("ix_deletion_requests_account", "account_id"),
    Index("ix_deletion_requests_user_ref", "user_ref"),
)

# What was erased and when, with no personal data: shown at /deletion-receipts/<id>.
deletion_receipts = Table(
    "deletion_receipts",
    metadata,
    Column("id", String(43), primary_key=True),
    Column("requested_at", UTCDateTime, nullable=False),
    Column("deadline", Date, nullable=False),
    Column("erased_at", UTCDateTime, nullable=False),
    Column("summary", Text, nullable=False),  # JSON: categories and row counts, key destroyed
)

# While a hold is active (released_at NULL) the account's erasure waits (data frozen, D7).
legal_holds = Table(
    "legal_holds",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("user_ref", String(32), nullable=False),
    Column("reason", Text, nullable=False),
    Column("set_by", String(64), nullable=False),
    Column("set_at", UTCDateTime, nullable=False),
    Column("released_at", UTCDateTime),
    Column("released_by", String(64)),
    Index("ix_legal_holds_user_ref", "user_ref"),
)

# One row per recipient told to erase what it received; delivered with retries and backoff.
erasure_outbox = Table(
    "erasure_outbox",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("request_id", String(32), ForeignKey("deletion_requests.id"), nullable=False),
    Column("recipient", String(64), nullable=False),
    Column("user_ref", String(32), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("next_attempt_at", UTCDateTime, nullable=False),
    Column("acknowledged_at", UTCDateTime),
    Column("last_error", String(200)),
    UniqueConstraint("request_id", "recipient"),
    Index("ix_erasure_outbox_due", "acknowledged_at", "next_attempt_at"),
)

# 3x-a, D13: search keywords, with no link to any account and only the day they were entered.
search_keywords = Table(
    "search_keywords",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("keyword", String(100), nullable=False),
    Column("locale", String(8), nullable=False),
    Column("day", UTCDateTime, nullable=False),  # midnight UTC of the day: no time of day
    Index("ix_search_keywords_day", "day"),
)

# The policy's data categories each table holds; policy_releases holds none.
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
    # Tasks are appointments of the task_appointments purpose, kept under its coarse location.
    "assistant_tasks": frozenset({"location_coarse"}),
    "saved_places": frozenset({"location_precise"}),
    "disclosure_ledger": frozenset({"disclosure_records"}),
    "disclosure_head": frozenset({"disclosure_records"}),
    "violations": frozenset({"audit_log"}),  # kept as security records (3x-c)
    "disclosure_requests": frozenset({"disclosure_records"}),
    "minor_access_approvals": frozenset({"audit_log"}),
    "partner_records": frozenset(
        {
            "account_identifier",
            "personalization_profile",
            "location_coarse",
            "voice_recognition_results",
        }
    ),
    "share_queue": frozenset({"disclosure_records", "consent_records"}),
    "incident_notices": frozenset({"disclosure_records"}),
    "leak_reports": frozenset({"disclosure_records"}),
    # Pseudonymous records of a deletion decision and how it was carried out (pseudonymized
    # data is still personal data, D8); receipts hold none and are not listed.
    "deletion_requests": frozenset({"consent_records"}),
    "legal_holds": frozenset({"consent_records"}),
    "erasure_outbox": frozenset({"consent_records"}),
    "account_activity": frozenset({"account_identifier"}),
    # The pruned prefixes of both chains: the audit log's and the disclosure ledger's.
    "audit_prune": frozenset({"audit_log", "disclosure_records"}),
    "discontinuation_notices": frozenset({"consent_records"}),
    "search_keywords": frozenset({"search_keywords"}),
}
