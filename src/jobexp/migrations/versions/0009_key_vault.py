"""data keys leave the database for the key vault, so its backups hold no key (D7)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 05:00:00

`jobexp.adapters.migrate.upgrade` moves every wrapped key into the vault before this runs;
this revision refuses to drop a table that still holds one, so no key can be lost.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import jobexp.adapters.tables

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    left = op.get_bind().execute(sa.text("SELECT count(*) FROM user_keys")).scalar()
    if left:
        raise RuntimeError(
            f"user_keys still holds {left} data keys: upgrade with `jobexp db upgrade`, "
            "which moves them into the key vault first"
        )
    op.drop_table("user_keys")


def downgrade() -> None:
    op.create_table(
        "user_keys",
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("wrapped_key", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", jobexp.adapters.tables.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_user_keys_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_user_keys")),
    )
