"""Weather through the real Open-Meteo client against a local server (1b; D2)."""

from __future__ import annotations

import pytest

from jobexp.domain.errors import InvalidInput, NotFound
from jobexp.domain.geo import Coordinates
from jobexp.domain.providers import ProviderUnavailable
from jobexp.domain.purposes import PurposeDenied
from jobexp.service_layer import places, weather
from jobexp.service_layer.context import Services
from jobexp.service_layer.ports import AssistantParts
from jobexp.types import UserId
from tests.support.assistant_fixtures import grant
from tests.support.assistant_servers import FakeOpenMeteo
from tests.support.factories import sign_up

PRECISE = Coordinates(31.230416, 121.473701)


def _user(svc: Services) -> UserId:
    user_id = sign_up(svc)
    grant(svc, user_id, "weather")
    return user_id


def test_a_point_leaves_rounded_to_two_decimals(
    svc: Services, assistant: AssistantParts, open_meteo: FakeOpenMeteo
) -> None:
    result = weather.forecast(
        svc, assistant.weather, _user(svc), weather.WeatherQuery(point=PRECISE), "en"
    )
    [sent] = open_meteo.requests
    assert sent.path == "/v1/forecast"
    assert (sent.params["latitude"], sent.params["longitude"]) == ("31.23", "121.47")
    assert "230416" not in str(sent.params) and "473701" not in str(sent.params)
    assert sent.params["daily"].startswith("weather_code") and "hourly" in sent.params
    assert (result.latitude, result.longitude) == ("31.23", "121.47")
    assert len(result.days) == 3 and result.days[1].precipitation_probability == 80


def test_nothing_identifying_goes_with_the_request(
    svc: Services, assistant: AssistantParts, open_meteo: FakeOpenMeteo
) -> None:
    weather.forecast(
        svc, assistant.weather, _user(svc), weather.WeatherQuery(city="Shanghai"), "en"
    )
    for sent in open_meteo.requests:
        assert "cookie" not in sent.headers and "authorization" not in sent.headers
        assert set(sent.params) <= {
            "name",
            "count",
            "language",
            "format",
            "latitude",
            "longitude",
            "daily",
            "hourly",
            "timezone",
            "forecast_days",
        }


def test_a_named_city_is_found_then_forecast(
    svc: Services, assistant: AssistantParts, open_meteo: FakeOpenMeteo
) -> None:
    result = weather.forecast(
        svc, assistant.weather, _user(svc), weather.WeatherQuery(city=" 上海 "), "zh-CN"
    )
    search, forecast = open_meteo.requests
    assert search.params == {"name": "上海", "count": "1", "language": "zh", "format": "json"}
    assert (forecast.params["latitude"], forecast.params["longitude"]) == ("31.22", "121.46")
    assert result.place == "上海"


def test_an_unknown_city_is_a_clear_not_found(
    svc: Services, assistant: AssistantParts, open_meteo: FakeOpenMeteo
) -> None:
    with pytest.raises(NotFound) as refused:
        weather.forecast(
            svc, assistant.weather, _user(svc), weather.WeatherQuery(city="Atlantis"), "en"
        )
    assert refused.value.message_key == "assistant.weather.city_unknown"
    assert [r.path for r in open_meteo.requests] == ["/v1/search"]


def test_a_saved_place_is_coarsened_before_it_leaves(
    svc: Services, assistant: AssistantParts, open_meteo: FakeOpenMeteo
) -> None:
    user_id = _user(svc)
    grant(svc, user_id, "task_appointments")
    home = places.add(svc, user_id, "home", "Home", PRECISE)
    weather.forecast(svc, assistant.weather, user_id, weather.WeatherQuery(place_id=home.id), "en")
    assert open_meteo.requests[0].params["latitude"] == "31.23"


def test_without_the_weather_consent_nothing_is_sent(
    svc: Services, assistant: AssistantParts, open_meteo: FakeOpenMeteo
) -> None:
    user_id = sign_up(svc)
    for query in (weather.WeatherQuery(city="Shanghai"), weather.WeatherQuery(point=PRECISE)):
        with pytest.raises(PurposeDenied):
            weather.forecast(svc, assistant.weather, user_id, query, "en")
    assert open_meteo.requests == []


@pytest.mark.parametrize("mode", ["down", "garbage", "slow"])
def test_a_failing_provider_is_reported_as_unavailable(
    svc: Services, assistant: AssistantParts, open_meteo: FakeOpenMeteo, mode: str
) -> None:
    user_id = _user(svc)
    open_meteo.mode = mode  # type: ignore[assignment]
    with pytest.raises(ProviderUnavailable) as failed:
        weather.forecast(svc, assistant.weather, user_id, weather.WeatherQuery(point=PRECISE), "en")
    assert failed.value.message_key == "assistant.weather.unavailable"


def test_a_query_names_exactly_one_place() -> None:
    with pytest.raises(InvalidInput):
        weather.WeatherQuery(city="Shanghai", point=PRECISE)
    with pytest.raises(InvalidInput):
        weather.WeatherQuery()
