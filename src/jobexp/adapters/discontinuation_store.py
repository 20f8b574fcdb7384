"""SQL for a discontinuation of the service and each user's notice of it (clause 2b, D17)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import Connection, func, insert, literal, select, update

from jobexp.adapters import tables as t
from jobexp.adapters.store import Store, record
from jobexp.domain import purpose_scope
from jobexp.types import UserId

__all__ = ["DiscontinuationNotice", "DiscontinuationRecord", "DiscontinuationStore"]


@dataclass(frozen=True)
class DiscontinuationRecord:
    MIRRORS: ClassVar[tuple[str, ...]] = ("discontinuations",)
    OMITTED: ClassVar[frozenset[str]] = frozenset()

    id: int
    announced_at: datetime
    effective_at: datetime
    notice_days: int
    completed_at: datetime | None
    report: str | None


@dataclass(frozen=True)
class DiscontinuationNotice:
    MIRRORS: ClassVar[tuple[str, ...]] = ("discontinuation_notices",)
    OMITTED: ClassVar[frozenset[str]] = frozenset()

    user_id: UserId
    discontinuation_id: int
    notified_at: datetime
    seen_at: datetime | None


class DiscontinuationStore(Store):
    """The announcement itself is not personal data; the per-user notices are."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def _personal(self, table: str) -> Connection:
        purpose_scope.require(t.TABLE_CATEGORIES[table], f"discontinuation ({table})")
        return self._connection

    def latest(self) -> DiscontinuationRecord | None:
        d = t.discontinuations
        row = self._connection.execute(select(d).order_by(d.c.id.desc()).limit(1)).first()
        return None if row is None else record(DiscontinuationRecord, row)

    def add(self, announced_at: datetime, effective_at: datetime, notice_days: int) -> int:
        values: dict[str, Any] = {
            "announced_at": announced_at,
            "effective_at": effective_at,
            "notice_days": notice_days,
        }
        statement = insert(t.discontinuations).values(values).returning(t.discontinuations.c.id)
        return int(self._connection.execute(statement).scalar_one())

    def complete(self, discontinuation_id: int, at: datetime, report: str) -> None:
        d = t.discontinuations
        self._connection.execute(
            update(d).where(d.c.id == discontinuation_id).values(completed_at=at, report=report)
        )

    def notify_everyone(self, discontinuation_id: int, at: datetime) -> int:
        """One notice per account, in one statement; the number of users notified."""
        self._personal("users")
        source = select(t.users.c.id, literal(discontinuation_id), literal(at, t.UTCDateTime))
        statement = insert(t.discontinuation_notices).from_select(
            ["user_id", "discontinuation_id", "notified_at"], source
        )
        connection = self._personal("discontinuation_notices")
        connection.execute(statement)
        n = t.discontinuation_notices
        count = select(func.count()).where(n.c.discontinuation_id == discontinuation_id)
        return int(connection.execute(count).scalar_one())

    def notice(self, discontinuation_id: int, user_id: str) -> DiscontinuationNotice | None:
        n = t.discontinuation_notices
        query = select(n).where(
            n.c.discontinuation_id == discontinuation_id, n.c.user_id == user_id
        )
        row = self._personal("discontinuation_notices").execute(query).first()
        return None if row is None else record(DiscontinuationNotice, row)

    def record_notice(self, discontinuation_id: int, user_id: str, at: datetime) -> None:
        """A notice for an account opened after the announcement, seen when first shown."""
        values = {"user_id": user_id, "discontinuation_id": discontinuation_id}
        self._personal("discontinuation_notices").execute(
            insert(t.discontinuation_notices).values(**values, notified_at=at, seen_at=at)
        )

    def mark_seen(self, discontinuation_id: int, user_id: str, at: datetime) -> None:
        n = t.discontinuation_notices
        self._personal("discontinuation_notices").execute(
            update(n)
            .where(
                n.c.discontinuation_id == discontinuation_id,
                n.c.user_id == user_id,
                n.c.seen_at.is_(None),
            )
            .values(seen_at=at)
        )

    def remaining_accounts(self) -> int:
        return int(
            self._personal("users").execute(select(func.count()).select_from(t.users)).scalar_one()
        )
