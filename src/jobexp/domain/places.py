"""Saved places: home, work or study, and frequent places (1b; D2), kept to precise coordinates."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from jobexp.domain.errors import Conflict
from jobexp.domain.geo import Coordinates
from jobexp.domain.tasks import clean_text

__all__ = ["LABEL_MAX", "MAX_PLACES", "PlaceKind", "SavedPlace", "check_room", "clean_label"]

PlaceKind = Literal["home", "work", "frequent"]
PLACE_KINDS: tuple[PlaceKind, ...] = ("home", "work", "frequent")
SINGLE_KINDS = frozenset({"home", "work"})  # one of each; as many frequent places as allowed
LABEL_MAX = 64
MAX_PLACES = 50


@dataclass(frozen=True)
class SavedPlace:
    id: str
    kind: PlaceKind
    label: str
    point: Coordinates


def clean_label(text: str) -> str:
    return clean_text(
        text,
        empty="assistant.place.label_empty",
        too_long="assistant.place.label_too_long",
        invalid="assistant.place.label_invalid",
        limit=LABEL_MAX,
    )


def check_room(kind: PlaceKind, existing: Sequence[str]) -> None:
    """A second home or work place, or a fifty-first place, is refused."""
    if kind in SINGLE_KINDS and kind in existing:
        raise Conflict("assistant.place.kind_taken")
    if len(existing) >= MAX_PLACES:
        raise Conflict("assistant.place.too_many", limit=MAX_PLACES)
