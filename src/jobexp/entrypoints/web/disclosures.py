"""Privacy-center pages: who received my data, and reporting a leak (5.0, 8b; D4, D16)."""

from __future__ import annotations

from math import ceil
from typing import Annotated

from fastapi import APIRouter, Form, Request
from starlette.responses import Response

from jobexp.domain.errors import DomainError
from jobexp.entrypoints.disclosure_views import disclosure_row, notice_row
from jobexp.entrypoints.principal import page_user
from jobexp.entrypoints.requests import request_context, request_locale, services
from jobexp.entrypoints.web.pages import on_refusal, redirect, refusal_message, render
from jobexp.service_layer import accounts, incidents, ledger
from jobexp.service_layer.auth import Principal

__all__ = ["router"]

router = APIRouter(include_in_schema=False)
DISCLOSURES = "/privacy-center/disclosures"
REPORT_LEAK = "/privacy-center/report-leak"
PAGE_SIZE = 20
Reporter = Annotated[Principal, page_user(REPORT_LEAK)]


@router.get(DISCLOSURES)
def disclosures_page(
    request: Request, principal: Annotated[Principal, page_user(DISCLOSURES)], page: int = 1
) -> Response:
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
def leak_page(request: Request, principal: Reporter) -> Response:
    return _leak_page(request, principal)


@router.post(REPORT_LEAK)
def report_leak(
    request: Request,
    principal: Reporter,
    description: Annotated[str, Form(max_length=4000)] = "",
) -> Response:
    def refused(exc: DomainError) -> Response:  # any refusal reads as a problem with the text
        return _leak_page(request, principal, error=refusal_message(request, exc), status=422)

    on_refusal(request, refused)
    ctx = request_context(request, "web")
    incidents.report_leak(services(request), principal.user_id, description, ctx)
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
