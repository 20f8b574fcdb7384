"""assistant: task appointments and saved places

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29 14:50:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import jobexp.adapters.tables

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "assistant_tasks",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("title_enc", sa.LargeBinary(), nullable=False),
        sa.Column("due_at", jobexp.adapters.tables.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_at", jobexp.adapters.tables.UTCDateTime(timezone=True), nullable=False),
        sa.Column("completed_at", jobexp.adapters.tables.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_assistant_tasks_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assistant_tasks")),
    )
    with op.batch_alter_table("assistant_tasks", schema=None) as batch_op:
        batch_op.create_index("ix_assistant_tasks_user_due", ["user_id", "due_at"], unique=False)

    op.create_table(
        "saved_places",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("label_enc", sa.LargeBinary(), nullable=False),
        sa.Column("point_enc", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", jobexp.adapters.tables.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_saved_places_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_saved_places")),
    )
    with op.batch_alter_table("saved_places", schema=None) as batch_op:
        batch_op.create_index("ix_saved_places_user", ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("saved_places", schema=None) as batch_op:
        batch_op.drop_index("ix_saved_places_user")
    op.drop_table("saved_places")
    with op.batch_alter_table("assistant_tasks", schema=None) as batch_op:
        batch_op.drop_index("ix_assistant_tasks_user_due")
    op.drop_table("assistant_tasks")
