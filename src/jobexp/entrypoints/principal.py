"""Who is asking, as FastAPI dependencies: a route names the principal it needs in its signature.

`ApiUser` and `StaffBearer` serve the API (a refusal is its 401 JSON); `page_user(back_to)`
and `ConsoleStaff` serve the pages, where a missing or ended session raises `SignInRequired`,
answered in one place (`errors.install`) with a redirect to the sign-in page. Authentication
reads the session and the pending policy notice in one transaction (`auth.authenticate_request`).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request

from jobexp.domain.errors import NotAuthenticated
from jobexp.domain.staff import StaffMember
from jobexp.entrypoints.requests import services
from jobexp.entrypoints.security import (
    SAFE_METHODS,
    bearer_token,
    cookie_policy,
    current_principal,
    require_csrf,
)
from jobexp.service_layer import staff
from jobexp.service_layer.auth import Principal

__all__ = [
    "CONSOLE_LOGIN",
    "STAFF_SESSION",
    "ApiUser",
    "ConsoleStaff",
    "FormCsrf",
    "OptionalPageUser",
    "SignInRequired",
    "StaffBearer",
    "page_user",
    "staff_token",
]

STAFF_SESSION = "jx_staff"
CONSOLE_LOGIN = "/console/login"


class SignInRequired(NotAuthenticated):
    """A page needs someone signed in: the browser is sent to `login`, coming back to `next`.

    A NotAuthenticated, so anything that does not know pages (the API) still answers 401.
    """

    def __init__(self, login: str = "/login", next_url: str | None = None) -> None:
        super().__init__()
        self.login = login
        self.next_url = next_url

    @property
    def location(self) -> str:
        return self.login if self.next_url is None else f"{self.login}?next={self.next_url}"


async def form_csrf(request: Request) -> str | None:
    """The form's `csrf_token` field on a state-changing page request (the form is parsed once)."""
    if request.method in SAFE_METHODS:
        return None
    value = (await request.form()).get("csrf_token")
    return value if isinstance(value, str) and value else None


FormCsrf = Annotated[str | None, Depends(form_csrf)]


def api_user(request: Request) -> Principal:
    """A user's session by bearer token (devices) or cookie (browsers, with the CSRF header)."""
    return current_principal(request, "api")


ApiUser = Annotated[Principal, Depends(api_user)]


def page_user(back_to: str | None) -> Any:
    """The signed-in user of a page, who signs in first and comes back to `back_to`.

    A wrong CSRF token on a post is refused (403), not redirected. Use as
    `User = Annotated[Principal, page_user("/account")]`.
    """

    def signed_in(request: Request, csrf: FormCsrf) -> Principal:
        try:
            return current_principal(request, "web", csrf=csrf)
        except NotAuthenticated as exc:
            raise SignInRequired(next_url=back_to) from exc

    return Depends(signed_in)


def optional_page_user(request: Request, csrf: FormCsrf) -> Principal | None:
    """The signed-in user of a page, or None where no session is no refusal (signing out).

    A session that is presented is checked as for `page_user`: CSRF on posts, rejections audited.
    """
    try:
        return current_principal(request, "web", csrf=csrf)
    except NotAuthenticated:
        return None


OptionalPageUser = Annotated[Principal | None, Depends(optional_page_user)]


def staff_token(request: Request) -> str | None:
    return request.cookies.get(cookie_policy(request).name(STAFF_SESSION)) or None


def console_staff(request: Request, csrf: FormCsrf) -> StaffMember:
    """The signed-in staff member of a console page; posts need the form's CSRF token."""
    token = staff_token(request)
    if token is None:
        raise SignInRequired(CONSOLE_LOGIN)
    if request.method not in SAFE_METHODS:
        require_csrf(request, csrf, "web")
    try:
        member = staff.authenticate(services(request), token)
    except NotAuthenticated as exc:
        raise SignInRequired(CONSOLE_LOGIN) from exc
    request.state.staff = member
    return member


ConsoleStaff = Annotated[StaffMember, Depends(console_staff)]


def staff_bearer(request: Request) -> StaffMember:
    """The staff member whose session token is the bearer token; a user's token is not one."""
    token = bearer_token(request)
    if token is None:
        raise NotAuthenticated("console.login_required")
    return staff.authenticate(services(request), token)


StaffBearer = Annotated[StaffMember, Depends(staff_bearer)]
