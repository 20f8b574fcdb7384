"""Account deletion from the support console: the queue, and requests on a user's behalf.

Staff may file a deletion request for a user who asked through another channel (a call, a
letter), stating how they confirmed who the user is; the request then runs exactly as the
user's own (clause 10, D7). The queue shows every open request with its deadline, the time
left and whether it is overdue or frozen by a legal hold.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from jobexp.domain.errors import InvalidInput
from jobexp.domain.staff import StaffMember, require
from jobexp.service_layer import auth, deletion
from jobexp.service_layer.context import RequestContext, Services
from jobexp.service_layer.data_keys import require_account
from jobexp.service_layer.staff import staff_tag
from jobexp.types import UserId

__all__ = ["PER_PAGE", "QueuePage", "queue_page", "request_for_user"]

PER_PAGE = 20
QUEUE_LIMIT = 2000  # open requests are few: each is erased within three working days
MIN_VERIFICATION = 10


@dataclass(frozen=True)
class QueuePage:
    rows: list[deletion.QueueRow]
    page: int
    pages: int


def queue_page(svc: Services, member: StaffMember, page: int = 1) -> QueuePage:
    """One page of the deletion queue, oldest request first."""
    require(member, "deletion.manage")
    rows = deletion.queue(svc, limit=QUEUE_LIMIT)
    pages = max(1, math.ceil(len(rows) / PER_PAGE))
    page = min(max(page, 1), pages)
    return QueuePage(rows[(page - 1) * PER_PAGE : page * PER_PAGE], page, pages)


def request_for_user(
    svc: Services, member: StaffMember, user_id: UserId, verification: str, ctx: RequestContext
) -> deletion.DeletionStatus:
    """File a deletion request on the user's behalf; 404 for no such account, 409 if open."""
    require(member, "deletion.manage")
    how = " ".join(verification.split())
    if len(how) < MIN_VERIFICATION:
        raise InvalidInput("deletion.staff_verification_needed", min=MIN_VERIFICATION)
    with svc.uow(auth.CHECK_PASSWORD, subject=user_id, readonly=True) as uow:
        require_account(uow, user_id)
    return deletion.record_request(
        svc,
        user_id,
        ctx,
        "staff",
        actor=staff_tag(svc, member.id),
        verification=how[:300],
    )
