"""The assistant (1b; D2): tasks and saved places, encrypted with the user's data key, and
search keywords with no link to any account (3x-a, D13)."""

from __future__ import annotations

from sqlalchemy import (
    Column,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
)

from jobexp.adapters.tables.accounts import LAST_ACTIVITY
from jobexp.adapters.tables.base import UTCDateTime, declare, metadata
from jobexp.domain.retention import Retain
from jobexp.domain.table_facts import ERASED, Excluded, ExportSection

__all__ = ["assistant_tasks", "saved_places", "search_keywords"]


def _kept_for_appointments(category: str) -> Retain:
    """Kept for task_appointments, 365 days from the account's last activity."""
    return Retain(
        "id",
        category,
        "created_at",
        starts="last_activity",
        refreshed_by=LAST_ACTIVITY,
        owner="user_id",
        purpose="task_appointments",
    )


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
    info=declare(
        # Tasks are appointments of the task_appointments purpose, kept under its coarse location.
        categories=("location_coarse",),
        retention=(_kept_for_appointments("location_coarse"),),
        export=ExportSection(
            "tasks",
            110,
            ("title", "due_at", "created_at", "completed_at"),
            order_by="created_at",
            purpose="task_appointments",
        ),
        erasure=ERASED,
    ),
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
    info=declare(
        categories=("location_precise",),
        retention=(_kept_for_appointments("location_precise"),),
        export=ExportSection(
            "places",
            120,
            ("kind", "label", "point", "created_at"),
            order_by="created_at",
            purpose="task_appointments",
        ),
        erasure=ERASED,
    ),
)

search_keywords = Table(
    "search_keywords",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("keyword", String(100), nullable=False),
    Column("locale", String(8), nullable=False),
    Column("day", UTCDateTime, nullable=False),  # midnight UTC of the day: no time of day
    Index("ix_search_keywords_day", "day"),
    info=declare(
        categories=("search_keywords",),
        retention=(Retain("id", "search_keywords", "day", ranged=True),),
        export=Excluded("no link to any account, only the day (D13)"),
        erasure=Excluded("no link to any account, only the day (D13)"),
    ),
)
