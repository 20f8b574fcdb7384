"""Repositories for disclosure and sharing governance (issue #6), over one open connection.

Each over personal data declares its categories, as in `repositories.py`, and refuses to run
outside a purpose check covering one of them. Staff, grants and incident summaries hold no
user's personal data.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import Connection, RowMapping, func, insert, select, update

from jobexp.adapters import tables as t
from jobexp.adapters.repositories import _Repository


def _rows(connection: Connection, query: Any) -> list[RowMapping]:
    return [row._mapping for row in connection.execute(query)]


def _one(connection: Connection, query: Any) -> RowMapping | None:
    row = connection.execute(query).first()
    return None if row is None else row._mapping


class Staff(_Repository):
    """Staff accounts and their console sessions (the operator's people, not users)."""

    def add(self, **values: Any) -> None:
        self._c.execute(insert(t.staff).values(**values))

    def by_email(self, email: str) -> RowMapping | None:
        return _one(self._c, select(t.staff).where(t.staff.c.email == email))

    def get(self, staff_id: str) -> RowMapping | None:
        return _one(self._c, select(t.staff).where(t.staff.c.id == staff_id))

    def open_session(self, **values: Any) -> None:
        self._c.execute(insert(t.staff_sessions).values(**values))

    def session_by_digest(self, digest: str) -> RowMapping | None:
        ss = t.staff_sessions
        query = (
            select(ss, t.staff.c.email, t.staff.c.role, t.staff.c.active)
            .join(t.staff, t.staff.c.id == ss.c.staff_id)
            .where(ss.c.token_digest == digest)
        )
        return _one(self._c, query)

    def touch_session(self, session_id: str, at: datetime) -> None:
        ss = t.staff_sessions
        self._c.execute(update(ss).where(ss.c.id == session_id).values(last_seen_at=at))

    def end_session(self, session_id: str, at: datetime) -> None:
        ss = t.staff_sessions
        query = update(ss).where(ss.c.id == session_id, ss.c.ended_at.is_(None))
        self._c.execute(query.values(ended_at=at))


class Violations(_Repository):
    """Records of violations of law or platform rules and the action taken (3x-c)."""

    CATEGORIES = t.categories_of(t.violations)

    def add(self, **values: Any) -> None:
        self._c.execute(insert(t.violations).values(**values))

    def get(self, violation_id: str) -> RowMapping | None:
        return _one(self._c, select(t.violations).where(t.violations.c.id == violation_id))


class DisclosureRequests(_Repository):
    CATEGORIES = t.categories_of(t.disclosure_requests)

    def add(self, **values: Any) -> None:
        self._c.execute(insert(t.disclosure_requests).values(**values))

    def get(self, request_id: str) -> RowMapping | None:
        dr = t.disclosure_requests
        return _one(self._c, select(dr).where(dr.c.id == request_id))

    def set_status(self, request_id: str, expected: str, **values: Any) -> bool:
        """Move one request on, only from the status the caller saw (no double decisions)."""
        dr = t.disclosure_requests
        query = update(dr).where(dr.c.id == request_id, dr.c.status == expected).values(**values)
        return bool(self._c.execute(query).rowcount)

    def page(self, statuses: tuple[str, ...], offset: int, limit: int) -> list[RowMapping]:
        dr = t.disclosure_requests
        query = (
            select(dr)
            .where(dr.c.status.in_(statuses))
            .order_by(dr.c.requested_at.desc(), dr.c.id)
            .offset(offset)
            .limit(limit)
        )
        return _rows(self._c, query)

    def count(self, statuses: tuple[str, ...]) -> int:
        dr = t.disclosure_requests
        query = select(func.count()).select_from(dr).where(dr.c.status.in_(statuses))
        return int(self._c.execute(query).scalar_one())


class MinorApprovals(_Repository):
    CATEGORIES = t.categories_of(t.minor_access_approvals)

    def add(self, **values: Any) -> None:
        self._c.execute(insert(t.minor_access_approvals).values(**values))

    def get(self, approval_id: str) -> RowMapping | None:
        ma = t.minor_access_approvals
        return _one(self._c, select(ma).where(ma.c.id == approval_id))

    def decide(self, approval_id: str, **values: Any) -> bool:
        ma = t.minor_access_approvals
        query = update(ma).where(ma.c.id == approval_id, ma.c.status == "pending")
        return bool(self._c.execute(query.values(**values)).rowcount)

    def live(self, user_id: str, staff_id: str, now: datetime) -> bool:
        ma = t.minor_access_approvals
        query = select(ma.c.id).where(
            ma.c.user_id == user_id,
            ma.c.requested_by == staff_id,
            ma.c.status == "approved",
            ma.c.expires_at > now,
        )
        return self._c.execute(query.limit(1)).first() is not None

    def pending(self, limit: int) -> list[RowMapping]:
        ma = t.minor_access_approvals
        query = select(ma).where(ma.c.status == "pending").order_by(ma.c.requested_at)
        return _rows(self._c, query.limit(limit))


class Grants(_Repository):
    """Partner and affiliate grants (D14): not personal data; the key only as a digest."""

    def add(self, **values: Any) -> None:
        self._c.execute(insert(t.partner_grants).values(**values))

    def get(self, grant_id: str) -> RowMapping | None:
        pg = t.partner_grants
        return _one(self._c, select(pg).where(pg.c.id == grant_id))

    def by_key_digest(self, digest: str) -> RowMapping | None:
        pg = t.partner_grants
        return _one(self._c, select(pg).where(pg.c.key_digest == digest))

    def update(self, grant_id: str, **values: Any) -> bool:
        pg = t.partner_grants
        return bool(
            self._c.execute(update(pg).where(pg.c.id == grant_id).values(**values)).rowcount
        )

    def page(self, offset: int, limit: int) -> list[RowMapping]:
        pg = t.partner_grants
        query = select(pg).order_by(pg.c.created_at.desc(), pg.c.id).offset(offset).limit(limit)
        return _rows(self._c, query)

    def count(self) -> int:
        return int(self._c.execute(select(func.count()).select_from(t.partner_grants)).scalar_one())


class PartnerRecords(_Repository):
    """Data obtained from partners, each row with its source and the consent it came with."""

    CATEGORIES = t.categories_of(t.partner_records)

    def add(self, **values: Any) -> None:
        self._c.execute(insert(t.partner_records).values(**values))

    def within_consent(self, user_id: str, purpose: str) -> list[RowMapping]:
        pr = t.partner_records
        query = select(pr).where(pr.c.user_id == user_id, pr.c.consent_purpose == purpose)
        return _rows(self._c, query.order_by(pr.c.id))


class ShareQueue(_Repository):
    CATEGORIES = t.categories_of(t.share_queue)

    def add(self, **values: Any) -> int:
        result = self._c.execute(insert(t.share_queue).values(**values))
        key = result.inserted_primary_key
        assert key is not None
        return cast(int, key[0])

    def pending(self, limit: int) -> list[RowMapping]:
        sq = t.share_queue
        query = select(sq).where(sq.c.status == "pending").order_by(sq.c.id).limit(limit)
        return _rows(self._c, query)

    def for_user(self, user_id: str) -> list[RowMapping]:
        sq = t.share_queue
        return _rows(self._c, select(sq).where(sq.c.user_id == user_id).order_by(sq.c.id))

    def settle(self, entry_id: int, status: str, at: datetime) -> bool:
        sq = t.share_queue
        query = update(sq).where(sq.c.id == entry_id, sq.c.status == "pending")
        return bool(self._c.execute(query.values(status=status, settled_at=at)).rowcount)

    def cancel_pending(self, user_id: str, purpose: str, recipient: str, at: datetime) -> int:
        sq = t.share_queue
        query = update(sq).where(
            sq.c.user_id == user_id,
            sq.c.purpose == purpose,
            sq.c.recipient == recipient,
            sq.c.status == "pending",
        )
        return int(self._c.execute(query.values(status="cancelled", settled_at=at)).rowcount)


class Incidents(_Repository):
    """Incident summaries (no user's data) and the notices sent to the users affected."""

    def add(self, **values: Any) -> None:
        self._c.execute(insert(t.incidents).values(**values))

    def get(self, incident_id: str) -> RowMapping | None:
        return _one(self._c, select(t.incidents).where(t.incidents.c.id == incident_id))

    def page(self, offset: int, limit: int) -> list[RowMapping]:
        i = t.incidents
        query = select(i).order_by(i.c.opened_at.desc(), i.c.id).offset(offset).limit(limit)
        return _rows(self._c, query)

    def count(self) -> int:
        return int(self._c.execute(select(func.count()).select_from(t.incidents)).scalar_one())


class IncidentNotices(_Repository):
    CATEGORIES = t.categories_of(t.incident_notices)

    def add_many(self, incident_id: str, user_ids: list[str], at: datetime) -> None:
        if user_ids:
            rows = [{"incident_id": incident_id, "user_id": u, "notified_at": at} for u in user_ids]
            self._c.execute(insert(t.incident_notices), rows)

    def for_user(self, user_id: str) -> list[RowMapping]:
        n, i = t.incident_notices, t.incidents
        query = (
            select(n.c.notified_at, i.c.id, i.c.categories, i.c.cause, i.c.harm, i.c.remedies)
            .join(i, i.c.id == n.c.incident_id)
            .where(n.c.user_id == user_id)
            .order_by(n.c.notified_at.desc())
        )
        return _rows(self._c, query)


class LeakReports(_Repository):
    CATEGORIES = t.categories_of(t.leak_reports)

    def add(self, **values: Any) -> None:
        self._c.execute(insert(t.leak_reports).values(**values))

    def open(self, limit: int) -> list[RowMapping]:
        lr = t.leak_reports
        query = select(lr).where(lr.c.status == "received").order_by(lr.c.reported_at)
        return _rows(self._c, query.limit(limit))

    def link(self, report_ids: list[str], incident_id: str) -> int:
        """Answer these reports with the incident; how many were waiting for one."""
        lr = t.leak_reports
        query = update(lr).where(lr.c.id.in_(report_ids), lr.c.status == "received")
        return self._c.execute(query.values(status="linked", incident_id=incident_id)).rowcount

    def users_of(self, report_ids: list[str]) -> list[str]:
        lr = t.leak_reports
        query = select(lr.c.user_id).where(lr.c.id.in_(report_ids)).distinct()
        return list(self._c.execute(query).scalars())


class Governance:
    """The governance repositories over one unit of work's connection."""

    def __init__(self, connection: Connection) -> None:
        self.staff = Staff(connection)
        self.violations = Violations(connection)
        self.requests = DisclosureRequests(connection)
        self.minor_approvals = MinorApprovals(connection)
        self.grants = Grants(connection)
        self.partner_records = PartnerRecords(connection)
        self.share_queue = ShareQueue(connection)
        self.incidents = Incidents(connection)
        self.notices = IncidentNotices(connection)
        self.leaks = LeakReports(connection)


def as_date(value: date | datetime | None) -> date | None:
    return value.date() if isinstance(value, datetime) else value


def categories_of(row: RowMapping | Mapping[str, Any]) -> tuple[str, ...]:
    return tuple(c for c in str(row["categories"]).split(",") if c)
