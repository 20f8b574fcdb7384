"""disclosure ledger: a hash-chained record of every disclosure

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 14:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import jobexp.adapters.tables

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    head = op.create_table(
        "disclosure_head",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_disclosure_head")),
    )
    op.bulk_insert(head, [{"id": 1, "seq": 0, "hash": "0" * 64}])
    op.create_table(
        "disclosure_ledger",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("at", jobexp.adapters.tables.UTCDateTime(timezone=True), nullable=False),
        sa.Column("subject", sa.String(length=64), nullable=True),
        sa.Column("recipient", sa.String(length=64), nullable=False),
        sa.Column("purpose", sa.String(length=64), nullable=False),
        sa.Column("basis", sa.String(length=16), nullable=False),
        sa.Column("categories", sa.Text(), nullable=False),
        sa.Column("fields", sa.Text(), nullable=False),
        sa.Column("reference", sa.String(length=200), nullable=True),
        sa.Column("request_id", sa.String(length=32), nullable=True),
        sa.Column("hold_until", sa.String(length=10), nullable=True),
        sa.Column("region", sa.String(length=8), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_disclosure_ledger")),
    )
    op.create_index(
        "ix_disclosure_ledger_subject", "disclosure_ledger", ["subject", "seq"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_disclosure_ledger_subject", table_name="disclosure_ledger")
    op.drop_table("disclosure_ledger")
    op.drop_table("disclosure_head")
