"""The assistant page (1b, 1d; D2, D3): weather, task appointments, saved places, navigation
and tickets, in the reader's language and time zone.

Every third party's notice is shown on its own page before anything is handed over; calls,
messages and the calendar are explained as running on the device only (1a, 1c).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from starlette.responses import Response

from jobexp.domain.errors import DomainError, InvalidInput
from jobexp.domain.geo import Coordinates
from jobexp.domain.places import PLACE_KINDS, PlaceKind, SavedPlace
from jobexp.domain.providers import ProviderUnavailable
from jobexp.domain.purposes import PurposeDenied
from jobexp.domain.tasks import Task, local_to_utc
from jobexp.domain.weather import Forecast, sky
from jobexp.entrypoints import notices
from jobexp.entrypoints.errors import status_of
from jobexp.entrypoints.principal import page_user
from jobexp.entrypoints.requests import assistant, request_context, request_locale, services
from jobexp.entrypoints.web.pages import on_refusal, redirect, refusal_message, render
from jobexp.entrypoints.web.rendering import local_time
from jobexp.i18n import translate
from jobexp.service_layer import accounts, consents, navigation, places, tasks, tickets, weather
from jobexp.service_layer.auth import Principal
from jobexp.types import Locale

__all__ = ["NEEDS", "DayRow", "TaskRow", "page", "router", "task_rows", "weather_rows"]

router = APIRouter(include_in_schema=False)
PAGE = "/assistant"
FormText = Annotated[str, Form(max_length=1024)]
OptionalText = Annotated[str | None, Form(max_length=1024)]
User = Annotated[Principal, page_user(PAGE)]
# Which consent each section needs: (purpose, recipient).
NEEDS = {
    "weather": ("weather", None),
    "tasks": ("task_appointments", None),
    "navigation": ("navigation_share", "navigation_provider"),
    "tickets": ("ticket_booking_share", "ticket_booking_partner"),
}
DONE = {
    "task_added": "assistant.tasks.added",
    "task_completed": "assistant.tasks.completed_notice",
    "task_deleted": "assistant.tasks.deleted",
    "place_added": "assistant.places.added",
    "place_deleted": "assistant.places.deleted",
}


@dataclass(frozen=True)
class TaskRow:
    id: str
    title: str
    due: str
    state: str  # done | due | open


@dataclass(frozen=True)
class DayRow:
    day: str
    sky: str
    high: str
    low: str
    rain: str


@router.get(PAGE)
def assistant_page(request: Request, principal: User, done: str | None = None) -> Response:
    message = DONE.get(done or "")
    return page(request, principal, {"message": message and _t(request, message)})


def _t(request: Request, key: str, **params: object) -> str:
    return translate(key, request_locale(request), **params)


def page(
    request: Request, principal: Principal, extra: dict[str, Any], status: int = 200
) -> Response:
    svc = services(request)
    user_id = principal.user_id
    granted = {s.option.key for s in consents.statuses(svc, user_id) if s.granted}
    allowed = {name: (p, r or "") in granted for name, (p, r) in NEEDS.items()}
    zone = accounts.profile(svc, user_id).time_zone
    locale = request_locale(request)
    rows: list[TaskRow] = []
    saved: list[SavedPlace] = []
    if allowed["tasks"]:
        try:
            rows = task_rows(request, tasks.list_tasks(svc, user_id), zone, locale)
            saved = places.list_places(svc, user_id)
        except PurposeDenied:  # paused by a pending policy update (D1)
            allowed["tasks"] = False
    context = {
        "allowed": allowed,
        "needs": {name: _need(request, name) for name in NEEDS},
        "tasks": rows,
        "reminders": [row for row in rows if row.state == "due"],
        "places": saved,
        "kinds": PLACE_KINDS,
        "time_zone": zone,
        "form": {},
        **extra,
    }
    return render(request, "assistant.html", context, status=status)


@dataclass(frozen=True)
class Need:
    """A consent a section needs, with the reason shown where the user asks for it (D2)."""

    purpose: str
    recipient: str
    name: str
    reason: str


def _need(request: Request, section: str) -> Need:
    purpose, recipient = NEEDS[section]
    policy = services(request).policies.published().current.policy
    locale = request_locale(request)
    declared = policy.purpose(purpose)
    return Need(
        purpose=purpose,
        recipient=recipient or "",
        name=declared.name.in_locale(locale),
        reason=declared.description.in_locale(locale),
    )


def task_rows(request: Request, found: Sequence[Task], zone: str, locale: Locale) -> list[TaskRow]:
    """Tasks as the page lists them, times in the user's zone."""
    now = services(request).clock.now()
    return [
        TaskRow(
            id=task.id,
            title=task.title,
            due=local_time(task.due_at, zone, locale),
            state="done" if task.completed else "due" if task.is_due(now) else "open",
        )
        for task in found
    ]


