"""a key check value: every process refuses a master key other than the database's

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 20:10:00

One row, written by the first process that starts; `jobexp.adapters.key_check` compares it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import jobexp.adapters.tables

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "key_check",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("value", sa.String(length=64), nullable=False),
        sa.Column("created_at", jobexp.adapters.tables.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_key_check")),
    )


def downgrade() -> None:
    op.drop_table("key_check")
