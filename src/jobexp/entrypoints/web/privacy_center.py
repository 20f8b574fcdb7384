"""The privacy center, the cookie choice and the policy-update answers (7a-7c, 11; D1, D3, D11).

Giving and withdrawing a consent are the same one-click form, effective at once. The cookie
banner's choice is remembered in an essential cookie and, for a signed-in user, recorded as the
personalization consent, so the banner and the consent page always agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from math import ceil
from typing import Annotated

from fastapi import APIRouter, Form, Request
from starlette.responses import Response

from jobexp.domain.consent import GUARDIAN_ONLY_FOR_CHILDREN, ConsentDecision
from jobexp.domain.errors import Conflict, InvalidInput
from jobexp.entrypoints.errors import status_of
from jobexp.entrypoints.principal import page_user
from jobexp.entrypoints.requests import request_context, request_locale, services
from jobexp.entrypoints.security import (
    cookie_policy,
    optional_principal,
    require_csrf,
)
from jobexp.entrypoints.web.data_rights_pages import notice_for_page
from jobexp.entrypoints.web.pages import on_refusal, redirect, refusal_message, render, safe_next
from jobexp.entrypoints.web.personalization import (
    PERSONALIZATION,
    account_decision,
    remember_choice,
)
from jobexp.entrypoints.web.policy_notice import LATER
from jobexp.i18n import translate
from jobexp.policy.model import Policy
from jobexp.service_layer import accounts, consents, policy_updates
from jobexp.service_layer.auth import Principal
from jobexp.service_layer.consents import ConsentEvent, ConsentStatus
from jobexp.service_layer.policy_updates import PolicyNotice
from jobexp.types import Locale

__all__ = ["router"]

router = APIRouter(include_in_schema=False)
FormText = Annotated[str, Form(max_length=1024)]
OptionalText = Annotated[str | None, Form(max_length=1024)]
HISTORY_PAGE = 20
CENTER = "/privacy-center"
CONSENTS = "/privacy-center/consents"
Chooser = Annotated[Principal, page_user(CONSENTS)]
Answering = Annotated[Principal, page_user(None)]  # the pop-up is on every page: no way back
CHOICES: dict[str, ConsentDecision] = {"granted": "granted", "withdrawn": "withdrawn"}


@dataclass(frozen=True)
class ConsentRow:
    """One consent as the page shows it, in the reader's language."""

    purpose: str
    recipient: str | None
    name: str
    description: str
    recipient_name: str | None
    categories: tuple[str, ...]
    legal_basis: str
    decision: ConsentDecision | None
    decided_at: datetime | None
    needs_guardian: bool  # a child cannot give this alone (D6)
    paused: bool  # given, but paused until a material policy update is accepted (D1)

    @property
    def test_id(self) -> str:
        return f"consent-{self.purpose}" + (f"-{self.recipient}" if self.recipient else "")


@dataclass(frozen=True)
class HistoryRow:
    name: str
    decision: ConsentDecision
    channel: str
    policy_version: str
    at: datetime


@dataclass(frozen=True)
class Page:
    number: int
    count: int
    rows: tuple[HistoryRow, ...]


@router.get(CENTER)
def privacy_center(
    request: Request, principal: Annotated[Principal, page_user(CENTER)]
) -> Response:
    statuses = consents.statuses(services(request), principal.user_id)
    notice = notice_for_page(request, principal)
    context = {
        "given": sum(s.granted for s in statuses),
        "total": len(statuses),
        "discontinuation": notice,
        "time_zone": None
        if notice is None
        else accounts.profile(services(request), principal.user_id).time_zone,
    }
    return render(request, "privacy_center.html", context)


@router.get(CONSENTS)
def consent_page(request: Request, principal: Chooser, page: int = 1) -> Response:
    return _consents(request, principal, page=page)


@router.post(CONSENTS)
def decide_consent(
    request: Request,
    principal: Chooser,
    purpose: FormText,
    decision: FormText,
    recipient: OptionalText = None,
) -> Response:
    _shows_refusal_on_consents(request, principal)
    choice = CHOICES.get(decision)
    if choice is None:
        raise InvalidInput("error.invalid_input")
    consents.decide(
        services(request),
        principal.user_id,
        (purpose, recipient or None, choice),
        request_context(request, "web"),
    )
    response = redirect(f"{CONSENTS}?saved=1")
    if purpose == PERSONALIZATION and not recipient:
        remember_choice(request, response, choice == "granted")
    return response


def _shows_refusal_on_consents(request: Request, principal: Principal) -> None:
    """A refused choice re-shows the consent page with the message and its status."""
    on_refusal(request, lambda exc: _consents(request, principal,
               error=refusal_message(request, exc), status=status_of(exc)))  # fmt: skip


