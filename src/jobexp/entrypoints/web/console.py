"""The staff console: sign-in, users' data with a stated purpose, disclosure requests,
partner grants and incidents (5.0-5g, 4a, 4b, 8b; D4, D14, D16).

Every action checks the member's role (least privilege) in the service layer; a refusal is
shown on the page it came from, with the status that says why, and is audited there.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from starlette.responses import Response

from jobexp.domain.disclosure_requests import BASES, Filing
from jobexp.domain.errors import DomainError, InvalidInput
from jobexp.domain.staff import StaffMember
from jobexp.entrypoints.errors import status_of
from jobexp.entrypoints.principal import ConsoleStaff
from jobexp.entrypoints.requests import request_context, services
from jobexp.entrypoints.security import require_csrf
from jobexp.entrypoints.web.console_auth import (
    LOGIN,
    end_console_session,
    staff_token,
    start_console_session,
)
from jobexp.entrypoints.web.pages import on_refusal, redirect, refusal_message, render
from jobexp.service_layer import disclosure_requests as requests
from jobexp.service_layer import incidents, partners, staff
from jobexp.types import UserId

__all__ = ["router"]

router = APIRouter(include_in_schema=False)
Text = Annotated[str, Form(max_length=4000)]
Short = Annotated[str, Form(max_length=300)]
Csrf = Annotated[str | None, Form(max_length=1024)]
Many = Annotated[list[str], Form()]
HOME = "/console"
DISCLOSURES = "/console/disclosures"
GRANTS = "/console/grants"
INCIDENTS = "/console/incidents"
DONE = frozenset({"filed", "approved", "refused", "executed", "terminated", "attested", "opened",
                  "asked", "decided", "recorded", "deletion_filed"})  # fmt: skip


def _page(
    request: Request, template: str, member: StaffMember | None, context: dict[str, Any], **kw: Any
) -> Response:
    done = request.query_params.get("done")
    base = {
        "member": member,
        "done": done if done in DONE else None,
        "error": kw.get("error"),
        "policy": services(request).policies.published().current.policy,
    }
    return render(request, template, {**base, **context}, status=kw.get("status", 200))


def _listing(  # noqa: PLR0917
    request: Request,
    member: StaffMember,
    read: Callable[[], dict[str, Any]],
    template: str,
    error: str | None,
    status: int,
) -> Response:
    """A console list page. When reading the list is refused, home shows the refusal instead,
    even while the list is itself re-shown for another refusal: so it is caught here."""
    try:
        context = read()
    except DomainError as exc:
        return _page(request, "console_home.html", member, {"approvals": []},
                     error=refusal_message(request, exc), status=status_of(exc))  # fmt: skip
    return _page(request, template, member, context, error=error, status=status)


Back = Callable[[Request, StaffMember, str | None, int], Response]


def _shows_refusal_on(request: Request, member: StaffMember, back: Back) -> None:
    """A refused action re-shows the page it came from, with the message and its status."""
    on_refusal(request, lambda exc: back(request, member, refusal_message(request, exc),
                                         status_of(exc)))  # fmt: skip


def _act(
    request: Request, member: StaffMember, action: Callable[[StaffMember], str], back: Back
) -> Response:
    """Run a console action: redirect to where it says on success, re-show the page on refusal."""
    _shows_refusal_on(request, member, back)
    return redirect(action(member))


# -- Signing in -----------------------------------------------------------------------------


@router.get(LOGIN)
def login_page(request: Request) -> Response:
    return _page(request, "console_login.html", None, {})


@router.post(LOGIN)
def log_in(request: Request, email: Short, password: Short, csrf_token: Csrf = None) -> Response:
    require_csrf(request, csrf_token, "web")
    svc = services(request)
    on_refusal(request, lambda exc: _page(request, "console_login.html", None, {"email": email},
               error=refusal_message(request, exc), status=status_of(exc)))  # fmt: skip
    login = staff.log_in(svc, email, password, request_context(request, "web"))
    response = redirect(HOME)
    start_console_session(request, response, login.token)
    return response


@router.post("/console/logout")
def log_out(request: Request, _member: ConsoleStaff) -> Response:
    token = staff_token(request)
    if token is not None:
        staff.log_out(services(request), token)
    response = redirect(LOGIN)
    end_console_session(request, response)
    return response


# -- Home: users' data, minors' approvals, violations ---------------------------------------


@router.get(HOME)
def home(request: Request, member: ConsoleStaff) -> Response:
    return _home(request, member, None, 200)


def _home(
    request: Request, member: StaffMember, error: str | None, status: int, **extra: Any
) -> Response:
    svc = services(request)
    approvals = staff.pending_minor_access(svc, member) if member.may("minor.approve") else []
    context = {"approvals": approvals, **extra}
    return _page(request, "console_home.html", member, context, error=error, status=status)


@router.post("/console/users/view")
def view_user(request: Request, member: ConsoleStaff, user_id: Short, purpose: Short) -> Response:
    def refused(exc: DomainError) -> Response:
        minor = exc.message_key == "console.minor_needs_approval"
        asked = {"ask_user": user_id.strip(), "ask_purpose": purpose} if minor else {}
        return _home(request, member, refusal_message(request, exc), status_of(exc), **asked)

    on_refusal(request, refused)
    view = staff.view_user(services(request), member, UserId(user_id.strip()), purpose)
    return _page(request, "console_user.html", member, {"view": view})


@router.post("/console/minor-access")
def ask_minor_access(
    request: Request,
    member: ConsoleStaff,
    user_id: Short,
    purpose: Short,
) -> Response:
    def action(member: StaffMember) -> str:
        staff.ask_minor_access(services(request), member, UserId(user_id.strip()), purpose)
        return f"{HOME}?done=asked"

    return _act(request, member, action, _home)


@router.post("/console/minor-access/{approval_id}")
def decide_minor_access(
    request: Request,
    member: ConsoleStaff,
    approval_id: str,
    decision: Short,
) -> Response:
    def action(member: StaffMember) -> str:
        staff.decide_minor_access(services(request), member, approval_id, decision == "approve")
        return f"{HOME}?done=decided"

    return _act(request, member, action, _home)


@router.post("/console/violations")
def record_violation(  # noqa: PLR0917 (one parameter per form field)
    request: Request,
    member: ConsoleStaff,
    user_id: Short,
    rule: Short,
    description: Text,
    action_taken: Short,
) -> Response:
    def action(member: StaffMember) -> str:
        violation = requests.record_violation(
            services(request), member, UserId(user_id.strip()), rule=rule, description=description,
            action=action_taken,
        )  # fmt: skip
        return f"{HOME}?done=recorded&violation={violation}"

    return _act(request, member, action, _home)


# -- Disclosure requests --------------------------------------------------------------------


@router.get(DISCLOSURES)
def disclosures(request: Request, member: ConsoleStaff, page: int = 1) -> Response:
    return _disclosures(request, member, None, 200, page=page)


def _disclosures(
    request: Request, member: StaffMember, error: str | None, status: int, page: int = 1
) -> Response:
    def read() -> dict[str, Any]:
        rows, pages = requests.pending(services(request), member, page)
        return {"rows": rows, "page": min(max(page, 1), pages), "pages": pages, "bases": BASES}

    return _listing(request, member, read, "console_disclosures.html", error, status)


def _date(value: str) -> date | None:
    if not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError as exc:
        raise InvalidInput("disclosure.bad_date") from exc


@router.post(DISCLOSURES)
def file_request(  # noqa: PLR0917 (one parameter per form field)
    request: Request,
    member: ConsoleStaff,
    user_id: Short,
    recipient: Short,
    basis: Annotated[str, Form(max_length=4)] = "",
    categories: Many = [],  # noqa: B006 (FastAPI reads it, never mutates it)
    recipient_region: Annotated[str, Form(max_length=8)] = "CN",
    reference: Short = "",
    authority: Short = "",
    violation_id: Short = "",
    citation: Text = "",
    prc_approval: Short = "",
    hold_until: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    def action(member: StaffMember) -> str:
        filing = Filing(
            user_id=UserId(user_id.strip()),
            recipient=recipient,
            basis=basis,
            categories=tuple(categories),
            recipient_region=recipient_region.strip().upper() or "CN",
            reference=reference,
            authority=authority,
            violation_id=violation_id,
            citation=citation,
            prc_approval=prc_approval,
            hold_until=_date(hold_until),
        )
        requests.file(services(request), member, filing)
        return f"{DISCLOSURES}?done=filed"

    return _act(request, member, action, _disclosures)


@router.post(DISCLOSURES + "/{request_id}/decision")
def decide_request(
    request: Request,
    member: ConsoleStaff,
    request_id: str,
    decision: Short,
    note: Short = "",
) -> Response:
    def action(member: StaffMember) -> str:
        approve = decision == "approve"
        requests.decide(services(request), member, request_id, approve, note)
        return f"{DISCLOSURES}?done={'approved' if approve else 'refused'}"

    return _act(request, member, action, _disclosures)


@router.post(DISCLOSURES + "/{request_id}/execute")
def execute_request(
    request: Request,
    member: ConsoleStaff,
    request_id: str,
) -> Response:
    def action(member: StaffMember) -> str:
        requests.execute(services(request), member, request_id)
        return f"{DISCLOSURES}?done=executed"

    return _act(request, member, action, _disclosures)


# -- Partner grants -------------------------------------------------------------------------


@router.get(GRANTS)
def grants(request: Request, member: ConsoleStaff, page: int = 1) -> Response:
    return _grants(request, member, None, 200, page=page)


def _grants(
    request: Request, member: StaffMember, error: str | None, status: int, page: int = 1, **kw: Any
) -> Response:
    def read() -> dict[str, Any]:
        rows, pages = partners.grants_page(services(request), member, page)
        return {"rows": rows, "page": min(max(page, 1), pages), "pages": pages, **kw}

    return _listing(request, member, read, "console_grants.html", error, status)


@router.post(GRANTS)
def create_grant(  # noqa: PLR0917 (one parameter per form field)
    request: Request,
    member: ConsoleStaff,
    recipient: Short,
    purpose: Short,
    ends_on: Annotated[str, Form(max_length=10)],
    categories: Many = [],  # noqa: B006
) -> Response:
    _shows_refusal_on(request, member, _grants)
    ends = _date(ends_on)
    if ends is None:
        raise InvalidInput("partner.ends_in_past")
    issued = partners.create_grant(
        services(request), member, recipient=recipient, purpose=purpose,
        categories=tuple(categories), ends_on=ends,
    )  # fmt: skip
    # The key is shown this once: only its digest is stored.
    return _grants(request, member, None, 201, issued=issued)


@router.post(GRANTS + "/{grant_id}/terminate")
def terminate_grant(
    request: Request,
    member: ConsoleStaff,
    grant_id: str,
    reason: Short,
) -> Response:
    def action(member: StaffMember) -> str:
        partners.terminate(services(request), member, grant_id, reason)
        return f"{GRANTS}?done=terminated"

    return _act(request, member, action, _grants)


@router.post(GRANTS + "/{grant_id}/attestation")
def attestation(
    request: Request,
    member: ConsoleStaff,
    grant_id: str,
) -> Response:
    def action(member: StaffMember) -> str:
        partners.attestation_received(services(request), member, grant_id)
        return f"{GRANTS}?done=attested"

    return _act(request, member, action, _grants)


# -- Incidents ------------------------------------------------------------------------------


@router.get(INCIDENTS)
def incidents_page(request: Request, member: ConsoleStaff, page: int = 1) -> Response:
    return _incidents(request, member, None, 200, page=page)


def _incidents(
    request: Request, member: StaffMember, error: str | None, status: int, page: int = 1
) -> Response:
    def read() -> dict[str, Any]:
        svc = services(request)
        rows, pages = incidents.incidents_page(svc, member, page)
        reports = incidents.open_reports(svc, member)
        return {"rows": rows, "reports": reports, "page": min(max(page, 1), pages), "pages": pages}

    return _listing(request, member, read, "console_incidents.html", error, status)


@router.post(INCIDENTS)
def open_incident(  # noqa: PLR0917 (one parameter per form field)
    request: Request,
    member: ConsoleStaff,
    cause: Text,
    harm: Text,
    remedies: Text,
    categories: Many = [],  # noqa: B006
    reports: Many = [],  # noqa: B006
    users: Text = "",
) -> Response:
    def action(member: StaffMember) -> str:
        new = incidents.NewIncident(tuple(categories), cause, harm, remedies, tuple(reports))
        named = tuple(u for u in users.replace(",", " ").split() if u)
        incidents.open_incident(services(request), member, new, users=named)
        return f"{INCIDENTS}?done=opened"

    return _act(request, member, action, _incidents)
