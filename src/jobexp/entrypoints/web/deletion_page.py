"""The privacy center's account deletion page, and the public deletion receipt (clause 10, D7).

Same conventions as the consent pages: signed in, a CSRF token on every form, the outcome
shown after a See Other redirect, refusals shown on the page with their status code, and
times in the user's own time zone.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Form, Request
from starlette.responses import Response

from jobexp.domain.errors import DomainError
from jobexp.entrypoints.errors import status_of
from jobexp.entrypoints.principal import page_user
from jobexp.entrypoints.requests import request_context, request_locale, services
from jobexp.entrypoints.web.pages import on_refusal, redirect, refusal_message, render
from jobexp.service_layer import accounts, deletion
from jobexp.service_layer.auth import Principal

__all__ = ["router"]

router = APIRouter(include_in_schema=False)
PAGE = "/privacy-center/deletion"
CANCEL = "/privacy-center/deletion/cancel"
RECEIPT = "/deletion-receipts/{receipt_id}"
FormText = Annotated[str, Form(max_length=1024)]
User = Annotated[Principal, page_user(PAGE)]


def remaining_parts(left: timedelta) -> dict[str, int]:
    """Days, hours and minutes left (zero once overdue), for the page's countdown."""
    minutes = max(0, int(left.total_seconds()) // 60)
    return {"days": minutes // 1440, "hours": minutes % 1440 // 60, "minutes": minutes % 60}


@router.get(PAGE)
def deletion_page(request: Request, principal: User) -> Response:
    return _page(request, principal)


@router.post(PAGE)
def request_deletion(request: Request, principal: User, password: FormText) -> Response:
    on_refusal(request, lambda exc: _page(request, principal, error=exc))
    deletion.request_deletion(
        services(request), principal.user_id, password, request_context(request, "web")
    )
    return redirect(f"{PAGE}?done=requested")


@router.post(CANCEL)
def cancel_deletion(request: Request, principal: User) -> Response:
    on_refusal(request, lambda exc: _page(request, principal, error=exc))
    deletion.cancel(services(request), principal.user_id, request_context(request, "web"))
    return redirect(f"{PAGE}?done=cancelled")


def _page(request: Request, principal: Principal, *, error: DomainError | None = None) -> Response:
    svc = services(request)
    status = deletion.status(svc, principal.user_id)
    done = request.query_params.get("done") if error is None else None
    remaining = None if status is None else status.remaining
    context = {
        "status": status,
        "time_zone": accounts.profile(svc, principal.user_id).time_zone,
        "remaining": None if remaining is None else remaining_parts(remaining),
        "overdue": status is not None and status.request.overdue(status.now),
        "done": done if done in {"requested", "cancelled"} else None,
        "error": None if error is None else refusal_message(request, error),
    }
    code = 200 if error is None else status_of(error)
    return render(request, "deletion.html", context, status=code)


@router.get(RECEIPT)
def receipt_page(request: Request, receipt_id: str) -> Response:
    """Anyone holding the unguessable id may see it: it names no one."""
    view = deletion.receipt(services(request), receipt_id[:64])
    policy = services(request).policies.published().current.policy
    locale = request_locale(request)
    categories = []
    if view.summary is not None:
        names = {c.id: c.name.in_locale(locale) for c in policy.categories}
        categories = [names.get(c, c) for c in view.summary["categories"]]
    rows = sum(view.summary["rows"].values()) if view.summary else 0
    recipients = {r.id: r.name.in_locale(locale) for r in policy.recipients}
    notices = [(recipients.get(r, r), at) for r, at in view.notices]
    context = {"view": view, "categories": categories, "rows": rows, "notices": notices}
    return render(request, "deletion_receipt.html", context)
