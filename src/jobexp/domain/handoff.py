"""Handing a request to a third party: which fields may leave, and the hand-off URL (1d; D3).

Only the fields built here leave JobExp; everything a share carries is named so that the
disclosure ledger can record it field by field.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal
from urllib.parse import quote, urlencode

from jobexp.domain.geo import CoarseLocation, Coordinates

__all__ = [
    "TICKET_FIELDS",
    "Destination",
    "MapStyle",
    "NavigationShare",
    "PartnerRequest",
    "navigation_url",
    "ticket_request",
]

MapStyle = Literal["amap", "geo"]
# What the ticket partner may ever receive, and the data category each field is.
TICKET_FIELDS = {"query": "voice_recognition_results", "near": "location_coarse"}


@dataclass(frozen=True)
class Destination:
    """Where to go: a place the user named (text) or a point (coordinates)."""

    label: str
    point: Coordinates | None = None


@dataclass(frozen=True)
class NavigationShare:
    url: str
    fields: tuple[str, ...]
    categories: tuple[str, ...]


def navigation_url(
    style: MapStyle, base: str, destination: Destination, origin: Coordinates | None
) -> NavigationShare:
    """The provider's URL carrying the destination, and the origin only when given."""
    if style == "geo" or destination.point is None:
        # Neither a geo: URI nor a place search can carry an origin: the app uses its own.
        origin = None
    fields = ["destination"] + (["origin"] if origin is not None else [])
    categories = {"location_precise" if destination.point else "voice_recognition_results"}
    if origin is not None:
        categories.add("location_precise")
    url = (_amap if style == "amap" else _geo)(base, destination, origin)
    return NavigationShare(url, tuple(fields), tuple(sorted(categories)))


def _amap(base: str, destination: Destination, origin: Coordinates | None) -> str:
    """AMap's URI API: /navigation with lon,lat,name; /search by keyword for a named place."""
    root = base.rstrip("/")
    if destination.point is None:
        return f"{root}/search?" + urlencode({"keyword": destination.label, "src": "jobexp"})
    params = {"to": f"{_lon_lat(destination.point)},{destination.label}"}
    if origin is not None:
        params["from"] = _lon_lat(origin)
    params |= {"mode": "car", "src": "jobexp", "callnative": "1"}
    return f"{root}/navigation?" + urlencode(params)


def _lon_lat(point: Coordinates) -> str:
    return f"{point.longitude!r},{point.latitude!r}"


def _geo(_base: str, destination: Destination, origin: Coordinates | None) -> str:
    """RFC 5870 geo: URI with the Android `q` query (it has no origin)."""
    del origin
    if destination.point is None:
        return "geo:0,0?q=" + quote(destination.label, safe="")
    point = f"{destination.point.latitude!r},{destination.point.longitude!r}"
    return f"geo:{point}?q={point}(" + quote(destination.label, safe="") + ")"


@dataclass(frozen=True)
class PartnerRequest:
    """What the ticket partner receives: the recognized text and/or a coarse location."""

    query: str | None
    near: CoarseLocation | None

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(name for name in TICKET_FIELDS if getattr(self, name) is not None)

    @property
    def categories(self) -> tuple[str, ...]:
        return tuple(sorted({TICKET_FIELDS[name] for name in self.fields}))

    def payload(self) -> dict[str, object]:
        body: dict[str, object] = {}
        if self.query is not None:
            body["query"] = self.query
        if self.near is not None:
            body["near"] = {"latitude": self.near.latitude, "longitude": self.near.longitude}
        return body


def ticket_request(query: str | None, near: CoarseLocation | None) -> PartnerRequest:
    return PartnerRequest(query=query, near=near)


@dataclass(frozen=True)
class TicketOffer:
    """What the ticket-booking partner answers: its reference, a summary and where to book."""

    reference: str
    summary: str
    booking_url: str | None
