"""The disclosure ledger (D4): a hash chain of every disclosure, by the user's pseudonym."""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Index,
    Integer,
    String,
    Table,
    Text,
)

from jobexp.adapters.tables.base import UTCDateTime, declare, metadata
from jobexp.domain.retention import Retain
from jobexp.domain.table_facts import EndsWith, Excluded, ExportSection

__all__ = ["disclosure_head", "disclosure_ledger"]

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
    info=declare(
        categories=("disclosure_records",),
        retention=(Retain("seq", "disclosure_records", "at", chained=True),),
        export=ExportSection(
            "disclosures",
            100,
            ("at", "recipient", "purpose", "basis", "categories", "fields", "reference"),
            owner="subject",
            pseudonymous=True,
            order_by="seq",
            starts_from="at",
        ),
        erasure=Excluded(
            "the record of disclosures PIPL art. 55-56 requires for 3 years, by pseudonym"
        ),
    ),
)

disclosure_head = Table(
    "disclosure_head",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("seq", Integer, nullable=False),
    Column("hash", String(64), nullable=False),
    info=declare(
        categories=("disclosure_records",),
        retention=EndsWith("disclosure_ledger", "chain"),
        export=Excluded("the chain's last hash: about no one"),
        erasure=Excluded("the chain's last hash: about no one"),
    ),
)
