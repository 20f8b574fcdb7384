"""Discontinuing the service (clause 2b, D17): notify everyone, then end all personal data.

`announce` records the decision and one notice per account, audited. Pages show the notice
(and record when each user first saw it); API responses carry a `JobExp-Service-Ends` header.
Once the notice period is over, `jobexp retention sweep` treats every period as ended (the
security logs the law requires keep theirs, D7) and `finish` writes the final report.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from jobexp.adapters.database import Database
from jobexp.adapters.discontinuation_store import DiscontinuationRecord, DiscontinuationStore
from jobexp.domain.audit import AuditEvent
from jobexp.domain.errors import Conflict, InvalidInput
from jobexp.domain.purposes import Access
from jobexp.domain.retention import KEPT_BY_LAW
from jobexp.policy.ids import CategoryId, PurposeId
from jobexp.policy.model import Policy
from jobexp.service_layer import audit
from jobexp.service_layer.context import RequestContext, Services
from jobexp.service_layer.retention import DEFAULT_BATCH, Progress, TableResult, sweep
from jobexp.types import UserId

__all__ = [
    "MIN_NOTICE_DAYS",
    "Announcement",
    "NoticeCache",
    "Report",
    "UserNotice",
    "announce",
    "check_notice_days",
    "current",
    "due_to_end",
    "finish",
    "notice_for",
    "sweep_all",
]

# D17 names no figure and 2b says "a reasonable time": JobExp promises 30 days, long enough
# to download one's data (D18) after reading the notice.
MIN_NOTICE_DAYS = 30
MAX_NOTICE_DAYS = 3650
NOTIFY = (
    Access(PurposeId.ACCOUNT, (CategoryId.ACCOUNT_IDENTIFIER,), "read"),
    Access(PurposeId.CONSENT_MANAGEMENT, (CategoryId.CONSENT_RECORDS,), "write"),
)
READ_NOTICE = Access(PurposeId.CONSENT_MANAGEMENT, (CategoryId.CONSENT_RECORDS,), "write")
FINISH = Access(PurposeId.RETENTION, (CategoryId.ACCOUNT_IDENTIFIER,), "delete")


@dataclass(frozen=True)
class Announcement:
    id: int
    announced_at: datetime
    effective_at: datetime
    notice_days: int
    completed_at: datetime | None
    notified: int = 0


@dataclass(frozen=True)
class UserNotice:
    announcement: Announcement
    notified_at: datetime
    first_seen: bool  # this showing is the first


@dataclass(frozen=True)
class Report:
    path: Path
    text: str


def check_notice_days(days: int) -> None:
    if days < MIN_NOTICE_DAYS or days > MAX_NOTICE_DAYS:
        raise InvalidInput("discontinue.notice_days", min=MIN_NOTICE_DAYS, max=MAX_NOTICE_DAYS)


def announce(svc: Services, notice_days: int, ctx: RequestContext) -> Announcement:
    """Record the decision and notify every account now; refused while another is pending."""
    check_notice_days(notice_days)
    now = svc.clock.now()
    effective = now + timedelta(days=notice_days)
    with svc.uow(*NOTIFY) as uow:
        store = uow.get(DiscontinuationStore)
        latest = store.latest()
        if latest is not None and latest.completed_at is None:
            raise Conflict("discontinue.already_announced")
        new_id = store.add(now, effective, notice_days)
        notified = store.notify_everyone(new_id, now)
        audit.record(
            uow,
            svc,
            AuditEvent(
                action="service:discontinuation:announced",
                actor=f"operator:{ctx.channel}",
                details={
                    "notice_days": notice_days,
                    "effective_at": effective.isoformat(),
                    "notified": notified,
                },
            ),
        )
        uow.commit()
    return Announcement(new_id, now, effective, notice_days, None, notified)


def current(database: Database) -> Announcement | None:
    """The discontinuation announced and not yet carried out, if any (not personal data)."""
    transaction = database.begin(readonly=True)  # a read: no write lock on SQLite
    try:
        row = transaction.get(DiscontinuationStore).latest()
    finally:
        transaction.close()
    if row is None or row.completed_at is not None:
        return None
    return _announcement(row)


def _announcement(m: DiscontinuationRecord) -> Announcement:
    return Announcement(
        id=m.id,
        announced_at=m.announced_at,
        effective_at=m.effective_at,
        notice_days=m.notice_days,
        completed_at=m.completed_at,
    )


def due_to_end(svc: Services) -> datetime | None:
    """When the notice period ended, if it has and the data is not yet ended."""
    pending = current(svc.database)
    if pending is None or pending.effective_at > svc.clock.now():
        return None
    return pending.effective_at


def notice_for(svc: Services, user_id: UserId, *, mark_seen: bool = False) -> UserNotice | None:
    """The user's notice of a pending discontinuation (recorded for late sign-ups)."""
    pending = current(svc.database)
    if pending is None:
        return None
    now = svc.clock.now()
    with svc.uow(READ_NOTICE, subject=user_id) as uow:
        store = uow.get(DiscontinuationStore)
        row = store.notice(pending.id, user_id)
        if row is None:
            store.record_notice(pending.id, user_id, now)
            uow.commit()
            return UserNotice(pending, now, first_seen=True)
        first = row.seen_at is None
        if first and mark_seen:
            store.mark_seen(pending.id, user_id, now)
            uow.commit()
        return UserNotice(pending, row.notified_at, first_seen=first)