def weather_rows(forecast: Forecast, locale: Locale) -> list[DayRow]:
    """A forecast as the page's table shows it, in `locale`."""
    return [
        DayRow(
            day=d.day.isoformat(),
            sky=translate(f"assistant.sky.{sky(d.weather_code)}", locale),
            high=str(round(d.temperature_max)),  # an int: never "-0"
            low=str(round(d.temperature_min)),
            rain="–" if d.precipitation_probability is None else f"{d.precipitation_probability}%",
        )
        for d in forecast.days
    ]


def _refused(
    request: Request, principal: Principal, exc: DomainError, form: dict[str, Any]
) -> Response:
    context = {"error": refusal_message(request, exc), "form": form}
    return page(request, principal, context, status=status_of(exc))


def _shows_refusal_with(request: Request, principal: Principal, form: dict[str, Any]) -> None:
    """A refusal re-shows the page with the message and what the user had typed."""
    on_refusal(request, lambda exc: _refused(request, principal, exc, form))


@router.post(f"{PAGE}/consent")
def give_consent(
    request: Request,
    principal: User,
    section: OptionalText = None,
) -> Response:
    """Give the consent a section needs, where the feature is used (D2, D9); one click."""
    _shows_refusal_with(request, principal, {})
    if section not in NEEDS:
        raise InvalidInput("error.invalid_input")
    purpose, recipient = NEEDS[section]
    consents.decide(
        services(request),
        principal.user_id,
        (purpose, recipient, "granted"),
        request_context(request, "web"),
    )
    return redirect(f"{PAGE}#{section}")


@router.post(f"{PAGE}/weather")
def ask_weather(
    request: Request,
    principal: User,
    city: OptionalText = None,
    place_id: OptionalText = None,
) -> Response:
    form = {"city": city or ""}

    def refused(exc: DomainError) -> Response:
        if isinstance(exc, ProviderUnavailable):  # said in the weather section, not as an error
            failed = {"weather_unavailable": refusal_message(request, exc), "form": form}
            return page(request, principal, failed, status=503)
        return _refused(request, principal, exc, form)

    on_refusal(request, refused)
    query = weather.WeatherQuery(city=city or None, place_id=place_id or None)
    provider = assistant(request).weather
    forecast = weather.forecast(
        services(request), provider, principal.user_id, query, request_locale(request)
    )
    where = forecast.place or _t(
        request, "assistant.weather.near", latitude=forecast.latitude, longitude=forecast.longitude
    )
    context = {
        "forecast": weather_rows(forecast, request_locale(request)),
        "forecast_place": where,
        "form": form,
    }
    return page(request, principal, context)


@router.post(f"{PAGE}/tasks")
def add_task(
    request: Request,
    principal: User,
    title: OptionalText = None,
    due: OptionalText = None,
) -> Response:
    _shows_refusal_with(request, principal, {"title": title or "", "due": due or ""})
    svc = services(request)
    zone = accounts.profile(svc, principal.user_id).time_zone
    due_at = _parse_local(due or "", zone)
    tasks.create(svc, principal.user_id, tasks.NewTask(title or "", due_at))
    return redirect(f"{PAGE}?done=task_added#tasks")


def _parse_local(text: str, zone: str) -> datetime:
    """A datetime-local field (wall-clock time in the user's zone) as a UTC instant."""
    try:
        local = datetime.fromisoformat(text.strip())
    except ValueError as exc:
        raise InvalidInput("assistant.task.due_invalid") from exc
    if local.tzinfo is not None:
        raise InvalidInput("assistant.task.due_invalid")
    return local_to_utc(local, zone)


@router.post(f"{PAGE}/tasks/{{task_id}}/complete")
def complete_task(request: Request, principal: User, task_id: str) -> Response:
    return _task_action(request, principal, task_id, complete=True)


