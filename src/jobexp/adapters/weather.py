"""Open-Meteo: the forecast API (/v1/forecast) and the geocoding API (/v1/search).

Only a coarse location (two decimals) or a city name is ever sent; no identifier, no cookie.
Any failure to reach the provider or to read its answer becomes `ProviderUnavailable`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import httpx

from jobexp.domain.geo import CoarseLocation, Coordinates, coarsen
from jobexp.domain.providers import ProviderUnavailable
from jobexp.domain.weather import DayForecast, Forecast, HourForecast
from jobexp.types import Locale

__all__ = ["DAILY", "HOURLY", "OpenMeteo"]

DAILY = "weather_code,temperature_2m_max,temperature_2m_min,precipitation_probability_max"
HOURLY = "temperature_2m,weather_code"
FORECAST_DAYS = 3
LANGUAGES = {"en": "en", "zh-CN": "zh"}


class OpenMeteo:
    def __init__(self, forecast_url: str, geocoding_url: str, timeout_seconds: float) -> None:
        self._forecast_url = forecast_url.rstrip("/")
        self._geocoding_url = geocoding_url.rstrip("/")
        self._timeout = httpx.Timeout(timeout_seconds)

    def locate(self, city: str, locale: Locale) -> tuple[str, CoarseLocation] | None:
        params = {"name": city, "count": "1", "language": LANGUAGES[locale], "format": "json"}
        body = self._get(f"{self._geocoding_url}/v1/search", params)
        results = body.get("results") or []
        if not results:
            return None
        try:
            first = results[0]
            point = Coordinates(float(first["latitude"]), float(first["longitude"]))
            return str(first["name"]), coarsen(point)
        except (KeyError, TypeError, ValueError, IndexError) as exc:
            raise ProviderUnavailable("assistant.weather.unavailable") from exc

    def forecast(self, where: CoarseLocation) -> Forecast:
        params = {
            "latitude": where.latitude,
            "longitude": where.longitude,
            "daily": DAILY,
            "hourly": HOURLY,
            "timezone": "auto",
            "forecast_days": str(FORECAST_DAYS),
        }
        body = self._get(f"{self._forecast_url}/v1/forecast", params)
        try:
            return _forecast(body, where)
        except (KeyError, TypeError, ValueError, IndexError) as exc:
            raise ProviderUnavailable("assistant.weather.unavailable") from exc

    def _get(self, url: str, params: dict[str, str]) -> dict[str, Any]:
        try:
            with httpx.Client(timeout=self._timeout, follow_redirects=False) as client:
                response = client.get(url, params=params, headers={"accept": "application/json"})
            response.raise_for_status()
            body = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise ProviderUnavailable("assistant.weather.unavailable") from exc
        if not isinstance(body, dict) or body.get("error"):
            raise ProviderUnavailable("assistant.weather.unavailable")
        return body


def _forecast(body: dict[str, Any], where: CoarseLocation) -> Forecast:
    daily, hourly = body["daily"], body["hourly"]
    days = tuple(
        DayForecast(
            day=date.fromisoformat(day),
            weather_code=int(code),
            temperature_max=float(high),
            temperature_min=float(low),
            precipitation_probability=None if rain is None else int(rain),
        )
        for day, code, high, low, rain in zip(
            daily["time"],
            daily["weather_code"],
            daily["temperature_2m_max"],
            daily["temperature_2m_min"],
            daily["precipitation_probability_max"],
            strict=True,
        )
    )
    hours = tuple(
        HourForecast(at=datetime.fromisoformat(at), temperature=float(temp), weather_code=int(code))
        for at, temp, code in zip(
            hourly["time"], hourly["temperature_2m"], hourly["weather_code"], strict=True
        )
    )
    if not days:
        raise ValueError("a forecast without days")
    return Forecast(
        place=None,
        latitude=where.latitude,
        longitude=where.longitude,
        utc_offset_seconds=int(body.get("utc_offset_seconds", 0)),
        days=days,
        hours=hours,
    )