def finish(svc: Services, results: Sequence[TableResult]) -> Report:
    """Close the discontinuation: write the final report to the data directory, audited."""
    pending = current(svc.database)
    if pending is None:
        raise Conflict("discontinue.none_pending")
    now = svc.clock.now()
    policy = svc.policies.published().current.policy
    with svc.uow(FINISH) as uow:
        store = uow.get(DiscontinuationStore)
        remaining = store.remaining_accounts()
        text = _report_text(pending, now, results, remaining, policy_days(policy))
        store.complete(pending.id, now, text)
        audit.record(
            uow,
            svc,
            AuditEvent(
                action="service:discontinuation:completed",
                actor="system:retention",
                details={"accounts_remaining": remaining, "rows": sum(r.rows for r in results)},
            ),
        )
        uow.commit()
    path = svc.settings.data_dir / f"discontinuation-report-{now:%Y%m%dT%H%M%SZ}.txt"
    path.write_text(text, encoding="utf-8")
    return Report(path, text)


def sweep_all(
    svc: Services, *, batch_size: int = DEFAULT_BATCH, progress: Progress | None = None
) -> tuple[list[TableResult], Report | None]:
    """The scheduled job: end what has expired; after a discontinuation's notice, everything,
    closing it with the final report."""
    ending = due_to_end(svc) is not None
    results = sweep(svc, batch_size=batch_size, discontinued=ending, progress=progress)
    return results, finish(svc, results) if ending else None


def policy_days(policy: Policy) -> dict[str, int]:
    return {
        c: r.days for c in sorted(KEPT_BY_LAW) if (r := policy.category(c).retention) is not None
    }


def _report_text(
    pending: Announcement,
    now: datetime,
    results: Sequence[TableResult],
    remaining: int,
    kept_days: dict[str, int],
) -> str:
    lines = [
        "JobExp discontinuation: final report",
        f"announced:          {pending.announced_at.isoformat()}",
        f"notice period:      {pending.notice_days} days",
        f"notice ended:       {pending.effective_at.isoformat()}",
        f"personal data ended: {now.isoformat()}",
        f"accounts remaining: {remaining}",
        "",
        "rows ended, per table:",
        *(f"  {r.table:<16} {r.category:<20} {r.action:<9} {r.rows}" for r in results),
        "",
        "kept as the law requires (Cybersecurity Law art. 21, PIPL art. 55-56; D7),"
        " naming accounts by pseudonym only:",
        *(
            f"  {category}: until {(now + timedelta(days=days)).date().isoformat()} at the latest"
            for category, days in kept_days.items()
        ),
        "",
    ]
    return "\n".join(lines)


class NoticeCache:
    """The pending discontinuation, re-read at most every few seconds (one query per process,
    not per request). `peek` never touches the database: the event loop's responses use it,
    kept fresh by the app's background refresh; pages, in worker threads, use `get`."""

    def __init__(self, database: Database, ttl_seconds: float = 5.0) -> None:
        self._database = database
        self.ttl = ttl_seconds
        self._read_at = float("-inf")
        self._value: Announcement | None = None

    def peek(self) -> Announcement | None:
        return self._value

    def get(self) -> Announcement | None:
        if time.monotonic() - self._read_at >= self.ttl:
            self.refresh()
        return self._value

    def refresh(self) -> None:
        try:
            self._value = current(self._database)
        except Exception:
            return
        self._read_at = time.monotonic()
