"""The assistant's outside dependencies, as contracts the composition root fills in.

Each has a real implementation in `jobexp.adapters` that the tests drive against a local
server speaking the provider's format.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from jobexp.domain.geo import CoarseLocation
from jobexp.domain.handoff import MapStyle, PartnerRequest, TicketOffer
from jobexp.domain.weather import Forecast
from jobexp.types import Locale

__all__ = [
    "AssistantParts",
    "NavigationProvider",
    "TicketOffer",
    "TicketPartner",
    "WeatherProvider",
]


class WeatherProvider(Protocol):
    """Forecasts for a coarse location; raises ProviderUnavailable when it cannot answer."""

    def locate(self, city: str, locale: Locale) -> tuple[str, CoarseLocation] | None:
        """The city's name and coarse position, or None when no place has that name."""
        ...

    def forecast(self, where: CoarseLocation) -> Forecast: ...


class TicketPartner(Protocol):
    """The ticket-booking partner; it receives only what `PartnerRequest.payload` holds."""

    def offer(self, request: PartnerRequest, locale: Locale) -> TicketOffer: ...


@dataclass(frozen=True)
class NavigationProvider:
    """Where navigation hands off: the URL style, its base, and the name the notice shows."""

    style: MapStyle
    base_url: str
    name: str


@dataclass(frozen=True)
class AssistantParts:
    weather: WeatherProvider
    navigation: NavigationProvider
    tickets: TicketPartner | None  # None: no partner configured, booking answers 503
