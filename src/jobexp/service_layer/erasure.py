"""The erasure worker: carries out due deletion requests, one committed step at a time (D7).

For each request whose cancel window is over and that no legal hold freezes:

1. one transaction moves it to `erasing`, ends every session and device token, makes the
   password unusable and queues an erasure notice for each partner that received their data
   (the outbox);
2. the user's data key is destroyed in the key vault, which lives apart from the database:
   every copy of their ciphertext, backups and replicas included, can never be decrypted;
3. one transaction per table deletes the user's rows, found by walking the schema
   (adapters/erasure_plan.py), and records how many went;
4. one transaction writes the receipt, closes the request and unlinks it from the account.

Every step is idempotent and checks the request's state under a row lock, so the worker can
be killed at any point and run again (or twice at once): it resumes where it stopped. The
audit log (pseudonymous, kept 6 months by law) and the deletion records are kept.

Erasure is the user's right, not processing for a purpose: no missing consent, pending
policy update or ended partner grant may block it. So the deletion statements are not put to
the purpose check; they run in a scope naming exactly the tables' categories (`_erasing`),
which the suite's purpose scan still sees. Reading and writing the deletion records
themselves goes through the check like any other use case.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from jobexp.adapters import tables as t
from jobexp.adapters.deletion_records import DeletionRecords, OutboxMessage, Receipts
from jobexp.adapters.erasure_store import ErasureStore, erasure_tables
from jobexp.adapters.repositories import Consents
from jobexp.domain import purpose_scope
from jobexp.domain.audit import AuditEvent
from jobexp.domain.deletion import DeletionRequest, next_state, retry_delay
from jobexp.domain.erasure_notices import DeliveryFailed, ErasureNotice, PartnerNotifier
from jobexp.domain.purposes import Access
from jobexp.policy.ids import CategoryId, ClauseId, PurposeId
from jobexp.service_layer import audit
from jobexp.service_layer.context import Services
from jobexp.service_layer.unit_of_work import UnitOfWork
from jobexp.types import UserId

__all__ = [
    "RECIPIENT_SOURCES",
    "RunReport",
    "consent_recipients",
    "deliver_notices",
    "erase",
    "recipients_of",
    "run",
    "schedule_requested",
]

log = logging.getLogger("jobexp.erasure")
RECORDS = Access(PurposeId.DATA_RIGHTS, (CategoryId.CONSENT_RECORDS,), "write")
# Never a valid argon2 hash: nobody signs in to an account whose erasure has begun.
UNUSABLE_PASSWORD_HASH = "!erased"  # noqa: S105 - a marker, not a secret
BATCH = 100
# What erasure keeps, by design (each a message key under deletion.kept.).
KEPT = ("audit_log", "deletion_records")


# -- which partners received the user's data ------------------------------------------------

RecipientSource = Callable[[UnitOfWork, UserId, str], set[str]]  # (unit of work, user id, user ref)
# Grounds on which data went to an authority or under a legal duty, not to a partner
# processing it for the user: those recipients are not sent erasure notices.
LEGAL_GROUNDS = frozenset({ClauseId.C5C, ClauseId.C5D, ClauseId.C5E, ClauseId.C5F, ClauseId.C5G})


def consent_recipients(uow: UnitOfWork, user_id: UserId, _user_ref: str) -> set[str]:
    """Recipients named in the user's consent records (shared only with such a consent)."""
    return {row.recipient for row in uow.get(Consents).state(user_id) if row.recipient}


def ledger_recipients(uow: UnitOfWork, _user_id: str, user_ref: str) -> set[str]:
    """Partners the disclosure ledger shows received the user's data (by pseudonym)."""
    found = uow.get(ErasureStore).ledger_recipients(user_ref)
    return {recipient for recipient, basis in found if basis not in LEGAL_GROUNDS}


# Each source names recipients that may hold the user's data, as a function of
# (unit of work, user id, user ref). They run inside `_erasing`.
RECIPIENT_SOURCES: list[RecipientSource] = [consent_recipients, ledger_recipients]


def recipients_of(uow: UnitOfWork, user_id: UserId, user_ref: str) -> set[str]:
    found: set[str] = set()
    for source in RECIPIENT_SOURCES:
        found |= source(uow, user_id, user_ref)
    return found


