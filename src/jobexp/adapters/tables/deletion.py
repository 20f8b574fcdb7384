"""Account deletion (clause 10, D7). These records outlive the account they concern: they
name it only by its pseudonym (`user_ref`, the audit log's), and `account_id` links a request
to the live account only until it is erased. `open_for` is set while a request is open, so a
unique index refuses a second open request for one account, even from a concurrent writer.
Pseudonymized data is still personal data (D8): they have their categories and periods."""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from jobexp.adapters.tables.accounts import LAST_ACTIVITY
from jobexp.adapters.tables.base import (
    NOT_YET_EXPORTED,
    UTCDateTime,
    declare,
    metadata,
    not_personal,
)
from jobexp.domain.retention import LiveWhile, Retain
from jobexp.domain.table_facts import Excluded

__all__ = ["deletion_receipts", "deletion_requests", "erasure_outbox", "legal_holds"]

# Erasure keeps them: they are how the deletion itself is proven and carried out.
KEPT_RECORD = Excluded("a deletion record, by pseudonym: kept by design to its own period (D7, D8)")

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
    info=declare(
        categories=("consent_records",),
        retention=(
            Retain(
                "id",
                "consent_records",
                "requested_at",
                starts="last_activity",
                refreshed_by=LAST_ACTIVITY,
                owner="account_id",
                live_while=(LiveWhile("state", ("requested", "scheduled", "erasing")),),
            ),
        ),
        export=NOT_YET_EXPORTED,
        erasure=KEPT_RECORD,
    ),
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
    info=not_personal("a receipt says what was erased, with no personal data"),
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
    info=declare(
        categories=("consent_records",),
        retention=(
            Retain(
                "id",
                "consent_records",
                "released_at",
                starts="last_activity",
                live_while=(LiveWhile("released_at", (None,)),),
            ),
        ),
        export=NOT_YET_EXPORTED,
        erasure=KEPT_RECORD,
    ),
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
    info=declare(
        categories=("consent_records",),
        retention=(
            Retain(
                "id",
                "consent_records",
                "acknowledged_at",
                starts="last_activity",
                live_while=(LiveWhile("acknowledged_at", (None,)),),
            ),
        ),
        export=Excluded("written once erasure has begun, when nobody can sign in to export"),
        erasure=KEPT_RECORD,
    ),
)
