"""Leak reports from users and incidents run by staff (8b; D16).

A user reports a suspected leak from the privacy center; a privacy officer opens an incident
recording the data categories, cause, possible harm and remedies, links the reports, and
names the users to notify; each of them then sees the notice in their privacy center.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from jobexp.adapters.governance import Governance
from jobexp.adapters.governance_records import IncidentRecord, LeakReportRecord
from jobexp.domain.audit import AuditEvent
from jobexp.domain.errors import InvalidInput
from jobexp.domain.purposes import Access
from jobexp.domain.staff import StaffMember, require
from jobexp.policy.ids import CategoryId, PurposeId
from jobexp.service_layer import audit
from jobexp.service_layer.context import RequestContext, Services
from jobexp.service_layer.data_keys import missing_accounts
from jobexp.service_layer.staff import record
from jobexp.service_layer.unit_of_work import UnitOfWork
from jobexp.types import UserId

RECORDS_WRITE = Access(PurposeId.LEGAL_DISCLOSURE, (CategoryId.DISCLOSURE_RECORDS,), "write")
RECORDS_READ = Access(PurposeId.LEGAL_DISCLOSURE, (CategoryId.DISCLOSURE_RECORDS,), "read")
# Only whether the accounts named for a notice exist: their ids, nothing they hold.
ACCOUNTS_NAMED = Access(PurposeId.LEGAL_DISCLOSURE, (CategoryId.ACCOUNT_IDENTIFIER,), "read")
MAX_TEXT = 4000


@dataclass(frozen=True)
class Notice:
    incident_id: str
    categories: tuple[str, ...]
    cause: str
    harm: str
    remedies: str
    notified_at: datetime


@dataclass(frozen=True)
class IncidentView:
    id: str
    categories: tuple[str, ...]
    cause: str
    harm: str
    remedies: str
    opened_at: datetime
    notified_count: int


@dataclass(frozen=True)
class LeakReport:
    id: str
    description: str
    reported_at: datetime


@dataclass(frozen=True)
class NewIncident:
    categories: tuple[str, ...]
    cause: str
    harm: str
    remedies: str
    report_ids: tuple[str, ...] = ()


def _text(value: str, key: str) -> str:
    text = value.strip()
    if not text:
        raise InvalidInput(key)
    return text[:MAX_TEXT]


def report_leak(svc: Services, user_id: UserId, description: str, ctx: RequestContext) -> str:
    """A user says their information may have leaked; staff see it in the console."""
    text = _text(description, "incident.report_empty")
    report_id = secrets.token_hex(16)
    with svc.uow(RECORDS_WRITE, subject=user_id) as uow:
        uow.get(Governance).leaks.add(
            LeakReportRecord(
                id=report_id,
                user_id=user_id,
                description=text,
                status="received",
                incident_id=None,
                reported_at=svc.clock.now(),
            )
        )
        tag = audit.user_tag(svc, user_id)
        audit.record(
            uow,
            svc,
            AuditEvent(
                action="privacy:leak:reported",
                actor=tag,
                subject=tag,
                client=audit.client_tag(svc, ctx),
                details={"report": report_id, "channel": ctx.channel},
            ),
        )
        uow.commit()
    return report_id


def open_reports(svc: Services, member: StaffMember, limit: int = 50) -> list[LeakReport]:
    require(member, "incident.manage")
    with svc.uow(RECORDS_READ, readonly=True) as uow:
        rows = uow.get(Governance).leaks.open(limit)
    return [LeakReport(r.id, r.description, r.reported_at) for r in rows]


def open_incident(
    svc: Services, member: StaffMember, new: NewIncident, users: tuple[str, ...] = ()
) -> str:
    """Record an incident; notify the reporters of the linked reports and the users named."""
    require(member, "incident.manage")
    policy = svc.policies.published().current.policy
    known = {c.id for c in policy.categories}
    unknown = sorted(set(new.categories) - known)
    if not new.categories or unknown:
        raise InvalidInput("incident.bad_categories", categories=", ".join(unknown))
    cause = _text(new.cause, "incident.needs_cause")
    harm = _text(new.harm, "incident.needs_harm")
    remedies = _text(new.remedies, "incident.needs_remedies")
    incident_id = secrets.token_hex(16)
    now = svc.clock.now()
    with svc.uow(RECORDS_WRITE, ACCOUNTS_NAMED) as uow:
        _require_accounts(uow, users)
        repo = uow.get(Governance)
        reports = list(dict.fromkeys(new.report_ids))
        notify = sorted(set(users) | set(repo.leaks.users_of(reports)))
        repo.incidents.add(
            IncidentRecord(
                id=incident_id,
                categories=",".join(sorted(set(new.categories))),
                cause=cause,
                harm=harm,
                remedies=remedies,
                opened_by=member.id,
                opened_at=now,
                notified_count=len(notify),
            )
        )
        if repo.leaks.link(reports, incident_id) != len(reports):  # conditional: no race
            raise InvalidInput("incident.unknown_reports")
        repo.notices.add_many(incident_id, notify, now)
        record(
            uow,
            svc,
            member,
            "privacy:incident:opened",
            incident=incident_id,
            categories=",".join(sorted(set(new.categories))),
            notified=len(notify),
        )
        uow.commit()
    return incident_id


def _require_accounts(uow: UnitOfWork, user_ids: tuple[str, ...]) -> None:
    """Refuse, before anything is written, a notice to an account that does not exist."""
    unknown = missing_accounts(uow, user_ids)
    if unknown:
        raise InvalidInput("incident.unknown_users", users=", ".join(unknown))


def incidents_page(
    svc: Services, member: StaffMember, page: int, size: int = 20
) -> tuple[list[IncidentView], int]:
    require(member, "incident.manage")
    with svc.uow(readonly=True) as uow:
        repo = uow.get(Governance).incidents
        pages = max(1, -(-repo.count() // size))
        number = min(max(page, 1), pages)
        rows = repo.page((number - 1) * size, size)
    return [
        IncidentView(
            r.id,
            tuple(r.categories.split(",")),
            r.cause,
            r.harm,
            r.remedies,
            r.opened_at,
            r.notified_count,
        )
        for r in rows
    ], pages


def notices_for(svc: Services, user_id: UserId) -> list[Notice]:
    """The incident notices a user has received, newest first."""
    with svc.uow(RECORDS_READ, subject=user_id, readonly=True) as uow:
        rows = uow.get(Governance).notices.for_user(user_id)
    return [
        Notice(
            r.id,
            tuple(r.categories.split(",")),
            r.cause,
            r.harm,
            r.remedies,
            r.notified_at,
        )
        for r in rows
    ]
