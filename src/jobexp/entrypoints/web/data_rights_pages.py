"""Privacy-center pages for D18 and 2b: see and download one's data, correct it, and the
discontinuation notice. Every fact comes with why it is held and until when."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from starlette.responses import Response

from jobexp.domain.errors import DomainError
from jobexp.entrypoints.errors import status_of
from jobexp.entrypoints.principal import page_user
from jobexp.entrypoints.requests import LANG_COOKIE, request_context, request_locale, services
from jobexp.entrypoints.security import cookie_policy
from jobexp.entrypoints.web.pages import on_refusal, redirect, refusal_message, render
from jobexp.entrypoints.web.rendering import local_time
from jobexp.i18n import translate
from jobexp.service_layer import accounts, data_rights, discontinuation
from jobexp.service_layer.auth import Principal
from jobexp.types import LOCALES, Locale

__all__ = ["router"]

router = APIRouter(include_in_schema=False)
OptionalText = Annotated[str | None, Form(max_length=1024)]
EXPORT = "/privacy-center/export"
DOWNLOAD = "/privacy-center/export.json"
CORRECT = "/privacy-center/correct"
LANG_LIFETIME_SECONDS = 365 * 24 * 3600
Exporter = Annotated[Principal, page_user(EXPORT)]
Corrector = Annotated[Principal, page_user(CORRECT)]


@dataclass(frozen=True)
class SectionView:
    id: str
    title: str
    why: tuple[str, ...]
    until: str | None
    columns: tuple[str, ...]  # localized headings
    rows: tuple[tuple[str, ...], ...]


@router.get(EXPORT)
def export_page(request: Request, principal: Exporter) -> Response:
    locale = request_locale(request)
    result = _export(request, principal, locale)
    sections = [_section_view(s, locale, result.time_zone) for s in result.sections]
    return render(request, "export.html", {"sections": sections, "time_zone": result.time_zone})


@router.get(DOWNLOAD)
def export_download(request: Request, principal: Exporter) -> Response:
    result = _export(request, principal, request_locale(request))
    body = json.dumps(result.as_json(), ensure_ascii=False, indent=2)
    return Response(
        body,
        media_type="application/json",
        headers={"Content-Disposition": 'attachment; filename="jobexp-export.json"'},
    )


def _export(request: Request, principal: Principal, locale: Locale) -> data_rights.Export:
    ctx = request_context(request, "web")
    return data_rights.export(services(request), principal.user_id, ctx, locale)


def _section_view(section: data_rights.Section, locale: Locale, time_zone: str) -> SectionView:
    columns: list[str] = list(dict.fromkeys(k for item in section.items for k in item))
    why = tuple(f"{r.name} ({_basis(r.legal_basis, locale)})" for r in section.why)
    return SectionView(
        id=section.id,
        title=translate(f"export.section.{section.id}", locale),
        why=why,
        until=None if section.until is None else local_time(section.until, time_zone, locale),
        columns=tuple(translate(f"export.field.{c}", locale) for c in columns),
        rows=tuple(
            tuple(_shown(item.get(c), locale, time_zone) for c in columns) for item in section.items
        ),
    )


def _basis(legal_basis: str, locale: Locale) -> str:
    return translate(f"privacy.basis.{legal_basis or 'none'}", locale)


def _shown(value: Any, locale: Locale, time_zone: str) -> str:
    if value is None:
        return "—"
    if isinstance(value, datetime):
        return local_time(value, time_zone, locale)
    if isinstance(value, bool):
        return translate("privacy.yes" if value else "privacy.no", locale)
    if isinstance(value, data_rights.Withheld):
        return translate(f"export.withheld.{value.reason}", locale)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


@router.get(CORRECT)
def correction_form(request: Request, principal: Corrector) -> Response:
    return _correction_page(request, principal)


@router.post(CORRECT)
def correct(
    request: Request,
    principal: Corrector,
    locale: OptionalText = None,
    time_zone: OptionalText = None,
) -> Response:
    correction = data_rights.Correction(locale=locale or None, time_zone=time_zone or None)
    svc = services(request)
    before = accounts.profile(svc, principal.user_id).locale

    def refused(exc: DomainError) -> Response:
        form = {"locale": locale or "", "time_zone": time_zone or ""}
        error = refusal_message(request, exc)
        return _correction_page(request, principal, error=error, status=status_of(exc), form=form)

    on_refusal(request, refused)
    data_rights.correct(svc, principal.user_id, correction, request_context(request, "web"))
    response = redirect(f"{CORRECT}?saved=1")
    if locale in LOCALES and locale != before:  # the pages follow a newly chosen language
        cookie_policy(request).set(response, LANG_COOKIE, locale, _lang_lifetime())
    return response


def _lang_lifetime() -> timedelta:
    return timedelta(seconds=LANG_LIFETIME_SECONDS)


def _correction_page(
    request: Request,
    principal: Principal,
    *,
    error: str | None = None,
    status: int = 200,
    form: Mapping[str, str] | None = None,
) -> Response:
    profile = accounts.profile(services(request), principal.user_id)
    context = {
        "profile": profile,
        "form": form or {"locale": profile.locale, "time_zone": profile.time_zone},
        "error": error,
        "saved": request.query_params.get("saved") == "1" and error is None,
    }
    return render(request, "correct.html", context, status=status)


def notice_for_page(request: Request, principal: Principal) -> discontinuation.UserNotice | None:
    """The discontinuation notice for the privacy center, marking it seen (or None)."""
    return discontinuation.notice_for(services(request), principal.user_id, mark_seen=True)