@router.post(f"{PAGE}/tasks/{{task_id}}/delete")
def delete_task(request: Request, principal: User, task_id: str) -> Response:
    return _task_action(request, principal, task_id, complete=False)


def _task_action(
    request: Request, principal: Principal, task_id: str, *, complete: bool
) -> Response:
    _shows_refusal_with(request, principal, {})
    svc = services(request)
    if complete:
        tasks.complete(svc, principal.user_id, task_id[:64])
    else:
        tasks.remove(svc, principal.user_id, task_id[:64])
    return redirect(f"{PAGE}?done={'task_completed' if complete else 'task_deleted'}#tasks")


@router.post(f"{PAGE}/places")
def add_place(
    request: Request,
    principal: User,
    *,
    kind: OptionalText = None,
    label: OptionalText = None,
    latitude: OptionalText = None,
    longitude: OptionalText = None,
) -> Response:
    form = {"label": label or "", "latitude": latitude or "", "longitude": longitude or ""}
    _shows_refusal_with(request, principal, form)
    point = _point(latitude, longitude)
    places.add(services(request), principal.user_id, _kind(kind), label or "", point)
    return redirect(f"{PAGE}?done=place_added#places")


def _point(latitude: str | None, longitude: str | None) -> Coordinates:
    try:
        return Coordinates(float(latitude or ""), float(longitude or ""))
    except ValueError as exc:
        raise InvalidInput("assistant.place.bad_coordinates") from exc


def _kind(kind: str | None) -> PlaceKind:
    for known in PLACE_KINDS:
        if kind == known:
            return known
    raise InvalidInput("error.invalid_input")


@router.post(f"{PAGE}/places/{{place_id}}/delete")
def delete_place(request: Request, principal: User, place_id: str) -> Response:
    _shows_refusal_with(request, principal, {})
    places.remove(services(request), principal.user_id, place_id[:64])
    return redirect(f"{PAGE}?done=place_deleted#places")


@router.post(f"{PAGE}/navigation")
def navigate(
    request: Request,
    principal: User,
    *,
    destination: OptionalText = None,
    destination_place_id: OptionalText = None,
    origin_place_id: OptionalText = None,
    share_origin: OptionalText = None,
) -> Response:
    """The hand-off page: the provider's notice first, then a link the user follows."""
    _shows_refusal_with(request, principal, {"destination": destination or ""})
    command = navigation.NavigationRequest(
        destination=None if destination_place_id else destination or None,
        destination_place_id=destination_place_id or None,
        origin_place_id=(origin_place_id or None) if share_origin == "yes" else None,
    )
    handoff = navigation.hand_off(
        services(request), assistant(request).navigation, principal.user_id, command
    )
    context = {
        "notice": notices.leaving(handoff.provider, handoff.fields, request_locale(request)),
        "provider": handoff.provider,
        "url": handoff.url,
    }
    return render(request, "assistant_handoff.html", context)


@router.post(f"{PAGE}/tickets")
def preview_tickets(
    request: Request,
    principal: User,
    query: OptionalText = None,
    near_place_id: OptionalText = None,
) -> Response:
    """The partner's notice, naming exactly what would be sent, before anything is."""
    svc = services(request)
    ask = tickets.TicketAsk(query=query or None, near_place_id=near_place_id or None)
    _shows_refusal_with(request, principal, {"query": query or ""})
    prepared = tickets.prepare(svc, principal.user_id, ask)
    locale = request_locale(request)
    partner = notices.partner_name(svc, locale)
    context = {
        "notice": notices.sending(partner, prepared.fields, locale),
        "provider": partner,
        "ticket": {"query": query or "", "near_place_id": near_place_id or ""},
    }
    return render(request, "assistant_handoff.html", context)


@router.post(f"{PAGE}/tickets/send")
def send_tickets(
    request: Request,
    principal: User,
    query: OptionalText = None,
    near_place_id: OptionalText = None,
) -> Response:
    svc = services(request)
    locale = request_locale(request)
    ask = tickets.TicketAsk(query=query or None, near_place_id=near_place_id or None)
    _shows_refusal_with(request, principal, {"query": query or ""})
    booked = tickets.book(svc, assistant(request).tickets, principal.user_id, ask, locale)
    return page(request, principal, {"offer": booked.offer})
