"""Privacy-center pages: who received my data, and reporting a leak (5.0, 8b; D4, D16)."""

from __future__ import annotations

from math import ceil
from typing import Annotated

from fastapi import APIRouter, Form, Request
from starlette.responses import Response

from jobexp.domain.errors import DomainError
from jobexp.entrypoints.disclosure_views import disclosure_row, notice_row
from jobexp.entrypoints.requests import request_context, request_locale, services
from jobexp.entrypoints.web.pages import redirect, render, signed_in
from jobexp.i18n import translate
from jobexp.service_layer import accounts, incidents, ledger
from jobexp.service_layer.auth import Principal

__all__ = ["router"]

router = APIRouter(include_in_schema=False)
DISCLOSURES = "/privacy-center/disclosures"
REPORT_LEAK = "/privacy-center/report-leak"
PAGE_SIZE = 20


@router.get(DISCLOSURES)
def disclosures_page(request: Request, page: int = 1) -> Response:
    principal = signed_in(request, DISCLOSURES)
    if isinstance(principal, Response):
        return principal
    svc = services(request)
    policy = svc.policies.published().current.policy
    locale = request_locale(request)
    entries = ledger.history(svc, principal.user_id)
    pages = max(1, ceil(len(entries) / PAGE_SIZE))
    number = min(max(page, 1), pages)
    shown = entries[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]
    context = {
        "rows": [disclosure_row(policy, e, locale) for e in shown],
        "page": number,
        "pages": pages,
        "time_zone": accounts.profile(svc, principal.user_id).time_zone,
    }
    return render(request, "disclosures.html", context)


@router.get(REPORT_LEAK)
def leak_page(request: Request) -> Response:
    principal = signed_in(request, REPORT_LEAK)
    if isinstance(principal, Response):
        return principal
    return _leak_page(request, principal)


@router.post(REPORT_LEAK)
def report_leak(
    request: Request,
    description: Annotated[str, Form(max_length=4000)] = "",
    csrf_token: Annotated[str | None, Form(max_length=1024)] = None,
) -> Response:
    principal = signed_in(request, REPORT_LEAK, csrf=csrf_token)
    if isinstance(principal, Response):
        return principal
    try:
        incidents.report_leak(
            services(request), principal.user_id, description, request_context(request, "web")
        )
    except DomainError as exc:
        error = translate(exc.message_key, request_locale(request), **exc.params)
        return _leak_page(request, principal, error=error, status=422)
    return redirect(f"{REPORT_LEAK}?sent=1")


def _leak_page(
    request: Request, principal: Principal, *, error: str | None = None, status: int = 200
) -> Response:
    svc = services(request)
    policy = svc.policies.published().current.policy
    locale = request_locale(request)
    context = {
        "notices": [
            notice_row(policy, n, locale) for n in incidents.notices_for(svc, principal.user_id)
        ],
        "sent": request.query_params.get("sent") == "1" and error is None,
        "error": error,
        "time_zone": accounts.profile(svc, principal.user_id).time_zone,
    }
    return render(request, "report_leak.html", context, status=status)
