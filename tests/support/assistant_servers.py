"""Local stand-ins for the assistant's third parties, speaking their real formats on loopback.

`FakeOpenMeteo` answers /v1/forecast and /v1/search as Open-Meteo does; `FakeTicketPartner`
checks the API key and records every request. Both can be told to fail, answer garbage or
be slow, so the real clients are tested against every way a provider goes wrong.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Literal

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from tests.support.live_server import live_server

Mode = Literal["ok", "down", "garbage", "slow"]
SLOW_SECONDS = 1.5  # longer than the test clients' 1 s timeout
FIRST_DAY = date(2026, 11, 30)  # the suite's clock

# name as asked (lower case) -> (English name, Chinese name, latitude, longitude)
CITIES = {
    "shanghai": ("Shanghai", "上海", 31.22222, 121.45806),
    "上海": ("Shanghai", "上海", 31.22222, 121.45806),
    "hangzhou": ("Hangzhou", "杭州", 30.29365, 120.16142),
}


@dataclass
class Recorded:
    path: str
    params: dict[str, str]
    headers: dict[str, str]
    body: Any = None


@dataclass
class _Fake:
    url: str = ""
    mode: Mode = "ok"
    requests: list[Recorded] = field(default_factory=list)

    def reset(self) -> None:
        self.mode = "ok"
        self.requests.clear()

    async def _misbehave(self) -> Response | None:
        if self.mode == "slow":
            await asyncio.sleep(SLOW_SECONDS)
        if self.mode == "down":
            return PlainTextResponse("upstream unavailable", status_code=502)
        if self.mode == "garbage":
            return PlainTextResponse("<html>maintenance</html>", status_code=200)
        return None

    async def _record(self, request: Request) -> Recorded:
        body = await request.json() if request.method == "POST" else None
        seen = Recorded(request.url.path, dict(request.query_params), dict(request.headers), body)
        self.requests.append(seen)
        return seen


class FakeOpenMeteo(_Fake):
    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/v1/forecast", self.forecast),
                Route("/v1/search", self.search),
            ]
        )

    async def forecast(self, request: Request) -> Response:
        seen = await self._record(request)
        failure = await self._misbehave()
        if failure is not None:
            return failure
        try:
            lat, lon = float(seen.params["latitude"]), float(seen.params["longitude"])
            days = int(seen.params.get("forecast_days", "7"))
        except (KeyError, ValueError):
            reason = "Parameter 'latitude' and 'longitude' must have the same number of elements"
            return JSONResponse({"error": True, "reason": reason}, status_code=400)
        return JSONResponse(forecast_body(lat, lon, days))

    async def search(self, request: Request) -> Response:
        seen = await self._record(request)
        failure = await self._misbehave()
        if failure is not None:
            return failure
        city = CITIES.get(seen.params.get("name", "").lower())
        if city is None:
            return JSONResponse({"generationtime_ms": 0.31})
        english, chinese, lat, lon = city
        name = chinese if seen.params.get("language") == "zh" else english
        result = {
            "id": 1796236,
            "name": name,
            "latitude": lat,
            "longitude": lon,
            "elevation": 12.0,
            "feature_code": "PPLA",
            "country_code": "CN",
            "timezone": "Asia/Shanghai",
            "population": 24874500,
            "country": "中国" if name == chinese else "China",
            "admin1": name,
        }
        return JSONResponse({"results": [result], "generationtime_ms": 0.62})


def forecast_body(lat: float, lon: float, days: int) -> dict[str, Any]:
    """Open-Meteo's answer for `daily` and `hourly` with timezone=auto (here: Shanghai)."""
    dates = [FIRST_DAY + timedelta(days=i) for i in range(days)]
    hours = [f"{d.isoformat()}T{h:02d}:00" for d in dates for h in range(24)]
    codes = [3, 61, 0, 71, 95, 45, 1][:days]
    return {
        "latitude": round(lat * 4) / 4,  # the model's grid, as the real service snaps to it
        "longitude": round(lon * 4) / 4,
        "generationtime_ms": 0.08,
        "utc_offset_seconds": 28800,
        "timezone": "Asia/Shanghai",
        "timezone_abbreviation": "GMT+8",
        "elevation": 4.0,
        "hourly_units": {"time": "iso8601", "temperature_2m": "°C", "weather_code": "wmo code"},
        "hourly": {
            "time": hours,
            "temperature_2m": [round(8 + (i % 24) / 3, 1) for i in range(len(hours))],
            "weather_code": [codes[i // 24] for i in range(len(hours))],
        },
        "daily_units": {
            "time": "iso8601",
            "weather_code": "wmo code",
            "temperature_2m_max": "°C",
            "temperature_2m_min": "°C",
            "precipitation_probability_max": "%",
        },
        "daily": {
            "time": [d.isoformat() for d in dates],
            "weather_code": codes,
            "temperature_2m_max": [14.2, 11.0, 12.5, 3.1, 18.0, 9.9, 10.0][:days],
            "temperature_2m_min": [8.1, 7.4, 6.0, -2.0, 12.3, 5.5, 4.0][:days],
            "precipitation_probability_max": [10, 80, 0, 55, 90, None, 5][:days],
        },
    }


API_KEY = "partner-test-key-7f3a"


class FakeTicketPartner(_Fake):
    def app(self) -> Starlette:
        return Starlette(routes=[Route("/v1/offers", self.offers, methods=["POST"])])

    async def offers(self, request: Request) -> Response:
        seen = await self._record(request)
        if seen.headers.get("x-api-key") != API_KEY:
            return JSONResponse({"error": "unauthorized"}, status_code=401)
        failure = await self._misbehave()
        if failure is not None:
            return failure
        reference = f"TKT-{len(self.requests):04d}"
        query = (seen.body or {}).get("query") or "tickets nearby"
        return JSONResponse(
            {
                "reference": reference,
                "summary": f"2 seats for “{query}”, 180.00 CNY",
                "booking_url": f"https://partner.example/offers/{reference}",
            },
            status_code=201,
        )


@contextmanager
def serving(fake: _Fake) -> Iterator[_Fake]:
    app = fake.app()  # type: ignore[attr-defined]
    with live_server(app) as url:
        fake.url = url
        yield fake
