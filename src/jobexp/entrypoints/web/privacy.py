"""The published privacy policy page, rendered from the policy release in force."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Query, Request
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.responses import Response

from jobexp.domain.search import Searchable, normalize_query
from jobexp.entrypoints.requests import request_locale, services
from jobexp.entrypoints.web.pages import render
from jobexp.entrypoints.web.rendering import TEMPLATES, local_time
from jobexp.i18n import translate
from jobexp.policy.model import Policy
from jobexp.policy.render import PolicyView, build_view
from jobexp.service_layer import search
from jobexp.service_layer.policy_releases import Release
from jobexp.types import Locale

__all__ = ["router", "standalone_html", "view_of"]

router = APIRouter(include_in_schema=False)
STYLESHEET = Path(__file__).parent / "static" / "app.css"


def view_of(release: Release, previous: Policy | None, locale: Locale) -> PolicyView:
    """The view of a published release, with what changed since the one before it."""
    return build_view(
        release.policy,
        locale,
        kind=release.kind,
        changes=release.changes,
        affected=release.affected,
        previous=previous,
    )


@router.get("/privacy")
def privacy(request: Request) -> Response:
    published = services(request).policies.published()
    view = _current_view(request)
    return render(
        request, "privacy.html", {"view": view, "published_at": published.current.published_at}
    )


@router.get("/privacy/search")
def privacy_search(request: Request, q: Annotated[str, Query(max_length=500)] = "") -> Response:
    """The clauses of the policy in force that contain every word searched for (3x-a)."""
    view = _current_view(request)
    items = [
        Searchable(c.id, c.anchor, c.title, c.text) for part in view.parts for c in part.clauses
    ]
    query = normalize_query(q)
    hits = search.search_policy(services(request), items, query, view.locale) if query else []
    return render(request, "privacy_search.html", {"query": query, "hits": hits})


def _current_view(request: Request) -> PolicyView:
    published = services(request).policies.published()
    previous = published.previous.policy if published.previous is not None else None
    return view_of(published.current, previous, request_locale(request))


def standalone_html(view: PolicyView, published_at: datetime | None = None) -> str:
    """The page body as a self-contained HTML document (styles inlined), for `policy render`."""
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(default=True)
    )
    locale = view.locale
    body = env.get_template("privacy_body.html").render(
        view=view,
        published_at=published_at,
        t=lambda key, **params: translate(key, locale, **params),
        local_time=lambda dt, tz=None: local_time(dt, tz, locale),
    )
    title = translate("privacy.title", locale)
    style = STYLESHEET.read_text(encoding="utf-8")
    return (
        f'<!doctype html>\n<html lang="{locale}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title} · JobExp</title>\n<style>\n{style}</style>\n</head>\n"
        f"<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )
