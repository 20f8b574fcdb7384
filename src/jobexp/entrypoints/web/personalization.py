"""Personalization on the web pages: opt-in, one step to switch off, stops at once (7a-7c, D11).

A visitor's choice is kept in an essential preferences cookie, so the banner is not shown again
(a refusal is remembered too). For a signed-in user the database is the truth: the choice is the
`personalization` consent, and the purpose check runs before anything personal is used.

While personalization is on, the browser keeps the last few pages opened (ids from a fixed list,
never free text) in a `jx_recent` cookie; the home page offers them as shortcuts. The cookie is
written only while personalization is on and deleted on the first response after it is off.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

from starlette.requests import Request
from starlette.responses import Response
from starlette.status import HTTP_200_OK

from jobexp.domain.consent import ConsentDecision
from jobexp.domain.purposes import Access, PurposeDenied
from jobexp.entrypoints.requests import services
from jobexp.entrypoints.security import cookie_policy
from jobexp.policy.ids import CategoryId, PurposeId
from jobexp.service_layer import consents
from jobexp.service_layer.auth import Principal
from jobexp.service_layer.policy_updates import PolicyNotice
from jobexp.types import UserId

__all__ = [
    "PERSONALIZATION",
    "PREFERENCES",
    "RECENT",
    "SHORTCUTS",
    "Personalization",
    "account_decision",
    "apply_to_response",
    "personalization_for",
    "remember_choice",
]

PERSONALIZATION = PurposeId.PERSONALIZATION
PREFERENCES = "jx_prefs"  # essential: remembers the banner choice ("on" or "off")
RECENT = "jx_recent"  # personalization: the last pages opened, only while it is on
PREFERENCES_LIFETIME = timedelta(days=365)
RECENT_LIFETIME = timedelta(days=30)
MAX_RECENT = 3
# The pages a shortcut may lead to: id -> (path, title key). Anything else in the cookie is dropped.
SHORTCUTS: dict[str, tuple[str, str]] = {
    "account": ("/account", "nav.account"),
    "center": ("/privacy-center", "pc.title"),
    "consents": ("/privacy-center/consents", "consents.title"),
    "policy": ("/privacy", "nav.privacy"),
    "terms": ("/terms", "nav.terms"),
}
_BY_PATH = {path: shortcut for shortcut, (path, _) in SHORTCUTS.items()}
USE = Access(PERSONALIZATION, (CategoryId.PERSONALIZATION_PROFILE,), "read")

Source = Literal["browser", "account"]


@dataclass(frozen=True)
class Personalization:
    """What the banner and the home page need to know about personalization on this request."""

    chosen: bool  # a choice is on record: the banner stays hidden
    on: bool  # personalization runs on this request
    paused: bool  # consented, but paused until a material policy update is accepted (D1)
    source: Source
    recent: tuple[str, ...]  # shortcut ids, newest first; empty unless on


def personalization_for(request: Request, principal: Principal | None) -> Personalization:
    choice = request.cookies.get(cookie_policy(request).name(PREFERENCES))
    if principal is None:
        on = choice == "on"
        return Personalization(choice in {"on", "off"}, on, False, "browser", _recent(request, on))
    decision = account_decision(request, principal.user_id)
    if decision is None:
        # Never asked for this account: off. A refusal made in this browser still holds.
        return Personalization(choice == "off", False, False, "account", ())
    granted = decision == "granted"
    paused = granted and _paused(request, principal.user_id)
    on = granted and not paused
    return Personalization(True, on, paused, "account", _recent(request, on))


def account_decision(request: Request, user_id: UserId) -> ConsentDecision | None:
    for status in consents.statuses(services(request), user_id):
        if status.option.purpose == PERSONALIZATION and status.option.recipient is None:
            return status.decision
    return None


def _paused(request: Request, user_id: UserId) -> bool:
    notice: PolicyNotice | None = getattr(request.state, "policy_notice", None)
    if notice is not None and PERSONALIZATION in notice.affected:
        return True  # known refusal: no need to run (and audit) the purpose check
    try:
        with services(request).uow(USE, subject=user_id, readonly=True):
            return False
    except PurposeDenied:
        return True


def _recent(request: Request, on: bool) -> tuple[str, ...]:
    if not on:
        return ()
    raw = request.cookies.get(cookie_policy(request).name(RECENT), "")
    seen: list[str] = []
    for shortcut in raw.split("."):
        if shortcut in SHORTCUTS and shortcut not in seen:
            seen.append(shortcut)
    return tuple(seen[:MAX_RECENT])


def remember_choice(request: Request, response: Response, on: bool) -> None:
    """Keep the banner choice; switching off deletes what personalization had kept, at once."""
    policy = cookie_policy(request)
    policy.set(response, PREFERENCES, "on" if on else "off", PREFERENCES_LIFETIME)
    if not on:
        policy.clear(response, RECENT)


def apply_to_response(request: Request, response: Response) -> None:
    """After a page is rendered: note the visit while on; delete the cookie while off."""
    state: Personalization | None = getattr(request.state, "personalization", None)
    if state is None:
        return
    policy = cookie_policy(request)
    if not state.on:
        if policy.name(RECENT) in request.cookies:
            policy.clear(response, RECENT)
        return
    shortcut = _BY_PATH.get(request.url.path)
    if shortcut is None or response.status_code != HTTP_200_OK:
        return
    recent = (shortcut, *(s for s in state.recent if s != shortcut))[:MAX_RECENT]
    policy.set(response, RECENT, ".".join(recent), RECENT_LIFETIME)
