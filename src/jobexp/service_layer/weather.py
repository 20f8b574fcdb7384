"""The weather where the user is (1b; D2): only a coarse location or a city name leaves.

The weather consent is checked before anything is sent; the provider is called outside any
transaction, so a slow provider never holds a database connection.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from jobexp.domain.errors import InvalidInput, NotFound
from jobexp.domain.geo import CoarseLocation, Coordinates, clean_city, coarsen
from jobexp.domain.purposes import Access
from jobexp.domain.weather import Forecast
from jobexp.policy.ids import CategoryId, PurposeId
from jobexp.service_layer import places
from jobexp.service_layer.context import Services
from jobexp.service_layer.data_keys import USER_KEY
from jobexp.service_layer.ports import WeatherProvider
from jobexp.types import Locale, UserId

__all__ = ["ACCESS", "WeatherQuery", "forecast"]

ACCESS = Access(PurposeId.WEATHER, (CategoryId.LOCATION_COARSE,), "read")


@dataclass(frozen=True)
class WeatherQuery:
    """Exactly one of: a city the user names, a point, or one of the user's saved places."""

    city: str | None = None
    point: Coordinates | None = None
    place_id: str | None = None

    def __post_init__(self) -> None:
        given = sum(x is not None for x in (self.city, self.point, self.place_id))
        if given != 1:
            raise InvalidInput("assistant.weather.one_place")


def forecast(
    svc: Services, provider: WeatherProvider, user_id: UserId, query: WeatherQuery, locale: Locale
) -> Forecast:
    name: str | None = None
    if query.city is not None:
        city = clean_city(query.city)
        _require_consent(svc, user_id)
        found = provider.locate(city, locale)
        if found is None:
            raise NotFound("assistant.weather.city_unknown", city=city)
        name, where = found
    else:
        where = _coarse_point(svc, user_id, query)
    result = provider.forecast(where)
    return replace(result, place=name)


def _require_consent(svc: Services, user_id: UserId) -> None:
    with svc.uow(ACCESS, subject=user_id, readonly=True):
        pass


def _coarse_point(svc: Services, user_id: UserId, query: WeatherQuery) -> CoarseLocation:
    if query.point is not None:
        _require_consent(svc, user_id)
        return coarsen(query.point)
    assert query.place_id is not None
    with svc.uow(ACCESS, places.READ, USER_KEY, subject=user_id, readonly=True) as uow:
        return coarsen(places.get(svc, uow, user_id, query.place_id).point)
