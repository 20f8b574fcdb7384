"""The Open-Meteo client against a local server speaking Open-Meteo's format."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from jobexp.adapters.weather import DAILY, HOURLY, OpenMeteo
from jobexp.domain.geo import CoarseLocation
from jobexp.domain.providers import ProviderUnavailable
from tests.support.assistant_servers import FakeOpenMeteo, serving
from tests.support.net import free_port


@pytest.fixture
def server() -> Iterator[FakeOpenMeteo]:
    with serving(FakeOpenMeteo()) as fake:
        assert isinstance(fake, FakeOpenMeteo)
        yield fake


def _client(server: FakeOpenMeteo) -> OpenMeteo:
    return OpenMeteo(server.url, server.url, 1.0)


def test_the_forecast_request_names_what_open_meteo_expects(server: FakeOpenMeteo) -> None:
    forecast = _client(server).forecast(CoarseLocation("31.23", "121.47"))
    [sent] = server.requests
    assert sent.params == {
        "latitude": "31.23",
        "longitude": "121.47",
        "daily": DAILY,
        "hourly": HOURLY,
        "timezone": "auto",
        "forecast_days": "3",
    }
    assert [d.day.isoformat() for d in forecast.days] == ["2026-11-30", "2026-12-01", "2026-12-02"]
    assert forecast.utc_offset_seconds == 28800 and len(forecast.hours) == 72


def test_the_next_hours_start_at_the_current_hour_at_the_place(server: FakeOpenMeteo) -> None:
    forecast = _client(server).forecast(CoarseLocation("31.23", "121.47"))
    now = datetime(2026, 11, 30, 2, 30, tzinfo=UTC)  # 10:30 in Shanghai
    hours = forecast.next_hours(now, 3)
    assert [h.at.hour for h in hours] == [10, 11, 12]


def test_a_city_nobody_knows_is_none(server: FakeOpenMeteo) -> None:
    assert _client(server).locate("Atlantis", "en") is None


def test_open_meteos_own_error_answer_is_unavailable(server: FakeOpenMeteo) -> None:
    client = _client(server)
    with pytest.raises(ProviderUnavailable):
        client._get(f"{server.url}/v1/forecast", {"latitude": "north"})


def test_nothing_listening_is_unavailable() -> None:
    client = OpenMeteo(f"http://127.0.0.1:{free_port()}", "http://127.0.0.1:9", 1.0)
    with pytest.raises(ProviderUnavailable):
        client.forecast(CoarseLocation("31.23", "121.47"))
