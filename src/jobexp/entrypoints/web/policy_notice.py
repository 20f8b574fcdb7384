"""The policy-update pop-up: what a signed-in user has not yet accepted, in words (11, D1).

A material update pauses the processing it affects until the user accepts; a minor one is
acknowledged. "Not now" is remembered for the browser session (a session cookie holding the
version), turning the pop-up into a slim banner; the paused processing stays paused.
"""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request

from jobexp.entrypoints.requests import services
from jobexp.entrypoints.security import cookie_policy
from jobexp.policy.model import UnknownId
from jobexp.policy.render import build_view
from jobexp.service_layer.policy_updates import PolicyNotice
from jobexp.types import Locale

__all__ = ["LATER", "NoticeView", "notice_view"]

LATER = "jx_policy_later"  # session cookie: the version the user said "Not now" to
# Pages where the pop-up would hide what the user needs to read before accepting.
SLIM_ON = frozenset({"/privacy"})


@dataclass(frozen=True)
class NoticeView:
    kind: str  # minor | material
    version: str
    label: str
    changes: tuple[str, ...]  # localized, one line per change, oldest release first
    paused: tuple[str, ...]  # names of the purposes paused until the user accepts
    slim: bool  # a slim banner instead of the pop-up


def notice_view(request: Request, notice: PolicyNotice, locale: Locale) -> NoticeView:
    published = services(request).policies.published()
    by_seq = {r.seq: r for r in published.releases}
    changes: list[str] = []
    for release in notice.releases:
        before = by_seq.get(release.seq - 1)
        view = build_view(
            release.policy,
            locale,
            kind=release.kind,
            changes=release.changes,
            affected=release.affected,
            previous=None if before is None else before.policy,
        )
        changes.extend(row.text for row in view.changes)
    later = request.cookies.get(cookie_policy(request).name(LATER)) == notice.version
    return NoticeView(
        kind=notice.kind,
        version=notice.version,
        label=notice.label,
        changes=tuple(dict.fromkeys(changes)),
        paused=tuple(_purpose_name(request, p, locale) for p in sorted(notice.affected)),
        slim=later or request.url.path in SLIM_ON,
    )


def _purpose_name(request: Request, purpose_id: str, locale: Locale) -> str:
    policy = services(request).policies.published().current.policy
    try:
        return policy.purpose(purpose_id).name.in_locale(locale)
    except UnknownId:
        return purpose_id
