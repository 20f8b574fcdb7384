"""Sharing with a marketing partner (4c; D3, D11): separate consent, stopped in one step.

A share is queued only while the user's separate consent for that partner is live, and is
checked again when it is sent. Withdrawing the consent cancels the user's queued shares in
the same transaction (`cancel_queued`, called by `consents.decide`), so nothing already
waiting leaves afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from jobexp.adapters.governance import Governance
from jobexp.adapters.governance_records import categories_of
from jobexp.domain.audit import AuditEvent
from jobexp.domain.disclosures import Disclosure
from jobexp.domain.purposes import Access, PurposeDenied
from jobexp.policy.ids import CategoryId, PurposeId
from jobexp.service_layer import audit, ledger
from jobexp.service_layer.context import Services
from jobexp.service_layer.unit_of_work import UnitOfWork
from jobexp.types import UserId

MARKETING = PurposeId.MARKETING
QUEUE = Access(PurposeId.CONSENT_MANAGEMENT, (CategoryId.CONSENT_RECORDS,), "write")
SEND_BATCH = 100


@dataclass(frozen=True)
class SendReport:
    sent: int
    cancelled: int


def share_access(recipient: str, categories: tuple[str, ...]) -> Access:
    return Access(MARKETING, categories, "share", recipient)


def queue_share(
    svc: Services,
    user_id: UserId,
    recipient: str,
    categories: tuple[str, ...] = ("account_identifier",),
) -> int:
    """Queue a share for the partner; refused (and audited) without the separate consent."""
    with svc.uow(share_access(recipient, categories), QUEUE, subject=user_id) as uow:
        entry = uow.get(Governance).share_queue.add(
            user_id, recipient, MARKETING, ",".join(categories), svc.clock.now()
        )
        uow.commit()
    return entry


def send_pending(svc: Services, batch: int = SEND_BATCH) -> SendReport:
    """Send up to `batch` queued shares, each re-checked; idempotent (only pending ones move)."""
    with svc.uow(QUEUE, readonly=True) as uow:
        pending = uow.get(Governance).share_queue.pending(batch)
    sent = cancelled = 0
    for entry in pending:
        if _send(svc, entry.id, entry.user_id, entry.recipient, categories_of(entry.categories)):
            sent += 1
        else:
            cancelled += 1
    return SendReport(sent, cancelled)


def _send(
    svc: Services, entry_id: int, user_id: UserId, recipient: str, cats: tuple[str, ...]
) -> bool:
    try:
        with svc.uow(share_access(recipient, cats), QUEUE, subject=user_id) as uow:
            if not uow.get(Governance).share_queue.settle(entry_id, "sent", svc.clock.now()):
                return False
            ledger.record(
                uow,
                svc,
                user_id,
                Disclosure(
                    recipient=recipient,
                    purpose=MARKETING,
                    basis="5a",
                    categories=cats,
                    reference=f"share:{entry_id}",
                    region=svc.policies.published().rules.region,
                ),
            )
            uow.commit()
            return True
    except PurposeDenied:
        with svc.uow(QUEUE) as uow:
            uow.get(Governance).share_queue.settle(entry_id, "cancelled", svc.clock.now())
            uow.commit()
        return False


def cancel_queued(
    uow: UnitOfWork, svc: Services, user_id: UserId, purpose: str, recipient: str, *, at: datetime
) -> int:
    """Inside the withdrawal's own transaction: cancel what was waiting to go to `recipient`."""
    if not recipient:
        return 0
    cancelled = uow.get(Governance).share_queue.cancel_pending(user_id, purpose, recipient, at)
    if cancelled:
        audit.record(
            uow,
            svc,
            AuditEvent(
                action="privacy:share:cancelled",
                subject=audit.user_tag(svc, user_id),
                details={"purpose": purpose, "recipient": recipient, "count": cancelled},
            ),
        )
    return cancelled


def queued(svc: Services, user_id: UserId) -> list[tuple[int, str]]:
    with svc.uow(QUEUE, subject=user_id, readonly=True) as uow:
        rows = uow.get(Governance).share_queue.for_user(user_id)
    return [(r.id, r.status) for r in rows]
