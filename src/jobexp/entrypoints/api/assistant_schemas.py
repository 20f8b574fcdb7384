"""Bodies of the assistant's endpoints: weather, tasks and reminders, saved places."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import AwareDatetime, BaseModel, Field

from jobexp.domain.places import LABEL_MAX
from jobexp.domain.tasks import TITLE_MAX
from jobexp.entrypoints.api.schemas import Strict, Text


class WeatherIn(Strict):
    """Exactly one of: a city, a point (latitude and longitude), or a saved place."""

    city: Text | None = Field(default=None, min_length=1, max_length=100)
    latitude: float | None = Field(default=None, ge=-90, le=90, allow_inf_nan=False)
    longitude: float | None = Field(default=None, ge=-180, le=180, allow_inf_nan=False)
    place_id: str | None = Field(default=None, min_length=1, max_length=64)


class DayOut(BaseModel):
    day: date
    weather_code: int
    sky: str = Field(description="The weather in words, in the request's language")
    temperature_max: float
    temperature_min: float
    precipitation_probability: int | None


class HourOut(BaseModel):
    at: datetime = Field(description="Local time at the place")
    temperature: float
    weather_code: int


class WeatherOut(BaseModel):
    place: str | None
    latitude: str = Field(description="The coarse point the provider was asked about")
    longitude: str
    days: list[DayOut]
    hours: list[HourOut]


class TaskIn(Strict):
    title: Text = Field(min_length=1, max_length=TITLE_MAX)
    due_at: AwareDatetime = Field(description="When to remind, with its UTC offset")


class TaskOut(BaseModel):
    id: str
    title: str
    due_at: datetime = Field(description="UTC")
    created_at: datetime
    completed: bool
    completed_at: datetime | None


class PlaceIn(Strict):
    kind: Literal["home", "work", "frequent"]
    label: Text = Field(min_length=1, max_length=LABEL_MAX)
    latitude: float = Field(ge=-90, le=90, allow_inf_nan=False)
    longitude: float = Field(ge=-180, le=180, allow_inf_nan=False)


class PlaceOut(BaseModel):
    id: str
    kind: Literal["home", "work", "frequent"]
    label: str
    latitude: float
    longitude: float


class NavigationIn(Strict):
    """A destination (words, or a saved place); the origin goes only if one is given here."""

    destination: Text | None = Field(default=None, min_length=1, max_length=200)
    destination_place_id: str | None = Field(default=None, min_length=1, max_length=64)
    origin_place_id: str | None = Field(default=None, min_length=1, max_length=64)
    origin_latitude: float | None = Field(default=None, ge=-90, le=90, allow_inf_nan=False)
    origin_longitude: float | None = Field(default=None, ge=-180, le=180, allow_inf_nan=False)


class NavigationOut(BaseModel):
    url: str = Field(description="Open only after showing `notice` to the user")
    provider: str
    shares: list[str] = Field(description="The fields the URL carries")
    notice: str = Field(description="The redirect notice the client must show first")


class TicketIn(Strict):
    """The recognized text and/or where to look; sent to the partner only with its consent."""

    query: Text | None = Field(default=None, min_length=1, max_length=500)
    near_latitude: float | None = Field(default=None, ge=-90, le=90, allow_inf_nan=False)
    near_longitude: float | None = Field(default=None, ge=-180, le=180, allow_inf_nan=False)
    near_place_id: str | None = Field(default=None, min_length=1, max_length=64)
    notice_shown: Literal[True] = Field(
        description="The client showed GET /api/v1/tickets/notice to the user first"
    )


class TicketNoticeOut(BaseModel):
    partner: str
    notice: str


class TicketOut(BaseModel):
    reference: str
    summary: str
    booking_url: str | None
    partner: str
    shares: list[str] = Field(description="The fields the partner received")
