"""The support console's deletion queue, and deletion requests filed on a user's behalf.

The queue shows each open request's deadline, the time left and flags overdue requests and
those frozen by a legal hold (clause 10, D7). Filing for a user needs a statement of how
their identity was confirmed, which goes into the audit log with the member's pseudonym.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import Response

from jobexp.domain.staff import StaffMember
from jobexp.entrypoints.principal import ConsoleStaff
from jobexp.entrypoints.requests import request_context, services
from jobexp.entrypoints.web.console import Short, _act, _listing
from jobexp.entrypoints.web.deletion_page import remaining_parts
from jobexp.service_layer import deletion_staff
from jobexp.types import UserId

__all__ = ["router"]

router = APIRouter(include_in_schema=False)
QUEUE = "/console/deletions"


@router.get(QUEUE)
def deletion_queue(request: Request, member: ConsoleStaff, page: int = 1) -> Response:
    return _queue(request, member, None, 200, page)


def _queue(
    request: Request, member: StaffMember, error: str | None, status: int, page: int = 1
) -> Response:
    def read() -> dict[str, Any]:
        svc = services(request)
        found = deletion_staff.queue_page(svc, member, page)
        now = svc.clock.now()
        rows = [
            {
                "row": row,
                "overdue": row.request.overdue(now),
                "left": remaining_parts(row.request.remaining(now))
                if row.request.is_open
                else None,
            }
            for row in found.rows
        ]
        return {"rows": rows, "page": found.page, "pages": found.pages}

    return _listing(request, member, read, "console_deletions.html", error, status)


@router.post(QUEUE)
def request_for_user(
    request: Request, member: ConsoleStaff, user_id: Short, verification: Short
) -> Response:
    ctx = request_context(request, "web")

    def act(member: StaffMember) -> str:
        svc = services(request)
        deletion_staff.request_for_user(svc, member, UserId(user_id.strip()), verification, ctx)
        return f"{QUEUE}?done=deletion_filed"

    return _act(request, member, act, _queue)
