"""What the device keeps locally: contacts and calendar events. Never uploaded (1a, 1c)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

__all__ = ["DEVICE_CALENDAR", "Contact", "Event", "Rejected"]

DEVICE_CALENDAR = "JobExp"  # events added by voice go here, beside the imported calendars


@dataclass(frozen=True)
class Contact:
    key: str  # the card's UID, or a digest of its content: re-importing never duplicates
    name: str
    numbers: tuple[str, ...]
    groups: tuple[str, ...] = ()
    nicknames: tuple[str, ...] = ()  # NICKNAME
    relations: tuple[str, ...] = ()  # X-RELATIONSHIP, RELATED;TYPE=: "mother", "spouse"...


@dataclass(frozen=True)
class Event:
    key: str
    title: str
    start: datetime  # aware
    end: datetime  # aware
    calendar: str
    location: str = ""
    description: str = ""


@dataclass(frozen=True)
class Rejected:
    """An entry of an imported file that was not stored, and why (1-based position)."""

    position: int
    reason: str