def _consents(
    request: Request,
    principal: Principal,
    *,
    page: int = 1,
    error: str | None = None,
    status: int = 200,
) -> Response:
    svc = services(request)
    locale = request_locale(request)
    profile = accounts.profile(svc, principal.user_id)
    policy = svc.policies.published().current.policy
    notice: PolicyNotice | None = getattr(request.state, "policy_notice", None)
    paused = notice.affected if notice is not None else frozenset()
    rows = [
        _row(policy, s, locale, child=profile.data_sensitive, paused=paused)
        for s in consents.statuses(svc, principal.user_id)
    ]
    events = consents.history(svc, principal.user_id)
    context = {
        "rows": rows,
        "history": _page(policy, events, page, locale),
        "time_zone": profile.time_zone,
        "saved": request.query_params.get("saved") == "1" and error is None,
        "error": error,
    }
    return render(request, "consents.html", context, status=status)


def _row(
    policy: Policy, status: ConsentStatus, locale: Locale, *, child: bool, paused: frozenset[str]
) -> ConsentRow:
    option = status.option
    purpose = policy.purpose(option.purpose)
    recipient = None if option.recipient is None else policy.recipient(option.recipient)
    return ConsentRow(
        purpose=option.purpose,
        recipient=option.recipient,
        name=purpose.name.in_locale(locale),
        description=purpose.description.in_locale(locale),
        recipient_name=None if recipient is None else recipient.name.in_locale(locale),
        categories=tuple(policy.category(c).name.in_locale(locale) for c in option.categories),
        legal_basis=translate(f"privacy.basis.{purpose.legal_basis or 'none'}", locale),
        decision=status.decision,
        decided_at=status.decided_at,
        needs_guardian=child and option.purpose in GUARDIAN_ONLY_FOR_CHILDREN,
        paused=status.granted and option.purpose in paused,
    )


def _page(policy: Policy, events: list[ConsentEvent], number: int, locale: Locale) -> Page:
    count = max(1, ceil(len(events) / HISTORY_PAGE))
    number = min(max(number, 1), count)
    start = (number - 1) * HISTORY_PAGE
    rows = tuple(
        HistoryRow(
            name=_event_name(policy, e, locale),
            decision=e.decision,
            channel=e.channel,
            policy_version=e.policy_version,
            at=e.at,
        )
        for e in events[start : start + HISTORY_PAGE]
    )
    return Page(number, count, rows)


def _event_name(policy: Policy, event: ConsentEvent, locale: Locale) -> str:
    names = {p.id: p.name.in_locale(locale) for p in policy.purposes}
    name = names.get(event.purpose, event.purpose)
    if event.recipient is None:
        return name
    recipients = {r.id: r.name.in_locale(locale) for r in policy.recipients}
    return f"{name} · {recipients.get(event.recipient, event.recipient)}"


@router.get("/preferences/cookies")
def cookie_settings(request: Request, next: str | None = None) -> Response:
    return render(request, "cookie_settings.html", {"next": safe_next(next)})


@router.post("/preferences/personalization")
def choose_personalization(
    request: Request,
    choice: FormText,
    next: OptionalText = None,
    csrf_token: OptionalText = None,
) -> Response:
    """The banner's two buttons: remembered in this browser, and for the account if signed in."""
    require_csrf(request, csrf_token, "web")
    on = choice == "on"
    principal = optional_principal(request)
    if principal is not None:
        _shows_refusal_on_consents(request, principal)
        _record_personalization(request, principal, on)
    response = redirect(safe_next(next))
    remember_choice(request, response, on)
    return response


def _record_personalization(request: Request, principal: Principal, on: bool) -> None:
    current = account_decision(request, principal.user_id)
    wanted: ConsentDecision = (
        "granted" if on else "withdrawn" if current == "granted" else "refused"
    )
    if wanted == current or (not on and current == "withdrawn"):
        return  # already so: nothing new to record
    consents.decide(
        services(request),
        principal.user_id,
        (PERSONALIZATION, None, wanted),
        request_context(request, "web"),
    )


@router.post("/policy/accept")
def accept_policy(
    request: Request,
    version: FormText,
    principal: Answering,
    next: OptionalText = None,
) -> Response:
    """Accept (or acknowledge) the policy in force; the paused processing resumes at once."""
    response = redirect(safe_next(next))
    try:
        policy_updates.accept(
            services(request), principal.user_id, version, request_context(request, "web")
        )
    except Conflict:
        return response  # changed again meanwhile: the next page shows the newer version
    cookie_policy(request).clear(response, LATER)
    return response


@router.post("/policy/later", dependencies=[page_user(None)])
def later(request: Request, version: FormText, next: OptionalText = None) -> Response:
    """Say "not now": a slim banner for the rest of this browser session; nothing is accepted."""
    response = redirect(safe_next(next))
    cookie_policy(request).set(response, LATER, version[:64], None)
    return response
