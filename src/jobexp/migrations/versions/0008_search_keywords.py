"""search keywords, kept with no link to any account (3x-a, D13)

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29 16:05:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import jobexp.adapters.tables

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "search_keywords",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("keyword", sa.String(length=100), nullable=False),
        sa.Column("locale", sa.String(length=8), nullable=False),
        sa.Column("day", jobexp.adapters.tables.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_keywords")),
    )
    op.create_index("ix_search_keywords_day", "search_keywords", ["day"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_search_keywords_day", table_name="search_keywords")
    op.drop_table("search_keywords")
