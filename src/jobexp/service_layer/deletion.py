"""Asking for, following and cancelling one's account deletion; legal holds (clause 10, D7).

The user confirms who they are only with what JobExp already holds: their signed-in session
and their current password. The request records the deadline (3 PRC working days after the
request day) and an unguessable receipt id, which stays valid after the account is gone.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Literal

from jobexp.adapters.deletion_records import DeletionRecords, Receipts
from jobexp.adapters.repositories import Accounts
from jobexp.domain.audit import AuditEvent
from jobexp.domain.deletion import (
    DeletionRequest,
    DeletionState,
    RequestedBy,
    erase_after,
    next_state,
)
from jobexp.domain.errors import (
    AuthenticationFailed,
    Conflict,
    DuplicateRow,
    NotAuthenticated,
    NotFound,
)
from jobexp.domain.purposes import Access
from jobexp.domain.working_days import deletion_deadline
from jobexp.policy.ids import CategoryId, PurposeId
from jobexp.service_layer import audit, auth
from jobexp.service_layer.context import RequestContext, Services
from jobexp.service_layer.unit_of_work import UnitOfWork
from jobexp.types import UserId

__all__ = [
    "DeletionStatus",
    "QueueRow",
    "ReceiptView",
    "cancel",
    "is_under_legal_hold",
    "place_hold",
    "queue",
    "receipt",
    "release_hold",
    "request_deletion",
    "status",
    "user_ref",
]

log = logging.getLogger("jobexp.deletion")
ShownState = DeletionState | Literal["on_hold"]
READ = Access(PurposeId.DATA_RIGHTS, (CategoryId.CONSENT_RECORDS,), "read")
WRITE = Access(PurposeId.DATA_RIGHTS, (CategoryId.CONSENT_RECORDS,), "write")


@dataclass(frozen=True)
class DeletionStatus:
    request: DeletionRequest
    on_hold: bool
    now: datetime

    @property
    def state(self) -> ShownState:
        """The state as the user sees it: a scheduled erasure frozen by a hold says so."""
        held = self.on_hold and self.request.state in {"requested", "scheduled"}
        return "on_hold" if held else self.request.state

    @property
    def remaining(self) -> timedelta | None:
        return self.request.remaining(self.now) if self.request.is_open else None


def new_receipt_id() -> str:
    """256 random bits, URL-safe base64, never starting with "-": a receipt id is typed
    after `jobexp deletion receipt`, where a leading dash would read as an option."""
    while (receipt_id := secrets.token_urlsafe(32)).startswith("-"):
        pass
    return receipt_id


def user_ref(svc: Services, user_id: UserId) -> str:
    """The account's pseudonym: the audit log's, and the one deletion records keep."""
    return audit.user_tag(svc, user_id)


def request_deletion(
    svc: Services,
    user_id: UserId,
    password: str,
    ctx: RequestContext,
    requested_by: RequestedBy = "self",
) -> DeletionStatus:
    """Record a deletion request after checking the current password; 409 if one is open."""
    with svc.uow(auth.CHECK_PASSWORD, subject=user_id, readonly=True) as uow:
        user = uow.get(Accounts).get(user_id)
    if user is None:
        raise NotAuthenticated()
    if not svc.hasher.verify(user.password_hash, password):
        _audit_alone(svc, user_id, "refused", ctx, reason="password")
        raise AuthenticationFailed("deletion.password_wrong")
    return record_request(svc, user_id, ctx, requested_by)


def record_request(
    svc: Services,
    user_id: UserId,
    ctx: RequestContext,
    requested_by: RequestedBy,
    *,
    actor: str | None = None,
    **details: str,
) -> DeletionStatus:
    """Record the request of an account whose holder was identified; 409 if one is open.

    `actor` is who asked, for the audit log (the account itself unless staff asked for it);
    `details` add to the audit entry (how staff confirmed who the holder is).
    """
    now = svc.clock.now()
    deadline = deletion_deadline(now)
    if deadline.estimated_years:
        log.warning(
            "no PRC holiday schedule for %s: deletion deadline counted Monday to Friday",
            ", ".join(map(str, deadline.estimated_years)),
        )
    request = DeletionRequest(
        id=secrets.token_hex(16),
        user_ref=user_ref(svc, user_id),
        account_id=user_id,
        state="requested",
        requested_by=requested_by,
        channel=ctx.channel,
        requested_at=now,
        deadline=deadline.day,
        erase_after=erase_after(now, deadline),
        scheduled_at=None,
        erasing_at=None,
        erased_at=None,
        cancelled_at=None,
        receipt_id=new_receipt_id(),
    )
    try:
        with svc.uow(WRITE, subject=user_id) as uow:
            records = uow.get(DeletionRecords)
            if records.open_for(user_id) is not None:
                raise Conflict("deletion.already_requested")
            records.add(request)
            _audit(
                uow,
                svc,
                request,
                "requested",
                ctx,
                actor=actor,
                requested_by=requested_by,
                **details,
            )
            uow.commit()
    except DuplicateRow as exc:  # a concurrent request for the same account won
        raise Conflict("deletion.already_requested") from exc
    return DeletionStatus(request, on_hold=False, now=now)


def status(svc: Services, user_id: UserId) -> DeletionStatus | None:
    """The account's open request, else its latest one, else None."""
    with svc.uow(READ, subject=user_id, readonly=True) as uow:
        records = uow.get(DeletionRecords)
        request = records.open_for(user_id) or records.latest_for(user_id)
        held = request is not None and bool(records.active_holds(request.user_ref))
    if request is None:
        return None
    return DeletionStatus(request, on_hold=held, now=svc.clock.now())


