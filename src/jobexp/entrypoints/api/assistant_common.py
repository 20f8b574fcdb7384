"""What the assistant's API routes share: documented errors, coordinates, provider failures."""

from __future__ import annotations

from typing import Any

from jobexp.domain.errors import InvalidInput
from jobexp.domain.geo import Coordinates
from jobexp.entrypoints.api.schemas import ErrorResponse

__all__ = ["errors", "point"]


def errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    return {code: {"model": ErrorResponse} for code in (400, 401, 403, 413, 422, *codes)}


def point(latitude: float | None, longitude: float | None) -> Coordinates | None:
    """Both or neither: half a coordinate is refused."""
    if latitude is None and longitude is None:
        return None
    if latitude is None or longitude is None:
        raise InvalidInput("assistant.place.bad_coordinates")
    return Coordinates(latitude, longitude)
