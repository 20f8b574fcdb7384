"""A weather forecast as JobExp shows it, whatever provider answered."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

__all__ = [
    "DayForecast",
    "Forecast",
    "HourForecast",
    "sky",
]

# WMO weather interpretation codes, as Open-Meteo reports them, in the groups a person reads.
_SKY = {
    0: "clear",
    1: "cloudy",
    2: "cloudy",
    3: "cloudy",
    45: "fog",
    48: "fog",
    **dict.fromkeys((51, 53, 55, 56, 57), "drizzle"),
    **dict.fromkeys((61, 63, 65, 66, 67, 80, 81, 82), "rain"),
    **dict.fromkeys((71, 73, 75, 77, 85, 86), "snow"),
    **dict.fromkeys((95, 96, 99), "thunderstorm"),
}


def sky(weather_code: int) -> str:
    """The group of a WMO code ("unknown" for one we do not know): an i18n key suffix."""
    return _SKY.get(weather_code, "unknown")


@dataclass(frozen=True)
class DayForecast:
    day: date
    weather_code: int
    temperature_max: float
    temperature_min: float
    precipitation_probability: int | None


@dataclass(frozen=True)
class HourForecast:
    at: datetime  # local time at the place, as the provider reports it
    temperature: float
    weather_code: int


@dataclass(frozen=True)
class Forecast:
    place: str | None  # the city's name when the user named one
    latitude: str  # the coarse point the provider was asked about
    longitude: str
    utc_offset_seconds: int  # of the place's local time, which the hours are given in
    days: tuple[DayForecast, ...]
    hours: tuple[HourForecast, ...]

    def next_hours(self, now: datetime, count: int = 12) -> tuple[HourForecast, ...]:
        """The hours from the current one on, at the place (its local clock)."""
        local_now = (now + timedelta(seconds=self.utc_offset_seconds)).replace(tzinfo=None)
        start = local_now.replace(minute=0, second=0, microsecond=0)
        return tuple(h for h in self.hours if h.at >= start)[:count]
