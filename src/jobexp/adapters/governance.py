"""Repositories for disclosure and sharing governance (issue #6), over one open connection.

Each over personal data declares its categories, as in `repositories.py`, and refuses to run
outside a purpose check covering one of them. Staff, grants and incident summaries hold no
user's personal data. They speak in the records of `governance_records.py`.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import Connection, func, insert, select, update

from jobexp.adapters import tables as t
from jobexp.adapters.governance_records import (
    DisclosureRequestRecord,
    GrantRecord,
    IncidentNotice,
    IncidentRecord,
    LeakReportRecord,
    MinorApproval,
    PartnerRecord,
    ShareQueueEntry,
    SignedInSession,
    StaffAccount,
    StaffSession,
    ViolationRecord,
    categories_of,
)
from jobexp.adapters.repositories import _Repository
from jobexp.adapters.store import R, Store, record, records, values

__all__ = ["Governance", "as_date", "categories_of"]


def _one(kind: type[R], connection: Connection, query: Any) -> R | None:
    row = connection.execute(query).first()
    return None if row is None else record(kind, row)


def as_date(value: date | datetime | None) -> date | None:
    return value.date() if isinstance(value, datetime) else value


class Staff(_Repository):
    """Staff accounts and their console sessions (the operator's people, not users)."""

    def add(self, account: StaffAccount) -> None:
        self._c.execute(insert(t.staff).values(values(account)))

    def by_email(self, email: str) -> StaffAccount | None:
        return _one(StaffAccount, self._c, select(t.staff).where(t.staff.c.email == email))

    def get(self, staff_id: str) -> StaffAccount | None:
        return _one(StaffAccount, self._c, select(t.staff).where(t.staff.c.id == staff_id))

    def open_session(self, session: StaffSession) -> None:
        self._c.execute(insert(t.staff_sessions).values(values(session)))

    def session_by_digest(self, digest: str) -> SignedInSession | None:
        ss = t.staff_sessions
        query = (
            select(ss, t.staff.c.email, t.staff.c.role, t.staff.c.active)
            .join(t.staff, t.staff.c.id == ss.c.staff_id)
            .where(ss.c.token_digest == digest)
        )
        return _one(SignedInSession, self._c, query)

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

    def add(self, violation: ViolationRecord) -> None:
        self._c.execute(insert(t.violations).values(values(violation)))

    def get(self, violation_id: str) -> ViolationRecord | None:
        query = select(t.violations).where(t.violations.c.id == violation_id)
        return _one(ViolationRecord, self._c, query)


def _request(row: Any) -> DisclosureRequestRecord:
    found = record(DisclosureRequestRecord, row)
    return replace(found, hold_until=as_date(found.hold_until))


class DisclosureRequests(_Repository):
    CATEGORIES = t.categories_of(t.disclosure_requests)

    def add(self, request: DisclosureRequestRecord) -> None:
        self._c.execute(insert(t.disclosure_requests).values(values(request)))

    def get(self, request_id: str) -> DisclosureRequestRecord | None:
        dr = t.disclosure_requests
        row = self._c.execute(select(dr).where(dr.c.id == request_id)).first()
        return None if row is None else _request(row)

    def decide(
        self,
        request_id: str,
        expected: str,
        status: str,
        *,
        by: str,
        at: datetime,
        note: str | None,
    ) -> bool:
        """Approve or refuse, only from the status the caller saw (no double decisions)."""
        changes = {"decided_by": by, "decided_at": at, "decision_note": note}
        return self._move(request_id, expected, status, changes)

    def executed(self, request_id: str, at: datetime) -> bool:
        return self._move(request_id, "approved", "executed", {"executed_at": at})

    def _move(self, request_id: str, expected: str, status: str, changes: dict[str, Any]) -> bool:
        dr = t.disclosure_requests
        query = update(dr).where(dr.c.id == request_id, dr.c.status == expected)
        return bool(self._c.execute(query.values(status=status, **changes)).rowcount)

    def page(
        self, statuses: tuple[str, ...], offset: int, limit: int
    ) -> list[DisclosureRequestRecord]:
        dr = t.disclosure_requests
        query = (
            select(dr)
            .where(dr.c.status.in_(statuses))
            .order_by(dr.c.requested_at.desc(), dr.c.id)
            .offset(offset)
            .limit(limit)
        )
        return [_request(row) for row in self._c.execute(query)]

    def count(self, statuses: tuple[str, ...]) -> int:
        dr = t.disclosure_requests
        query = select(func.count()).select_from(dr).where(dr.c.status.in_(statuses))
        return int(self._c.execute(query).scalar_one())


class MinorApprovals(_Repository):
    CATEGORIES = t.categories_of(t.minor_access_approvals)

    def add(self, approval: MinorApproval) -> None:
        self._c.execute(insert(t.minor_access_approvals).values(values(approval)))

    def get(self, approval_id: str) -> MinorApproval | None:
        ma = t.minor_access_approvals
        return _one(MinorApproval, self._c, select(ma).where(ma.c.id == approval_id))

    def decide(
        self, approval_id: str, status: str, *, by: str, at: datetime, expires_at: datetime | None
    ) -> bool:
        ma = t.minor_access_approvals
        query = update(ma).where(ma.c.id == approval_id, ma.c.status == "pending")
        changes = {"status": status, "decided_by": by, "decided_at": at, "expires_at": expires_at}
        return bool(self._c.execute(query.values(changes)).rowcount)

    def live(self, user_id: str, staff_id: str, now: datetime) -> bool:
        ma = t.minor_access_approvals
        query = select(ma.c.id).where(
            ma.c.user_id == user_id,
            ma.c.requested_by == staff_id,
            ma.c.status == "approved",
            ma.c.expires_at > now,
        )
        return self._c.execute(query.limit(1)).first() is not None

    def pending(self, limit: int) -> list[MinorApproval]:
        ma = t.minor_access_approvals
        query = select(ma).where(ma.c.status == "pending").order_by(ma.c.requested_at)
        return records(MinorApproval, self._c.execute(query.limit(limit)))


def _grant(row: Any) -> GrantRecord:
    found = record(GrantRecord, row)
    ends_on = as_date(found.ends_on)
    assert ends_on is not None  # the column is NOT NULL
    return replace(found, ends_on=ends_on)


class Grants(_Repository):
    """Partner and affiliate grants (D14): not personal data; the key only as a digest."""

    def add(self, grant: GrantRecord) -> None:
        self._c.execute(insert(t.partner_grants).values(values(grant)))

    def get(self, grant_id: str) -> GrantRecord | None:
        return self._first(t.partner_grants.c.id == grant_id)

    def by_key_digest(self, digest: str) -> GrantRecord | None:
        return self._first(t.partner_grants.c.key_digest == digest)

    def _first(self, where: Any) -> GrantRecord | None:
        row = self._c.execute(select(t.partner_grants).where(where)).first()
        return None if row is None else _grant(row)

    def terminate(self, grant_id: str, reason: str, at: datetime) -> bool:
        """End the grant and ask, at the same moment, for the partner's deletion attestation."""
        return self._update(
            grant_id, terminated_at=at, termination_reason=reason, attestation_requested_at=at
        )

    def attested(self, grant_id: str, at: datetime) -> bool:
        return self._update(grant_id, attestation_received_at=at)

    def _update(self, grant_id: str, **changes: datetime | str) -> bool:
        pg = t.partner_grants
        return bool(self._c.execute(update(pg).where(pg.c.id == grant_id).values(changes)).rowcount)

    def page(self, offset: int, limit: int) -> list[GrantRecord]:
        pg = t.partner_grants
        query = select(pg).order_by(pg.c.created_at.desc(), pg.c.id).offset(offset).limit(limit)
        return [_grant(row) for row in self._c.execute(query)]

    def count(self) -> int:
        return int(self._c.execute(select(func.count()).select_from(t.partner_grants)).scalar_one())


class PartnerRecords(_Repository):
    """Data obtained from partners, each row with its source and the consent it came with."""

    CATEGORIES = t.categories_of(t.partner_records)

    def add(self, item: PartnerRecord) -> None:
        self._c.execute(insert(t.partner_records).values(values(item)))

    def within_consent(self, user_id: str, purpose: str) -> list[PartnerRecord]:
        pr = t.partner_records
        query = select(pr).where(pr.c.user_id == user_id, pr.c.consent_purpose == purpose)
        return records(PartnerRecord, self._c.execute(query.order_by(pr.c.id)))


class ShareQueue(_Repository):
    CATEGORIES = t.categories_of(t.share_queue)

    def add(self, user_id: str, recipient: str, purpose: str, categories: str, at: datetime) -> int:
        """Queue a pending share; its id."""
        result = self._c.execute(
            insert(t.share_queue).values(
                user_id=user_id,
                recipient=recipient,
                purpose=purpose,
                categories=categories,
                status="pending",
                queued_at=at,
            )
        )
        key = result.inserted_primary_key
        assert key is not None
        return cast(int, key[0])

    def pending(self, limit: int) -> list[ShareQueueEntry]:
        sq = t.share_queue
        query = select(sq).where(sq.c.status == "pending").order_by(sq.c.id).limit(limit)
        return records(ShareQueueEntry, self._c.execute(query))

    def for_user(self, user_id: str) -> list[ShareQueueEntry]:
        sq = t.share_queue
        query = select(sq).where(sq.c.user_id == user_id).order_by(sq.c.id)
        return records(ShareQueueEntry, self._c.execute(query))

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

    def add(self, incident: IncidentRecord) -> None:
        self._c.execute(insert(t.incidents).values(values(incident)))

    def get(self, incident_id: str) -> IncidentRecord | None:
        query = select(t.incidents).where(t.incidents.c.id == incident_id)
        return _one(IncidentRecord, self._c, query)

    def page(self, offset: int, limit: int) -> list[IncidentRecord]:
        i = t.incidents
        query = select(i).order_by(i.c.opened_at.desc(), i.c.id).offset(offset).limit(limit)
        return records(IncidentRecord, self._c.execute(query))

    def count(self) -> int:
        return int(self._c.execute(select(func.count()).select_from(t.incidents)).scalar_one())


class IncidentNotices(_Repository):
    CATEGORIES = t.categories_of(t.incident_notices)

    def add_many(self, incident_id: str, user_ids: list[str], at: datetime) -> None:
        if user_ids:
            rows = [{"incident_id": incident_id, "user_id": u, "notified_at": at} for u in user_ids]
            self._c.execute(insert(t.incident_notices), rows)

    def for_user(self, user_id: str) -> list[IncidentNotice]:
        n, i = t.incident_notices, t.incidents
        query = (
            select(n.c.notified_at, i.c.id, i.c.categories, i.c.cause, i.c.harm, i.c.remedies)
            .join(i, i.c.id == n.c.incident_id)
            .where(n.c.user_id == user_id)
            .order_by(n.c.notified_at.desc())
        )
        return records(IncidentNotice, self._c.execute(query))


class LeakReports(_Repository):
    CATEGORIES = t.categories_of(t.leak_reports)

    def add(self, report: LeakReportRecord) -> None:
        self._c.execute(insert(t.leak_reports).values(values(report)))

    def open(self, limit: int) -> list[LeakReportRecord]:
        lr = t.leak_reports
        query = select(lr).where(lr.c.status == "received").order_by(lr.c.reported_at)
        return records(LeakReportRecord, self._c.execute(query.limit(limit)))

    def link(self, report_ids: list[str], incident_id: str) -> int:
        """Answer these reports with the incident; how many were waiting for one."""
        lr = t.leak_reports
        query = update(lr).where(lr.c.id.in_(report_ids), lr.c.status == "received")
        return self._c.execute(query.values(status="linked", incident_id=incident_id)).rowcount

    def users_of(self, report_ids: list[str]) -> list[str]:
        lr = t.leak_reports
        query = select(lr.c.user_id).where(lr.c.id.in_(report_ids)).distinct()
        return list(self._c.execute(query).scalars())


class Governance(Store):
    """The governance repositories over one unit of work's connection."""

    def __init__(self, connection: Connection) -> None:
        super().__init__(connection)
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
