"""The staff API: disclosure requests from filing to the ledger (5.0, 5a-5g, 3x-c; D4).

The same use cases as the console (`service_layer.disclosure_requests`), reached with a staff
session token in `Authorization: Bearer <token>` (never a cookie, so no CSRF). A user's token
is not a staff token. Every refusal is the service layer's own, audited there.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request, Response
from pydantic import BaseModel, Field

from jobexp.domain.disclosure_requests import Filing
from jobexp.entrypoints.api.schemas import ErrorResponse, Strict, Text
from jobexp.entrypoints.principal import StaffBearer
from jobexp.entrypoints.requests import request_context, services
from jobexp.entrypoints.security import bearer_token
from jobexp.service_layer import disclosure_requests, staff
from jobexp.service_layer.disclosure_requests import RequestView
from jobexp.types import UserId

router = APIRouter(prefix="/api/v1/staff", tags=["staff"])
HEX_ID = r"^[0-9a-f]{1,32}$"
RequestId = Annotated[str, Path(min_length=1, max_length=32, pattern=HEX_ID)]
Category = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[a-z_]+$")]


def _errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    return {code: {"model": ErrorResponse} for code in (400, 401, 413, 422, *codes)}


# -- Sessions -------------------------------------------------------------------------------


class StaffLoginIn(Strict):
    email: Text = Field(min_length=1, max_length=254)
    password: Text = Field(min_length=1, max_length=128)


class StaffSessionOut(BaseModel):
    token: str = Field(description="Send as Authorization: Bearer <token>")
    token_type: Literal["bearer"] = "bearer"  # noqa: S105 (a scheme name)
    expires_at: datetime = Field(description="The absolute end; 30 minutes idle ends it sooner")


@router.post("/sessions", status_code=201, response_model=StaffSessionOut, responses=_errors(429))
def log_in(body: StaffLoginIn, request: Request) -> StaffSessionOut:
    """Open a staff session (throttled; failures are audited)."""
    svc = services(request)
    login = staff.log_in(svc, body.email, body.password, request_context(request, "api"))
    return StaffSessionOut(token=login.token, expires_at=login.expires_at)


@router.delete("/sessions", status_code=204, responses=_errors())
def log_out(request: Request, _member: StaffBearer) -> Response:
    """End the staff session whose token is presented."""
    token = bearer_token(request)
    assert token is not None  # StaffBearer refused a request without one
    staff.log_out(services(request), token)
    return Response(status_code=204)


# -- Disclosure requests --------------------------------------------------------------------


class FilingIn(Strict):
    user_id: UserId = Field(min_length=1, max_length=32, pattern=HEX_ID)
    recipient: Text = Field(
        min_length=1,
        max_length=200,
        description="A declared recipient's id (5a, 5b), else the authority or person's name",
    )
    basis: Text = Field(min_length=1, max_length=4, description="Exactly one of 5a-5g")
    categories: list[Category] = Field(min_length=1, max_length=20)
    recipient_region: str = Field(
        default="CN", pattern=r"^[A-Za-z]{2}$", description="ISO 3166-1 alpha-2"
    )
    reference: Text = Field(
        default="", max_length=300, description="5b service request, 5c/5e reference"
    )
    authority: Text = Field(default="", max_length=200, description="5c: the authority's name")
    violation_id: str = Field(default="", max_length=32, pattern=r"^[0-9a-f]*$")
    citation: Text = Field(
        default="", max_length=4000, description="5g: the law or rule, 20+ characters"
    )
    prc_approval: Text = Field(
        default="", max_length=300, description="A foreign authority: the PRC approval"
    )
    hold_until: date | None = Field(
        default=None, description="5c, 5d, 5g: the user is not told until this day"
    )


class RequestOut(BaseModel):
    id: str
    status: Literal["filed", "approved", "refused", "executed"]


class RequestDetailOut(BaseModel):
    id: str
    user_id: UserId
    recipient: str
    recipient_region: str
    basis: str
    purpose: str
    categories: list[str]
    reference: str
    status: Literal["filed", "approved", "refused", "executed"]
    requested_by: str
    requested_at: datetime
    decided_by: str | None
    decision_note: str | None
    hold_until: date | None


class RequestPageOut(BaseModel):
    items: list[RequestDetailOut]
    page: int
    pages: int


class DecisionIn(Strict):
    approve: bool
    note: Text = Field(default="", max_length=500, description="Required when refusing")


class ExecutedOut(BaseModel):
    id: str
    status: Literal["executed"] = "executed"
    seq: int = Field(description="The disclosure ledger entry's sequence number")


class ViolationIn(Strict):
    user_id: UserId = Field(min_length=1, max_length=32, pattern=HEX_ID)
    rule: Text = Field(min_length=1, max_length=300)
    description: Text = Field(min_length=1, max_length=4000)
    action: Text = Field(min_length=1, max_length=300, description="The action taken")


class ViolationOut(BaseModel):
    id: str


def _detail(view: RequestView) -> RequestDetailOut:
    return RequestDetailOut(
        **{k: v for k, v in view.__dict__.items() if k != "categories"},
        categories=list(view.categories),
    )


@router.get("/disclosures", response_model=RequestPageOut, responses=_errors(403))
def pending(
    request: Request, member: StaffBearer, page: Annotated[int, Query(ge=1, le=100_000)] = 1
) -> RequestPageOut:
    """Requests waiting for a decision or to be executed, newest first."""
    views, pages = disclosure_requests.pending(services(request), member, page)
    return RequestPageOut(items=[_detail(v) for v in views], page=min(page, pages), pages=pages)


@router.post(
    "/disclosures",
    status_code=201,
    response_model=RequestOut,
    responses=_errors(403, 404),
)
def file(body: FilingIn, request: Request, member: StaffBearer) -> RequestOut:
    """File a request under one basis; its conditions and categories are checked first."""
    filing = Filing(
        user_id=body.user_id,
        recipient=body.recipient,
        basis=body.basis,
        categories=tuple(dict.fromkeys(body.categories)),
        recipient_region=body.recipient_region.upper(),
        reference=body.reference,
        authority=body.authority,
        violation_id=body.violation_id,
        citation=body.citation,
        prc_approval=body.prc_approval,
        hold_until=body.hold_until,
    )
    request_id = disclosure_requests.file(services(request), member, filing)
    return RequestOut(id=request_id, status="filed")


@router.get(
    "/disclosures/{request_id}", response_model=RequestDetailOut, responses=_errors(403, 404)
)
def get(request_id: RequestId, request: Request, member: StaffBearer) -> RequestDetailOut:
    """One disclosure request, whatever its state."""
    return _detail(disclosure_requests.get(services(request), member, request_id))


@router.post(
    "/disclosures/{request_id}/decision",
    response_model=RequestOut,
    responses=_errors(403, 404, 409),
)
def decide(
    request_id: RequestId, body: DecisionIn, request: Request, member: StaffBearer
) -> RequestOut:
    """Approve or refuse a filed request (privacy officers; 5g never by its requester)."""
    disclosure_requests.decide(services(request), member, request_id, body.approve, body.note)
    return RequestOut(id=request_id, status="approved" if body.approve else "refused")


@router.post(
    "/disclosures/{request_id}/execute",
    response_model=ExecutedOut,
    responses=_errors(403, 404, 409),
)
def execute(request_id: RequestId, request: Request, member: StaffBearer) -> ExecutedOut:
    """Disclose an approved request: the purpose check, then the ledger entry."""
    seq = disclosure_requests.execute(services(request), member, request_id)
    return ExecutedOut(id=request_id, seq=seq)


@router.post(
    "/violations", status_code=201, response_model=ViolationOut, responses=_errors(403, 404)
)
def record_violation(body: ViolationIn, request: Request, member: StaffBearer) -> ViolationOut:
    """Record a violation of law or platform rules about a user and the action taken (3x-c)."""
    violation_id = disclosure_requests.record_violation(
        services(request),
        member,
        body.user_id,
        rule=body.rule,
        description=body.description,
        action=body.action,
    )
    return ViolationOut(id=violation_id)
