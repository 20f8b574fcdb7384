"""API routes: thin adapters from HTTP to the service layer."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from jobexp.domain.devices import DeviceFacts
from jobexp.entrypoints.api import me
from jobexp.entrypoints.api.schemas import (
    AccountOut,
    DeviceLoginIn,
    DeviceTokenOut,
    DocumentsOut,
    ErrorResponse,
    LoginIn,
    PasswordChangeIn,
    PasswordChangeOut,
    SessionInfo,
    SessionOut,
    SignUpIn,
)
from jobexp.entrypoints.presenters import account_out
from jobexp.entrypoints.principal import ApiUser
from jobexp.entrypoints.requests import request_context, services
from jobexp.entrypoints.web_session import end_browser_session, start_browser_session
from jobexp.service_layer import accounts, auth

router = APIRouter(prefix="/api/v1")


RETRY_AFTER = {
    "Retry-After": {
        "description": "Seconds until another attempt is allowed",
        "schema": {"type": "integer"},
    }
}


def _errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    responses: dict[int | str, dict[str, Any]] = {
        code: {"model": ErrorResponse} for code in (400, 413, 422, *codes)
    }
    if 429 in responses:
        responses[429]["headers"] = RETRY_AFTER
    return responses


@router.get("/documents", response_model=DocumentsOut, responses=_errors(), tags=["documents"])
def documents(request: Request) -> DocumentsOut:
    """The versions (content hashes) a sign-up must accept."""
    docs = services(request).documents
    return DocumentsOut(
        privacy_policy=docs.privacy_policy, service_agreement=docs.service_agreement
    )


@router.post(
    "/accounts",
    status_code=201,
    response_model=AccountOut,
    responses=_errors(409),
    tags=["accounts"],
)
def sign_up(body: SignUpIn, request: Request) -> AccountOut:
    svc = services(request)
    user_id = accounts.sign_up(svc, to_sign_up(body), request_context(request, "api"))
    return account_out(accounts.profile(svc, user_id))


def to_sign_up(body: SignUpIn) -> accounts.SignUp:
    guardian = body.guardian
    return accounts.SignUp(
        identifier=body.identifier,
        password=body.password,
        birth_date=body.birth_date,
        service_agreement_version=body.accept_service_agreement,
        privacy_policy_version=body.accept_privacy_policy,
        guardian=None
        if guardian is None
        else accounts.GuardianConsent(
            guardian.name, guardian.contact, guardian.relationship, guardian.consents
        ),
        locale=body.locale,
        time_zone=body.time_zone,
    )


@router.post(
    "/sessions",
    status_code=201,
    response_model=SessionOut,
    responses=_errors(401, 429),
    tags=["sessions"],
)
def log_in(body: LoginIn, request: Request, response: Response) -> SessionOut:
    """Browser login: sets the session cookie and returns the CSRF token for it."""
    result, csrf = start_browser_session(request, response, body.identifier, body.password, "api")
    return SessionOut(expires_at=result.expires_at, csrf_token=csrf)


@router.delete("/sessions/current", status_code=204, responses=_errors(401, 403), tags=["sessions"])
def log_out(request: Request, principal: ApiUser, response: Response) -> Response:
    auth.log_out(services(request), principal, request_context(request, "api"))
    end_browser_session(request, response)
    response.status_code = 204
    return response


router.add_api_route(
    "/me",
    me.me,
    methods=["GET"],
    response_model=AccountOut,
    responses=_errors(401),
    tags=["accounts"],
    summary="The signed-in user's account",
)


@router.get(
    "/me/sessions", response_model=list[SessionInfo], responses=_errors(401), tags=["sessions"]
)
def my_sessions(request: Request, principal: ApiUser) -> list[SessionInfo]:
    return [
        SessionInfo(
            id=s.id,
            kind=s.kind,
            created_at=s.created_at,
            expires_at=s.expires_at(),
            current=s.id == principal.session_id,
        )
        for s in auth.live_sessions(services(request), principal.user_id)
    ]


@router.post(
    "/me/password",
    response_model=PasswordChangeOut,
    responses=_errors(401, 403),
    tags=["accounts"],
)
def change_password(
    body: PasswordChangeIn, request: Request, principal: ApiUser
) -> PasswordChangeOut:
    ended = auth.change_password(
        services(request),
        principal,
        body.current_password,
        body.new_password,
        request_context(request, "api"),
    )
    return PasswordChangeOut(ended_sessions=ended)


@router.post(
    "/devices/register",
    status_code=201,
    response_model=DeviceTokenOut,
    responses=_errors(401, 429),
    tags=["devices"],
)
def register_device(body: DeviceLoginIn, request: Request) -> DeviceTokenOut:
    """Register this device to the account and open a device session (bearer token)."""
    return _device_login(body, request, register=True)


@router.post(
    "/devices/login",
    response_model=DeviceTokenOut,
    responses=_errors(401, 404, 429),
    tags=["devices"],
)
def device_login(body: DeviceLoginIn, request: Request) -> DeviceTokenOut:
    """Open a new session for a device registered before."""
    return _device_login(body, request, register=False)


def _device_login(body: DeviceLoginIn, request: Request, *, register: bool) -> DeviceTokenOut:
    facts = DeviceFacts(body.device.device_id, body.device.network_code, body.device.country_code)
    result = auth.log_in(
        services(request),
        auth.Credentials(body.identifier, body.password),
        request_context(request, "device"),
        device=facts,
        register_device=register,
    )
    return DeviceTokenOut(token=result.token, expires_at=result.expires_at)
