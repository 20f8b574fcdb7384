"""API routes of the privacy center: consents and policy acceptance."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request, Response

from jobexp.entrypoints.api.privacy_schemas import (
    ConsentEventOut,
    ConsentIn,
    ConsentOut,
    PolicyAcceptIn,
    PolicyReleaseOut,
    PolicyStatusOut,
)
from jobexp.entrypoints.api.schemas import ErrorResponse
from jobexp.entrypoints.principal import ApiUser, api_user
from jobexp.entrypoints.requests import request_context, request_locale, services
from jobexp.entrypoints.security import remembered_notice
from jobexp.service_layer import consents, policy_updates
from jobexp.service_layer.consents import ConsentStatus
from jobexp.service_layer.context import Services
from jobexp.service_layer.policy_releases import Release

router = APIRouter(prefix="/api/v1", tags=["privacy"])


def _errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    return {code: {"model": ErrorResponse} for code in (400, 401, 413, 422, *codes)}


def consent_out(svc: Services, status: ConsentStatus, locale: str) -> ConsentOut:
    policy = svc.policies.published().current.policy
    option = status.option
    purpose = policy.purpose(option.purpose)
    recipient = None if option.recipient is None else policy.recipient(option.recipient)
    return ConsentOut(
        purpose=option.purpose,
        purpose_name=purpose.name.in_locale(locale),
        recipient=option.recipient,
        recipient_name=None if recipient is None else recipient.name.in_locale(locale),
        categories=list(option.categories),
        legal_basis=purpose.legal_basis or "",
        decision=status.decision,
        decided_at=status.decided_at,
        policy_version=status.policy_version,
    )


@router.get("/me/consents", response_model=list[ConsentOut], responses=_errors(403))
def list_consents(request: Request, principal: ApiUser) -> list[ConsentOut]:
    """Every consent JobExp may ask for, with this user's current decision."""
    svc = services(request)
    locale = request_locale(request)
    return [consent_out(svc, s, locale) for s in consents.statuses(svc, principal.user_id)]


@router.post("/me/consents", response_model=ConsentOut, responses=_errors(403, 404))
def decide_consent(body: ConsentIn, request: Request, principal: ApiUser) -> ConsentOut:
    """Give, withdraw or refuse one consent: one step each, effective immediately."""
    svc = services(request)
    status = consents.decide(
        svc,
        principal.user_id,
        (body.purpose, body.recipient, body.decision),
        request_context(request, "api"),
    )
    return consent_out(svc, status, request_locale(request))


@router.get("/me/consents/history", response_model=list[ConsentEventOut], responses=_errors(403))
def consent_history(request: Request, principal: ApiUser) -> list[ConsentEventOut]:
    events = consents.history(services(request), principal.user_id)
    return [ConsentEventOut(**e.__dict__) for e in events]


def release_out(release: Release) -> PolicyReleaseOut:
    return PolicyReleaseOut(
        seq=release.seq,
        version=release.version,
        label=release.label,
        kind=release.kind,
        published_at=release.published_at,
        affected_purposes=sorted(release.affected),
    )


@router.get(
    "/me/policy",
    response_model=PolicyStatusOut,
    responses=_errors(403),
    dependencies=[Depends(api_user)],
)
def policy_status(request: Request) -> PolicyStatusOut:
    """The policy in force, and whether this user still has an update to accept."""
    svc = services(request)
    notice = remembered_notice(request)  # read with the session, in the same transaction
    return PolicyStatusOut(
        current=release_out(svc.policies.published().current),
        pending=None if notice is None else notice.kind,
        blocked_purposes=[] if notice is None else sorted(notice.affected),
    )


@router.post(
    "/me/policy/acceptance", status_code=204, responses=_errors(403, 409), response_class=Response
)
def accept_policy(body: PolicyAcceptIn, request: Request, principal: ApiUser) -> Response:
    """Accept the policy in force (the version named must be the current one)."""
    policy_updates.accept(
        services(request), principal.user_id, body.version, request_context(request, "api")
    )
    return Response(status_code=204)
