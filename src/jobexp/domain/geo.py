"""Locations: checked coordinates, and the coarse form that may leave JobExp (1b; D2).

A `CoarseLocation` can only be made by `coarsen` (or from a city name): a port that accepts
one can never be handed precise coordinates by mistake.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass

from jobexp.domain.errors import InvalidInput

__all__ = ["COARSE_DECIMALS", "CoarseLocation", "Coordinates", "clean_city", "coarsen"]

# Two decimals of a degree is about 1.1 km of latitude (less of longitude away from the equator).
COARSE_DECIMALS = 2
CITY_MAX = 100


@dataclass(frozen=True)
class Coordinates:
    """A point on Earth; refused unless both numbers are finite and in range."""

    latitude: float
    longitude: float

    def __post_init__(self) -> None:
        lat, lon = self.latitude, self.longitude
        if not (math.isfinite(lat) and math.isfinite(lon)):
            raise InvalidInput("assistant.place.bad_coordinates")
        if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
            raise InvalidInput("assistant.place.bad_coordinates")

    def as_text(self) -> str:
        return f"{self.latitude!r},{self.longitude!r}"

    @classmethod
    def from_text(cls, text: str) -> Coordinates:
        lat, _, lon = text.partition(",")
        return cls(float(lat), float(lon))


@dataclass(frozen=True)
class CoarseLocation:
    """A location to about 1 km, as fixed-point text so no float noise adds digits."""

    latitude: str
    longitude: str

    def __post_init__(self) -> None:
        for value in (self.latitude, self.longitude):
            _, _, decimals = value.partition(".")
            if len(decimals) > COARSE_DECIMALS:
                raise ValueError("a coarse location carries at most two decimals")


def coarsen(point: Coordinates) -> CoarseLocation:
    """Round to the ~1 km grid; -0.00 is written 0.00."""
    return CoarseLocation(_fixed(point.latitude), _fixed(point.longitude))


def _fixed(value: float) -> str:
    text = f"{round(value, COARSE_DECIMALS):.{COARSE_DECIMALS}f}"
    return "0.00" if text == "-0.00" else text


def clean_city(text: str) -> str:
    """A city name as typed: trimmed, NFC, 1-100 characters, no control characters."""
    city = unicodedata.normalize("NFC", text).strip()
    if not city:
        raise InvalidInput("assistant.weather.city_empty")
    if len(city) > CITY_MAX or any(unicodedata.category(ch).startswith("C") for ch in city):
        raise InvalidInput("assistant.weather.city_invalid")
    return city
