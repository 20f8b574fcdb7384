"""Importing an address book or a calendar file into the local store, in one transaction."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from jobexp.device.ical import read_calendar
from jobexp.device.model import Contact, Rejected
from jobexp.device.store import LocalStore
from jobexp.device.vcard import card_blocks, read_card

__all__ = ["Imported", "import_calendar", "import_contacts"]


@dataclass(frozen=True)
class Imported:
    count: int
    rejected: tuple[Rejected, ...]


def import_contacts(
    store: LocalStore,
    text: str,
    *,
    started: Callable[[int], None] = lambda total: None,
    advanced: Callable[[], None] = lambda: None,
) -> Imported:
    """Store every good card of a vCard file; `started`/`advanced` drive a progress bar."""
    blocks = list(card_blocks(text))
    started(len(blocks))
    contacts: list[Contact] = []
    rejected: list[Rejected] = []
    for block in blocks:
        result = read_card(block)
        if isinstance(result, Contact):
            contacts.append(result)
        else:
            rejected.append(result)
        advanced()
    return Imported(store.save_contacts(contacts), tuple(rejected))


def import_calendar(
    store: LocalStore, data: bytes, *, default_name: str, time_zone: str
) -> Imported:
    """Store every readable event; raises CalendarUnreadable if the file is not iCalendar."""
    read = read_calendar(data, default_name=default_name, time_zone=time_zone)
    return Imported(store.save_events(read.events), read.rejected)
