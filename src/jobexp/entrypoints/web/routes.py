"""The pages: home, sign-up, login, logout, account, language choice, documents."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, Form, Request
from starlette.responses import Response

from jobexp.domain.errors import DomainError, InvalidInput, Throttled
from jobexp.entrypoints.errors import status_of
from jobexp.entrypoints.principal import OptionalPageUser, page_user
from jobexp.entrypoints.requests import LANG_COOKIE, request_context, request_locale, services
from jobexp.entrypoints.security import cookie_policy, require_csrf
from jobexp.entrypoints.web.pages import on_refusal, redirect, refusal_message, render, safe_next
from jobexp.entrypoints.web_session import end_browser_session, start_browser_session
from jobexp.i18n import translate
from jobexp.policy.loader import load_service_agreement
from jobexp.service_layer import accounts, auth
from jobexp.types import LOCALES

router = APIRouter(include_in_schema=False)
FormText = Annotated[str, Form(max_length=1024)]
OptionalText = Annotated[str | None, Form(max_length=1024)]
User = Annotated[auth.Principal, page_user("/account")]
# csrf_token is optional in every form so that a missing token meets require_csrf (a clear
# 403) rather than field validation (a 422 about "missing fields").


def _error(request: Request, exc: DomainError) -> str:
    return refusal_message(request, exc)


@router.get("/")
def home(request: Request) -> Response:
    return render(request, "home.html")


LANG_LIFETIME = timedelta(days=365)


@router.get("/lang/{locale}")
def choose_language(request: Request, locale: str, next: str | None = None) -> Response:
    response = redirect(safe_next(next))
    if locale in LOCALES:
        cookie_policy(request).set(response, LANG_COOKIE, locale, LANG_LIFETIME)
    return response


@router.get("/terms")
def terms(request: Request) -> Response:
    text = load_service_agreement(request_locale(request))
    return render(request, "document.html", {"title_key": "terms.title", "text": text})


@router.get("/signup")
def signup_form(request: Request) -> Response:
    return render(request, "signup.html", {"form": {}, "docs": services(request).documents})


@router.post("/signup")
def signup(
    request: Request,
    identifier: FormText,
    password: FormText,
    birth_date: FormText,
    csrf_token: OptionalText = None,
    accept_service_agreement: OptionalText = None,
    accept_privacy_policy: OptionalText = None,
    guardian_name: OptionalText = None,
    guardian_contact: OptionalText = None,
    guardian_relationship: OptionalText = None,
    guardian_consents: OptionalText = None,
) -> Response:
    require_csrf(request, csrf_token, "web")
    svc = services(request)
    form = {
        "identifier": identifier,
        "birth_date": birth_date,
        "guardian_name": guardian_name or "",
        "guardian_contact": guardian_contact or "",
        "guardian_relationship": guardian_relationship or "parent",
    }

    def refused(exc: DomainError) -> Response:
        context = {"form": form, "docs": svc.documents, "error": _error(request, exc)}
        return render(request, "signup.html", context, status=status_of(exc))

    on_refusal(request, refused)
    cmd = accounts.SignUp(
        identifier=identifier,
        password=password,
        birth_date=_parse_date(birth_date),
        service_agreement_version=accept_service_agreement,
        privacy_policy_version=accept_privacy_policy,
        guardian=_guardian(
            guardian_name, guardian_contact, guardian_relationship, guardian_consents
        ),
        locale=request_locale(request),
    )
    accounts.sign_up(svc, cmd, request_context(request, "web"))
    response = redirect("/account")
    start_browser_session(request, response, identifier, password, "web")
    return response


def _parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError as exc:
        raise InvalidInput("birth_date.invalid") from exc


def _guardian(
    name: str | None, contact: str | None, relationship: str | None, consents: str | None
) -> accounts.GuardianConsent | None:
    if not (name or contact or consents):
        return None
    rel: accounts.Relationship = "legal_guardian" if relationship == "legal_guardian" else "parent"
    return accounts.GuardianConsent(name or "", contact or "", rel, agrees=consents == "yes")


@router.get("/login")
def login_form(request: Request, next: str | None = None) -> Response:
    return render(request, "login.html", {"form": {}, "next": safe_next(next, "/account")})


@router.post("/login")
def login(
    request: Request,
    identifier: FormText,
    password: FormText,
    csrf_token: OptionalText = None,
    next: OptionalText = None,
) -> Response:
    require_csrf(request, csrf_token, "web")
    response = redirect(safe_next(next, "/account"))

    def refused(exc: DomainError) -> Response:
        context = {"form": {"identifier": identifier}, "next": safe_next(next, "/account")}
        context["error"] = _error(request, exc)
        result = render(request, "login.html", context, status=status_of(exc))
        if isinstance(exc, Throttled):
            result.headers["Retry-After"] = str(exc.retry_after_seconds)
        return result

    on_refusal(request, refused)
    start_browser_session(request, response, identifier, password, "web")
    return response


@router.post("/logout")
def logout(request: Request, principal: OptionalPageUser) -> Response:
    response = redirect("/login?logged_out=1")
    if principal is not None:
        auth.log_out(services(request), principal, request_context(request, "web"))
    end_browser_session(request, response)
    return response


@router.get("/account")
def account(request: Request, principal: User) -> Response:
    return _account_page(request, principal)


def _account_page(
    request: Request,
    principal: auth.Principal,
    *,
    message: str | None = None,
    error: str | None = None,
    status: int = 200,
) -> Response:
    svc = services(request)
    context = {
        "profile": accounts.profile(svc, principal.user_id),
        "sessions": auth.live_sessions(svc, principal.user_id),
        "current_session": principal.session_id,
        "message": message,
        "error": error,
    }
    return render(request, "account.html", context, status=status)


@router.post("/account/password")
def account_password(
    request: Request,
    principal: User,
    current_password: FormText,
    new_password: FormText,
) -> Response:
    on_refusal(request, lambda exc: _account_page(request, principal, error=_error(request, exc),
                                                  status=status_of(exc)))  # fmt: skip
    ctx = request_context(request, "web")
    ended = auth.change_password(services(request), principal, current_password, new_password, ctx)
    message = translate("account.password_changed", request_locale(request), ended=ended)
    return _account_page(request, principal, message=message)
