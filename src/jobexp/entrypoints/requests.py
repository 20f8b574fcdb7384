"""Reading what the service layer needs from a Starlette request."""

from __future__ import annotations

from starlette.requests import Request

from jobexp.bootstrap import Parts
from jobexp.i18n import negotiate
from jobexp.service_layer.context import RequestContext, Services
from jobexp.service_layer.ports import AssistantParts
from jobexp.types import Channel, Locale

LANG_COOKIE = "jx_lang"


def services(request: Request) -> Services:
    svc: Services = request.app.state.services
    return svc


def assistant(request: Request) -> AssistantParts:
    """The weather, navigation and ticket providers the composition root wired for the app."""
    parts: Parts = request.app.state.parts
    return parts.assistant


def request_context(request: Request, channel: Channel) -> RequestContext:
    return RequestContext(
        client_ip=request.client.host if request.client else None, channel=channel
    )


def request_locale(request: Request) -> Locale:
    cookie = request.app.state.cookie_policy.name(LANG_COOKIE)
    explicit = request.query_params.get("lang") or request.cookies.get(cookie)
    return negotiate(explicit, request.headers.get("accept-language"))


def is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")
