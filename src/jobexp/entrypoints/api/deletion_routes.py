"""API routes of account deletion (clause 10, D7): request, follow, cancel; the receipt.

Only the signed-in user's own account can be named, by their session: no route takes an
account id, and a body with any field beyond the password is refused (422).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request

from jobexp.domain.errors import NotFound
from jobexp.entrypoints.api.deletion_schemas import (
    DeletionIn,
    DeletionOut,
    PartnerNoticeOut,
    ReceiptOut,
)
from jobexp.entrypoints.api.schemas import ErrorResponse
from jobexp.entrypoints.principal import ApiUser
from jobexp.entrypoints.requests import request_context, services
from jobexp.service_layer import deletion
from jobexp.service_layer.deletion import DeletionStatus, ReceiptView

__all__ = ["RECEIPT_PAGE", "router"]

router = APIRouter(prefix="/api/v1", tags=["deletion"])
# 256 random bits, URL-safe base64 (secrets.token_urlsafe(32)).
ReceiptId = Annotated[str, Path(min_length=43, max_length=43, pattern=r"^[A-Za-z0-9_-]{43}$")]
RECEIPT_PAGE = "/deletion-receipts"


def _errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    return {code: {"model": ErrorResponse} for code in (400, 401, 413, 422, *codes)}


def deletion_out(status: DeletionStatus) -> DeletionOut:
    request = status.request
    remaining = status.remaining
    return DeletionOut(
        state=status.state,
        requested_at=request.requested_at,
        requested_by=request.requested_by,
        deadline=request.deadline,
        deadline_ends_at=request.deadline_ends_at,
        remaining_seconds=None if remaining is None else int(remaining.total_seconds()),
        overdue=request.overdue(status.now),
        erase_after=request.erase_after,
        cancellable=request.cancellable,
        cancelled_at=request.cancelled_at,
        erased_at=request.erased_at,
        receipt_id=request.receipt_id,
        receipt_url=f"{RECEIPT_PAGE}/{request.receipt_id}",
    )


@router.post(
    "/me/deletion", status_code=202, response_model=DeletionOut, responses=_errors(403, 409)
)
def request_deletion(body: DeletionIn, request: Request, principal: ApiUser) -> DeletionOut:
    """Ask for this account to be deleted, confirming with the current password.

    Erasure begins after a 24-hour window to cancel and completes within 3 PRC working days.
    """
    status = deletion.request_deletion(
        services(request), principal.user_id, body.password, request_context(request, "api")
    )
    return deletion_out(status)


@router.get("/me/deletion", response_model=DeletionOut, responses=_errors(403, 404))
def deletion_status(request: Request, principal: ApiUser) -> DeletionOut:
    """The open deletion request (else the latest one): state, deadline and time left."""
    status = deletion.status(services(request), principal.user_id)
    if status is None:
        raise NotFound("deletion.none")
    return deletion_out(status)


@router.delete("/me/deletion", response_model=DeletionOut, responses=_errors(403, 404, 409))
def cancel_deletion(request: Request, principal: ApiUser) -> DeletionOut:
    """Cancel the open deletion request; refused (409) once erasure has begun."""
    status = deletion.cancel(services(request), principal.user_id, request_context(request, "api"))
    return deletion_out(status)


def receipt_out(view: ReceiptView) -> ReceiptOut:
    return ReceiptOut(
        receipt_id=view.receipt_id,
        state=view.state,
        requested_at=view.requested_at,
        deadline=view.deadline,
        erased_at=view.erased_at,
        summary=view.summary,
        partners=[PartnerNoticeOut(recipient=r, acknowledged_at=at) for r, at in view.notices],
    )


@router.get("/deletion-receipts/{receipt_id}", response_model=ReceiptOut, responses=_errors(404))
def deletion_receipt(receipt_id: ReceiptId, request: Request) -> ReceiptOut:
    """A deletion receipt by its unguessable id: what was erased and when, no personal data."""
    return receipt_out(deletion.receipt(services(request), receipt_id))