# -- the worker ------------------------------------------------------------------------------


@dataclass
class RunReport:
    scheduled: int = 0
    erased: list[str] = field(default_factory=list)  # receipt ids
    held: list[str] = field(default_factory=list)  # user refs whose erasure waits on a hold
    overdue: list[str] = field(default_factory=list)  # user refs past their deadline
    delivered: int = 0
    failed: int = 0


def run(svc: Services, notifier: PartnerNotifier | None, batch: int = BATCH) -> RunReport:
    """One pass: schedule new requests, erase the due ones, deliver pending notices."""
    report = RunReport(scheduled=schedule_requested(svc, batch))
    now = svc.clock.now()
    with svc.uow(RECORDS, readonly=True) as uow:
        records = uow.get(DeletionRecords)
        work = records.in_states("scheduled", "erasing", limit=batch)
        held = records.held_refs()
    for request in work:
        if request.overdue(now):
            report.overdue.append(request.user_ref)
            log.warning("deletion request for %s is past its deadline", request.user_ref)
        if request.state == "scheduled" and request.user_ref in held:
            report.held.append(request.user_ref)
            log.warning("erasure of %s waits: legal hold", request.user_ref)
            continue
        if request.state == "erasing" or request.due(now):
            receipt = erase(svc, request.id)
            if receipt is not None:
                report.erased.append(receipt)
    report.delivered, report.failed = deliver_notices(svc, notifier, batch)
    return report


def schedule_requested(svc: Services, batch: int = BATCH) -> int:
    """Move new requests to `scheduled`: the worker has seen them and will erase on time."""
    now = svc.clock.now()
    count = 0
    with svc.uow(RECORDS) as uow:
        records = uow.get(DeletionRecords)
        for request in records.in_states("requested", limit=batch):
            next_state(request.state, "scheduled")
            if records.move(request.id, "requested", "scheduled", now):
                _audit(uow, svc, request, "scheduled", erase_after=request.erase_after.isoformat())
                count += 1
        if count:  # an idle pass writes nothing (a commit would invalidate read caches)
            uow.commit()
    return count


def erase(svc: Services, request_id: str) -> str | None:
    """Carry out (or resume) one request; the receipt id once erased, else None."""
    user_id = _begin(svc, request_id)
    if user_id is None:
        return None
    _destroy_key(svc, request_id, user_id)
    for table in erasure_tables():
        _erase_table(svc, request_id, table)
    return _finish(svc, request_id)


@contextmanager
def _erasing(*tables: str) -> Iterator[None]:
    categories = {c for table in tables for c in t.TABLE_CATEGORIES.get(table, ())}
    with purpose_scope.authorized(categories):
        yield


def _begin(svc: Services, request_id: str) -> UserId | None:
    """Move a due request to `erasing`; the account's id if it is erasing (again), else None."""
    now = svc.clock.now()
    with svc.uow(RECORDS) as uow:
        records = uow.get(DeletionRecords)
        request = records.get(request_id, lock=True)
        if request is None or request.state == "erasing":
            return None if request is None else request.account_id
        if not request.due(now) or records.active_holds(request.user_ref):
            return None
        next_state(request.state, "erasing")
        user_id = request.account_id
        assert user_id is not None
        with _erasing("sessions", "users", "consent_state", "disclosure_ledger"):
            ended = uow.get(ErasureStore).lock_out(user_id, UNUSABLE_PASSWORD_HASH, now)
            recipients = recipients_of(uow, user_id, request.user_ref)
        records.move(request.id, "scheduled", "erasing", now)
        records.enqueue(request.id, request.user_ref, recipients, now)
        _audit(
            uow,
            svc,
            request,
            "erasing",
            sessions_ended=ended,
            recipients=",".join(sorted(recipients)),
        )
        uow.commit()
    return user_id


def _destroy_key(svc: Services, request_id: str, user_id: UserId) -> None:
    """Destroy the account's data key in the vault (again, harmlessly, on a resumed run) and
    record it; the request is already `erasing`, so no cancellation can need the key."""
    destroyed = svc.vault.destroy([user_id])
    if not destroyed:
        return
    with svc.uow(RECORDS) as uow:
        records = uow.get(DeletionRecords)
        request = records.get(request_id, lock=True)
        if request is None or request.state != "erasing":
            return
        records.add_progress(request.id, "data_keys", destroyed)
        _audit(uow, svc, request, "key_destroyed", data_key_destroyed=True)
        uow.commit()


