"""The security logs: the audit chain with its head and pruned prefix, and the access log."""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Index,
    Integer,
    String,
    Table,
    Text,
)

from jobexp.adapters.tables.base import UTCDateTime, declare, metadata, not_personal
from jobexp.domain.retention import Retain
from jobexp.domain.table_facts import EndsWith, Excluded, ExportSection

__all__ = ["access_log", "audit_head", "audit_log", "audit_prune", "key_check"]

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
    info=declare(
        categories=("audit_log",),
        retention=(Retain("seq", "audit_log", "at", chained=True),),
        export=ExportSection(
            "security_log",
            90,
            ("seq", "at", "action", "outcome", "details"),
            owner="subject",
            pseudonymous=True,
            order_by="seq",
            starts_from="at",
        ),
        erasure=Excluded(
            "pseudonymous security log the Cybersecurity Law (art. 21) requires for 6 months (D7)"
        ),
    ),
)

audit_head = Table(
    "audit_head",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("seq", Integer, nullable=False),
    Column("hash", String(64), nullable=False),
    info=declare(
        categories=("audit_log",),
        retention=EndsWith("audit_log", "chain"),
        export=Excluded("the chain's last hash: about no one"),
        erasure=Excluded("the chain's last hash: about no one"),
    ),
)

# The pruned prefix of the audit chain: entries up to `through_seq` were deleted when their
# retention ended; verification starts after them from `last_hash`. `seal` is the audit key's
# MAC over both, so only a holder of the key can move the start of the chain. One row per
# chain: the audit log's and the disclosure ledger's.
audit_prune = Table(
    "audit_prune",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("through_seq", Integer, nullable=False),
    Column("last_hash", String(64), nullable=False),
    Column("seal", String(64), nullable=False),
    Column("pruned_at", UTCDateTime, nullable=False),
    info=declare(
        categories=("audit_log", "disclosure_records"),
        retention=EndsWith("audit_log", "chain"),
        export=Excluded("where each chain's pruned prefix ends: about no one"),
        erasure=Excluded("where each chain's pruned prefix ends: about no one"),
    ),
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
    info=declare(
        categories=("access_log",),
        retention=(
            Retain(
                "id",
                "access_log",
                "at",
                anonymize={"ip_prefix": "", "browser": "", "language": ""},
                ranged=True,
            ),
        ),
        export=Excluded("names no account: a truncated address, a browser and a path"),
        erasure=Excluded("names no account: a truncated address, a browser and a path"),
    ),
)

# The key check value (adapters/key_check.py): a hash proving which master key the database
# was started with.
key_check = Table(
    "key_check",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("value", String(64), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    info=not_personal("one hash of a key derived from the master key, about no one"),
)
