"""Jinja2 templates with the user's language and time zone."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from fastapi.templating import Jinja2Templates
from starlette.requests import Request

from jobexp.entrypoints.requests import request_locale
from jobexp.entrypoints.security import (
    csrf_cookie,
    csrf_token_for,
    new_csrf_cookie,
    optional_principal,
)
from jobexp.entrypoints.web.personalization import SHORTCUTS, personalization_for
from jobexp.entrypoints.web.policy_notice import notice_view
from jobexp.i18n import translate
from jobexp.types import DEFAULT_TIME_ZONE, LOCALES

TEMPLATES = Path(__file__).parent / "templates"
TIME_FORMAT = {"en": "%Y-%m-%d %H:%M (%Z)", "zh-CN": "%Y年%m月%d日 %H:%M（%Z）"}


def make_templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(TEMPLATES))
    templates.env.autoescape = True
    return templates


def local_time(value: datetime, time_zone: str | None, locale: str) -> str:
    zone = ZoneInfo(time_zone or DEFAULT_TIME_ZONE)
    return value.astimezone(zone).strftime(TIME_FORMAT.get(locale, TIME_FORMAT["en"]))


def page_context(request: Request) -> dict[str, Any]:
    """What every page needs: language, translator, CSRF token, whether someone is signed in."""
    locale = request_locale(request)
    cookie = csrf_cookie(request)
    if cookie is None:
        cookie = new_csrf_cookie()
        request.state.new_csrf_cookie = cookie

    def t(key: str, **params: object) -> str:
        return translate(key, locale, **params)

    # Who is signed in decides the cookie banner, the shortcuts and the policy pop-up.
    principal = optional_principal(request)
    personalization = personalization_for(request, principal)
    request.state.personalization = personalization  # render() updates the cookies from it
    notice = getattr(request.state, "policy_notice", None)
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return {
        "locale": locale,
        "locales": LOCALES,
        "t": t,
        "csrf_token": csrf_token_for(request, cookie),
        "signed_in": principal is not None,
        "path": request.url.path,
        "local_time": lambda dt, tz=None: local_time(dt, tz, locale),
        "here": here,
        "personalization": personalization,
        "shortcuts": [SHORTCUTS[s] for s in personalization.recent],
        "policy_notice": None if notice is None else notice_view(request, notice, locale),
        "service_ends": service_ends(request),
    }


def service_ends(request: Request) -> datetime | None:
    """When personal data ends because the service is discontinued (2b, D17), if announced."""
    cache = getattr(request.app.state, "discontinuation", None)
    announced = None if cache is None else cache.get()
    return None if announced is None else announced.effective_at
