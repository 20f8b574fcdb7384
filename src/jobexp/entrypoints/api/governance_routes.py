"""API routes for disclosures, leak reports and partners (5.0, 8b, 4a, 4b; D4, D14, D16)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from pydantic import BaseModel, Field

from jobexp.entrypoints.api.schemas import ErrorResponse, Strict, Text
from jobexp.entrypoints.disclosure_views import disclosure_row, notice_row
from jobexp.entrypoints.principal import ApiUser
from jobexp.entrypoints.requests import request_context, request_locale, services
from jobexp.entrypoints.security import bearer_token
from jobexp.service_layer import incidents, ledger, partners
from jobexp.types import UserId

router = APIRouter(prefix="/api/v1", tags=["disclosures"])
CATEGORY_LIST = r"^[a-z_]+(,[a-z_]+)*$"


def _errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    return {code: {"model": ErrorResponse} for code in (400, 401, 413, 422, *codes)}


class DisclosureOut(BaseModel):
    at: datetime
    recipient: str
    recipient_name: str
    purpose: str
    purpose_name: str
    basis: str = Field(description="The policy clause it rests on: 5a-5g")
    basis_name: str
    categories: list[str]
    category_names: list[str]
    fields: list[str]
    reference: str | None
    region: str


class IncidentNoticeOut(BaseModel):
    incident_id: str
    notified_at: datetime
    category_names: list[str]
    cause: str
    harm: str
    remedies: str


class LeakReportIn(Strict):
    description: Text = Field(min_length=1, max_length=4000)


class LeakReportOut(BaseModel):
    id: str
    notices: list[IncidentNoticeOut]


class PartnerDataOut(BaseModel):
    user_id: UserId
    grant_ends: date
    values: dict[str, str | None] = Field(description="Category: value (null: not held)")


@router.get("/me/disclosures", response_model=list[DisclosureOut], responses=_errors(403))
def my_disclosures(request: Request, principal: ApiUser) -> list[DisclosureOut]:
    """Every disclosure of this user's data, newest first (notice-held ones once the hold ends)."""
    svc = services(request)
    policy = svc.policies.published().current.policy
    locale = request_locale(request)
    rows = [disclosure_row(policy, e, locale) for e in ledger.history(svc, principal.user_id)]
    return [
        DisclosureOut(
            **{k: v for k, v in r.__dict__.items() if k != "held_until"}
            | {
                "categories": list(r.categories),
                "category_names": list(r.category_names),
                "fields": list(r.fields),
            }
        )
        for r in rows
    ]


@router.post(
    "/me/incident-reports", status_code=201, response_model=LeakReportOut, responses=_errors(403)
)
def report_leak(body: LeakReportIn, request: Request, principal: ApiUser) -> LeakReportOut:
    """Report a suspected leak of your information; returns the notices you have received."""
    svc = services(request)
    ctx = request_context(request, "api")
    report_id = incidents.report_leak(svc, principal.user_id, body.description, ctx)
    policy = svc.policies.published().current.policy
    locale = request_locale(request)
    notices = [
        IncidentNoticeOut(**notice_row(policy, n, locale).__dict__)
        for n in incidents.notices_for(svc, principal.user_id)
    ]
    return LeakReportOut(id=report_id, notices=notices)


@router.get(
    "/partner/users/{user_id}",
    response_model=PartnerDataOut,
    responses=_errors(403, 404),
    tags=["partners"],
)
def partner_read(
    request: Request,
    user_id: Annotated[str, Path(min_length=1, max_length=32, pattern=r"^[0-9a-f]+$")],
    categories: Annotated[str, Query(min_length=1, max_length=300, pattern=CATEGORY_LIST)],
) -> PartnerDataOut:
    """A partner reads one user's data with its grant's key (Authorization: Bearer <key>).

    Refused at once (401) when the key is unknown or its grant ended or was terminated, and
    (403) for a category outside the grant or without the user's consent; both are audited.
    """
    svc = services(request)
    ctx = request_context(request, "api")
    grant = partners.grant_for_key(svc, bearer_token(request), ctx)
    wanted = tuple(dict.fromkeys(categories.split(",")))
    values = partners.share_with_partner(svc, grant, UserId(user_id), wanted, ctx)
    return PartnerDataOut(user_id=user_id, grant_ends=grant.ends_on, values=values)
