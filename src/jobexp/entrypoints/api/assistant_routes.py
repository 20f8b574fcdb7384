"""API routes of the assistant: weather, task appointments and reminders, saved places.

A bearer device token or a session cookie (with the CSRF header for writes) identifies the
user; each use case runs its own purpose check, so a missing consent is a clear 403.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request, Response

from jobexp.domain.geo import Coordinates
from jobexp.domain.places import SavedPlace
from jobexp.domain.tasks import Task
from jobexp.domain.weather import Forecast, sky
from jobexp.entrypoints.api.assistant_common import errors, point
from jobexp.entrypoints.api.assistant_schemas import (
    DayOut,
    HourOut,
    PlaceIn,
    PlaceOut,
    TaskIn,
    TaskOut,
    WeatherIn,
    WeatherOut,
)
from jobexp.entrypoints.principal import ApiUser
from jobexp.entrypoints.requests import assistant, request_locale, services
from jobexp.i18n import translate
from jobexp.service_layer import places, tasks, weather
from jobexp.types import Locale

__all__ = ["router"]

router = APIRouter(prefix="/api/v1", tags=["assistant"])
RowId = Annotated[str, Path(min_length=1, max_length=64)]


@router.post(
    "/weather", response_model=WeatherOut, responses=errors(404, 503), summary="Weather forecast"
)
def get_weather(body: WeatherIn, request: Request, principal: ApiUser) -> WeatherOut | Response:
    """The forecast for a city, a point or a saved place; only a ~1 km location is sent."""
    locale = request_locale(request)
    where = point(body.latitude, body.longitude)
    query = weather.WeatherQuery(city=body.city, point=where, place_id=body.place_id)
    # A provider that does not answer is a 503 with a message (errors.STATUS).
    result = weather.forecast(
        services(request), assistant(request).weather, principal.user_id, query, locale
    )
    return weather_out(result, locale, services(request).clock.now())


def weather_out(forecast: Forecast, locale: Locale, now: datetime) -> WeatherOut:
    return WeatherOut(
        place=forecast.place,
        latitude=forecast.latitude,
        longitude=forecast.longitude,
        days=[
            DayOut(**d.__dict__, sky=translate(f"assistant.sky.{sky(d.weather_code)}", locale))
            for d in forecast.days
        ],
        hours=[HourOut(**h.__dict__) for h in forecast.next_hours(now)],
    )


def task_out(task: Task) -> TaskOut:
    return TaskOut(
        id=task.id,
        title=task.title,
        due_at=task.due_at,
        created_at=task.created_at,
        completed=task.completed,
        completed_at=task.completed_at,
    )


@router.get("/tasks", response_model=list[TaskOut], responses=errors())
def list_tasks(request: Request, principal: ApiUser) -> list[TaskOut]:
    """Every task appointment of this user, soonest first."""
    return [task_out(t) for t in tasks.list_tasks(services(request), principal.user_id)]


@router.post("/tasks", status_code=201, response_model=TaskOut, responses=errors())
def create_task(body: TaskIn, request: Request, principal: ApiUser) -> TaskOut:
    """Add a task appointment; its title is encrypted with the user's own key."""
    command = tasks.NewTask(title=body.title, due_at=body.due_at)
    return task_out(tasks.create(services(request), principal.user_id, command))


@router.post("/tasks/{task_id}/complete", response_model=TaskOut, responses=errors(404))
def complete_task(task_id: RowId, request: Request, principal: ApiUser) -> TaskOut:
    return task_out(tasks.complete(services(request), principal.user_id, task_id))


@router.delete("/tasks/{task_id}", status_code=204, response_class=Response, responses=errors(404))
def delete_task(task_id: RowId, request: Request, principal: ApiUser) -> Response:
    tasks.remove(services(request), principal.user_id, task_id)
    return Response(status_code=204)


@router.get("/reminders/due", response_model=list[TaskOut], responses=errors())
def due_reminders(request: Request, principal: ApiUser) -> list[TaskOut]:
    """Open tasks whose time has come: devices poll this to show reminders."""
    return [task_out(t) for t in tasks.due_reminders(services(request), principal.user_id)]


# Server-sent events: each connection gets the reminders due now and closes; EventSource
# reconnects after `retry`, so a device is reminded within half a minute without polling code.
RETRY_MS = 30_000
STREAM_DOC: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "One `reminder` event per due task (its data is a TaskOut), then `retry`",
        "content": {"text/event-stream": {"schema": {"type": "string"}}},
    }
}


@router.get(
    "/reminders/stream",
    response_class=Response,
    responses={**errors(), **STREAM_DOC},
    summary="Due reminders as server-sent events",
)
def reminder_stream(request: Request, principal: ApiUser) -> Response:
    due = tasks.due_reminders(services(request), principal.user_id)
    events = [
        f"event: reminder\nid: {t.id}\ndata: {task_out(t).model_dump_json()}\n\n" for t in due
    ]
    body = "".join(events) + f"retry: {RETRY_MS}\n\n"
    headers = {"cache-control": "no-store"}
    return Response(body, media_type="text/event-stream", headers=headers)


def place_out(place: SavedPlace) -> PlaceOut:
    return PlaceOut(
        id=place.id,
        kind=place.kind,
        label=place.label,
        latitude=place.point.latitude,
        longitude=place.point.longitude,
    )


@router.get("/places", response_model=list[PlaceOut], responses=errors())
def list_places(request: Request, principal: ApiUser) -> list[PlaceOut]:
    return [place_out(p) for p in places.list_places(services(request), principal.user_id)]


@router.post("/places", status_code=201, response_model=PlaceOut, responses=errors(409))
def add_place(body: PlaceIn, request: Request, principal: ApiUser) -> PlaceOut:
    """Save home, work or study, or a frequent place (needs the precise-location consent)."""
    point = Coordinates(body.latitude, body.longitude)
    place = places.add(services(request), principal.user_id, body.kind, body.label, point)
    return place_out(place)


@router.delete(
    "/places/{place_id}", status_code=204, response_class=Response, responses=errors(404)
)
def delete_place(place_id: RowId, request: Request, principal: ApiUser) -> Response:
    places.remove(services(request), principal.user_id, place_id)
    return Response(status_code=204)
