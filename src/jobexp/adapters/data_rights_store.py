"""SQL for a user's access and correction requests (D18): everything held about one account."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, RowMapping, Table, select, update

from jobexp.adapters import tables as t
from jobexp.adapters.store import Store
from jobexp.domain import purpose_scope
from jobexp.types import UserId

__all__ = ["DataRightsStore"]


class DataRightsStore(Store):
    """Reads every table holding the user's data; writes only the correctable fields."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def _rows(self, table: Table, *where: Any, order: Any) -> list[RowMapping]:
        purpose_scope.require(t.TABLE_CATEGORIES[table.name], f"export of {table.name}")
        query = select(table).where(*where).order_by(order)
        return [row._mapping for row in self._connection.execute(query)]

    def devices(self, user_id: UserId) -> list[RowMapping]:
        d = t.devices
        return self._rows(d, d.c.user_id == user_id, order=d.c.registered_at)

    def sessions(self, user_id: UserId) -> list[RowMapping]:
        s = t.sessions
        return self._rows(s, s.c.user_id == user_id, order=s.c.created_at)

    def consent_state(self, user_id: UserId) -> list[RowMapping]:
        c = t.consent_state
        return self._rows(c, c.c.user_id == user_id, order=c.c.purpose)

    def consent_events(self, user_id: UserId) -> list[RowMapping]:
        c = t.consent_events
        return self._rows(c, c.c.user_id == user_id, order=c.c.id)

    def audit_about(self, subject: str) -> list[RowMapping]:
        a = t.audit_log
        return self._rows(a, a.c.subject == subject, order=a.c.seq)

    def discontinuation_notices(self, user_id: UserId) -> list[RowMapping]:
        n = t.discontinuation_notices
        return self._rows(n, n.c.user_id == user_id, order=n.c.notified_at)

    def tasks(self, user_id: UserId) -> list[RowMapping]:
        a = t.assistant_tasks
        return self._rows(a, a.c.user_id == user_id, order=a.c.created_at)

    def places(self, user_id: UserId) -> list[RowMapping]:
        p = t.saved_places
        return self._rows(p, p.c.user_id == user_id, order=p.c.created_at)

    def partner_records(self, user_id: UserId) -> list[RowMapping]:
        r = t.partner_records
        return self._rows(r, r.c.user_id == user_id, order=r.c.id)

    def shares(self, user_id: UserId) -> list[RowMapping]:
        q = t.share_queue
        return self._rows(q, q.c.user_id == user_id, order=q.c.id)

    def leak_reports(self, user_id: UserId) -> list[RowMapping]:
        r = t.leak_reports
        return self._rows(r, r.c.user_id == user_id, order=r.c.reported_at)

    def correct(self, user_id: UserId, values: dict[str, str]) -> None:
        purpose_scope.require(t.TABLE_CATEGORIES["users"], "correction")
        self._connection.execute(update(t.users).where(t.users.c.id == user_id).values(values))
