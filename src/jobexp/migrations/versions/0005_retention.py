"""retention: account activity, audit prune point, discontinuation and its notices

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 14:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import jobexp.adapters.tables

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

UTC_DATETIME = jobexp.adapters.tables.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "account_activity",
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("last_activity_at", UTC_DATETIME, nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_account_activity_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_account_activity")),
    )
    op.create_index(
        "ix_account_activity_last_activity_at", "account_activity", ["last_activity_at"]
    )
    # Accounts that exist already were last active, as far as anyone knows, when created.
    op.execute(
        "INSERT INTO account_activity (user_id, last_activity_at) SELECT id, created_at FROM users"
    )
    op.create_table(
        "audit_prune",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("through_seq", sa.Integer(), nullable=False),
        sa.Column("last_hash", sa.String(length=64), nullable=False),
        sa.Column("seal", sa.String(length=64), nullable=False),
        sa.Column("pruned_at", UTC_DATETIME, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_prune")),
    )
    op.create_index("ix_audit_log_subject", "audit_log", ["subject"])
    op.create_table(
        "discontinuations",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("announced_at", UTC_DATETIME, nullable=False),
        sa.Column("effective_at", UTC_DATETIME, nullable=False),
        sa.Column("notice_days", sa.Integer(), nullable=False),
        sa.Column("completed_at", UTC_DATETIME, nullable=True),
        sa.Column("report", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_discontinuations")),
    )
    op.create_table(
        "discontinuation_notices",
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("discontinuation_id", sa.Integer(), nullable=False),
        sa.Column("notified_at", UTC_DATETIME, nullable=False),
        sa.Column("seen_at", UTC_DATETIME, nullable=True),
        sa.ForeignKeyConstraint(
            ["discontinuation_id"],
            ["discontinuations.id"],
            name=op.f("fk_discontinuation_notices_discontinuation_id_discontinuations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_discontinuation_notices_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "user_id", "discontinuation_id", name=op.f("pk_discontinuation_notices")
        ),
    )


def downgrade() -> None:
    op.drop_table("discontinuation_notices")
    op.drop_table("discontinuations")
    op.drop_index("ix_audit_log_subject", table_name="audit_log")
    op.drop_table("audit_prune")
    op.drop_index("ix_account_activity_last_activity_at", table_name="account_activity")
    op.drop_table("account_activity")
