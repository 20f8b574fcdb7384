"""What the assistant's API routes share: documented errors, coordinates, provider failures."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from jobexp.domain.errors import InvalidInput
from jobexp.domain.geo import Coordinates
from jobexp.domain.providers import ProviderUnavailable
from jobexp.entrypoints.api.schemas import ErrorResponse
from jobexp.entrypoints.errors import error_response

__all__ = ["errors", "point", "unavailable"]


def errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    return {code: {"model": ErrorResponse} for code in (400, 401, 403, 413, 422, *codes)}


def point(latitude: float | None, longitude: float | None) -> Coordinates | None:
    """Both or neither: half a coordinate is refused."""
    if latitude is None and longitude is None:
        return None
    if latitude is None or longitude is None:
        raise InvalidInput("assistant.place.bad_coordinates")
    return Coordinates(latitude, longitude)


def unavailable(request: Request, exc: ProviderUnavailable) -> Response:
    """A third party that does not answer is a clear 503, never an error page."""
    return error_response(request, 503, exc.message_key, params=dict(exc.params))
