"""Coordinates and the coarse location that may leave JobExp (D2)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jobexp.domain.errors import InvalidInput
from jobexp.domain.geo import CoarseLocation, Coordinates, clean_city, coarsen

latitudes = st.floats(min_value=-90, max_value=90, allow_nan=False)
longitudes = st.floats(min_value=-180, max_value=180, allow_nan=False)


@given(latitudes, longitudes)
def test_a_coarsened_point_never_carries_more_than_two_decimals(lat: float, lon: float) -> None:
    coarse = coarsen(Coordinates(lat, lon))
    for text, exact in ((coarse.latitude, lat), (coarse.longitude, lon)):
        _, _, decimals = text.partition(".")
        assert len(decimals) == 2 and "e" not in text.lower()
        assert abs(float(text) - exact) <= 0.005 + 1e-9


def test_coarsening_rounds_to_the_kilometre_grid() -> None:
    assert coarsen(Coordinates(31.230416, 121.473701)) == CoarseLocation("31.23", "121.47")
    assert coarsen(Coordinates(-0.0012, 0.0049)) == CoarseLocation("0.00", "0.00")


@pytest.mark.parametrize(
    ("lat", "lon"), [(91, 0), (-90.5, 0), (0, 180.01), (math.nan, 0), (0, math.inf)]
)
def test_impossible_coordinates_are_refused(lat: float, lon: float) -> None:
    with pytest.raises(InvalidInput) as refused:
        Coordinates(lat, lon)
    assert refused.value.message_key == "assistant.place.bad_coordinates"


def test_a_coarse_location_cannot_be_built_with_more_precision() -> None:
    with pytest.raises(ValueError, match="two decimals"):
        CoarseLocation("31.2304", "121.47")


def test_coordinates_survive_their_text_form_exactly() -> None:
    point = Coordinates(31.230416123, -121.473701987)
    assert Coordinates.from_text(point.as_text()) == point


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("   ", "assistant.weather.city_empty"),
        ("x" * 101, "assistant.weather.city_invalid"),
        ("Shang\x00hai", "assistant.weather.city_invalid"),
    ],
)
def test_a_city_name_must_be_a_plain_short_name(text: str, key: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        clean_city(text)
    assert refused.value.message_key == key


def test_a_city_name_is_trimmed() -> None:
    assert clean_city("  上海 ") == "上海"