def _erase_table(svc: Services, request_id: str, table: str) -> None:
    with svc.uow(RECORDS) as uow:
        records = uow.get(DeletionRecords)
        request = records.get(request_id, lock=True)
        if request is None or request.state != "erasing" or request.account_id is None:
            return
        with _erasing(table, "users", "devices"):
            rows = uow.get(ErasureStore).erase(table, request.account_id)
        if rows:
            records.add_progress(request.id, table, rows)
        uow.commit()


def _finish(svc: Services, request_id: str) -> str | None:
    now = svc.clock.now()
    with svc.uow(RECORDS) as uow:
        records = uow.get(DeletionRecords)
        request = records.get(request_id, lock=True)
        if request is None or request.state != "erasing":
            return None
        progress = records.progress(request.id)
        recipients = [m.recipient for m in records.messages_for(request.id)]
        uow.get(Receipts).add(
            request.receipt_id,
            requested_at=request.requested_at,
            deadline=request.deadline,
            erased_at=now,
            summary=_summary(progress, recipients),
        )
        records.move(request.id, "erasing", "erased", now)  # forgets the account
        _audit(uow, svc, request, "erased", rows=sum(progress.values()))
        uow.commit()
    log.info("erased account %s; receipt %s", request.user_ref, request.receipt_id)
    return request.receipt_id


def _summary(progress: dict[str, int], recipients: list[str]) -> dict[str, Any]:
    categories = sorted(
        {c for name, rows in progress.items() if rows for c in t.TABLE_CATEGORIES.get(name, ())}
    )
    return {
        "categories": categories,
        "rows": {name: rows for name, rows in sorted(progress.items()) if rows},
        "data_key_destroyed": True,
        "sessions_ended": True,
        "recipients_notified": sorted(recipients),
        "kept": list(KEPT),
    }


def _audit(
    uow: UnitOfWork, svc: Services, request: DeletionRequest, verb: str, **details: Any
) -> None:
    audit.record(
        uow,
        svc,
        AuditEvent(
            action=f"privacy:deletion:{verb}",
            subject=request.user_ref,
            details={"request": request.id, "deadline": request.deadline.isoformat(), **details},
        ),
    )


# -- the outbox ------------------------------------------------------------------------------


def deliver_notices(
    svc: Services, notifier: PartnerNotifier | None, batch: int = BATCH
) -> tuple[int, int]:
    """Send each due notice (outside any transaction), then record the outcome; (ok, failed)."""
    if notifier is None:
        return 0, 0
    now = svc.clock.now()
    with svc.uow(RECORDS, readonly=True) as uow:
        due = uow.get(DeletionRecords).due_messages(now, batch)
    ok = failed = 0
    for message in due:
        notice = ErasureNotice(
            recipient=message.recipient,
            user_ref=message.user_ref,
            notice_id=f"{message.request_id}:{message.recipient}",
            requested_at=message.created_at,
        )
        try:
            notifier.notify(notice)
            error = ""
        except DeliveryFailed as exc:
            error = str(exc) or type(exc).__name__
        _record_delivery(svc, message, error)
        ok, failed = (ok + 1, failed) if not error else (ok, failed + 1)
    return ok, failed


def _record_delivery(svc: Services, message: OutboxMessage, error: str) -> None:
    now = svc.clock.now()
    with svc.uow(RECORDS) as uow:
        uow.get(DeletionRecords).record_attempt(
            message.id,
            at=now,
            acknowledged=not error,
            retry_at=now + retry_delay(message.attempts + 1),
            error=error,
        )
        audit.record(
            uow,
            svc,
            AuditEvent(
                action="privacy:erasure_notice:" + ("acknowledged" if not error else "failed"),
                outcome="success" if not error else "failure",
                subject=message.user_ref,
                details={"recipient": message.recipient, "error": error or None},
            ),
        )
        uow.commit()
    if error:
        log.warning("erasure notice to %s not acknowledged: %s", message.recipient, error)