def cancel(svc: Services, user_id: UserId, ctx: RequestContext) -> DeletionStatus:
    """Cancel the open request; refused (409) once erasure has begun."""
    now = svc.clock.now()
    with svc.uow(WRITE, subject=user_id) as uow:
        records = uow.get(DeletionRecords)
        request = records.open_for(user_id)
        if request is None:
            raise NotFound("deletion.none")
        next_state(request.state, "cancelled")
        if not records.move(request.id, request.state, "cancelled", now):
            raise Conflict("deletion.cannot_cancel", state="erasing")  # the worker began
        _audit(uow, svc, request, "cancelled", ctx)
        uow.commit()
    cancelled = dataclasses.replace(request, state="cancelled", cancelled_at=now)
    return DeletionStatus(cancelled, on_hold=False, now=now)


# -- receipts --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReceiptView:
    """What a receipt URL shows: no personal data, only what happened and when."""

    receipt_id: str
    state: ShownState
    requested_at: datetime
    deadline: date
    erased_at: datetime | None
    summary: dict[str, Any] | None
    notices: tuple[tuple[str, datetime | None], ...]  # (recipient, acknowledged at)


def receipt(svc: Services, receipt_id: str) -> ReceiptView:
    with svc.uow(READ, readonly=True) as uow:
        records = uow.get(DeletionRecords)
        request = records.by_receipt(receipt_id) if len(receipt_id) == 43 else None
        if request is None:
            raise NotFound("deletion.receipt_not_found")
        held = bool(records.active_holds(request.user_ref))
        stored = uow.get(Receipts).get(receipt_id)
        notices = tuple((m.recipient, m.acknowledged_at) for m in records.messages_for(request.id))
    return ReceiptView(
        receipt_id=receipt_id,
        state=DeletionStatus(request, held, svc.clock.now()).state,
        requested_at=request.requested_at,
        deadline=request.deadline,
        erased_at=request.erased_at,
        summary=None if stored is None else json.loads(stored.summary),
        notices=notices,
    )


# -- legal holds and the support queue -------------------------------------------------------


def is_under_legal_hold(svc: Services, user_id: UserId) -> bool:
    """Whether a legal hold freezes this account's data (its erasure waits)."""
    with svc.uow(READ, subject=user_id, readonly=True) as uow:
        return bool(uow.get(DeletionRecords).active_holds(user_ref(svc, user_id)))


def place_hold(svc: Services, ref: str, reason: str, set_by: str) -> int:
    """Freeze the data of the account with pseudonym `ref`; returns the hold's id."""
    with svc.uow(WRITE) as uow:
        hold = uow.get(DeletionRecords).add_hold(ref, reason, set_by, svc.clock.now())
        audit.record(uow, svc, _hold_event("placed", ref, set_by, hold=hold))
        uow.commit()
    return hold


def release_hold(svc: Services, ref: str, released_by: str) -> int:
    """Release every active hold on `ref`; a waiting erasure proceeds at the next run."""
    with svc.uow(WRITE) as uow:
        released = uow.get(DeletionRecords).release_holds(ref, released_by, svc.clock.now())
        audit.record(uow, svc, _hold_event("released", ref, released_by, released=released))
        uow.commit()
    return released


def _hold_event(verb: str, ref: str, by: str, **details: int) -> AuditEvent:
    return AuditEvent(
        action=f"privacy:legal_hold:{verb}", subject=ref, details={"by": by[:64], **details}
    )


@dataclass(frozen=True)
class QueueRow:
    request: DeletionRequest
    on_hold: bool
    pending_notices: int


def queue(svc: Services, limit: int = 500) -> list[QueueRow]:
    """Open requests, oldest first, then closed ones whose partners have not all confirmed."""
    with svc.uow(READ, readonly=True) as uow:
        records = uow.get(DeletionRecords)
        held = records.held_refs()
        requests = records.in_states("requested", "scheduled", "erasing", limit=limit)
        requests += records.with_pending_notices(limit)
        return [QueueRow(r, r.user_ref in held, records.pending_count(r.id)) for r in requests]


# -- audit -----------------------------------------------------------------------------------


def _audit(
    uow: UnitOfWork,
    svc: Services,
    request: DeletionRequest,
    verb: str,
    ctx: RequestContext,
    *,
    actor: str | None = None,
    **details: str,
) -> None:
    audit.record(
        uow,
        svc,
        AuditEvent(
            action=f"privacy:deletion:{verb}",
            actor=actor or request.user_ref,
            subject=request.user_ref,
            client=audit.client_tag(svc, ctx),
            details={
                "request": request.id,
                "deadline": request.deadline.isoformat(),
                "channel": ctx.channel,
                **details,
            },
        ),
    )


def _audit_alone(
    svc: Services, user_id: UserId, verb: str, ctx: RequestContext, **details: str
) -> None:
    tag = user_ref(svc, user_id)
    audit.record_alone(
        svc,
        AuditEvent(
            action=f"privacy:deletion:{verb}",
            outcome="failure",
            actor=tag,
            subject=tag,
            client=audit.client_tag(svc, ctx),
            details={"channel": ctx.channel, **details},
        ),
    )
