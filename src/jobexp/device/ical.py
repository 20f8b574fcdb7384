"""Reading a calendar exported as iCalendar (.ics) with the icalendar library.

Times without a zone are read in the user's zone; all-day events span whole local days.
Recurring events are stored at their first occurrence only (see docs/device-agent.md).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import icalendar

from jobexp.device.errors import CalendarUnreadable
from jobexp.device.model import Event, Rejected

__all__ = ["CalendarRead", "read_calendar"]


@dataclass(frozen=True)
class CalendarRead:
    name: str
    events: tuple[Event, ...]
    rejected: tuple[Rejected, ...]


def read_calendar(data: bytes, *, default_name: str, time_zone: str) -> CalendarRead:
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except Exception as exc:  # the library raises ValueError and its own error types
        raise CalendarUnreadable(_first_line(exc)) from exc
    name = str(calendar.get("X-WR-CALNAME") or "").strip() or default_name
    zone = ZoneInfo(time_zone)
    events: list[Event] = []
    rejected: list[Rejected] = []
    for position, component in enumerate(calendar.events, start=1):
        try:
            events.append(_event(component, name, zone))
        except Exception as exc:  # one broken event is reported, the rest still import
            rejected.append(Rejected(position, f"unreadable: {_first_line(exc)}"))
    return CalendarRead(name, tuple(events), tuple(rejected))


def _event(component: icalendar.Event, calendar: str, zone: ZoneInfo) -> Event:
    start = _aware(component.start, zone)
    end = _aware(component.end, zone)
    if end < start:
        raise ValueError("it ends before it starts")
    title = " ".join(str(component.get("SUMMARY") or "").split())
    uid = str(component.get("UID") or "").strip()
    key = f"{uid}|{start.isoformat()}" if uid else _digest(calendar, title, start)
    return Event(
        key=key,
        title=title,
        start=start,
        end=end,
        calendar=calendar,
        location=str(component.get("LOCATION") or "").strip(),
        description=str(component.get("DESCRIPTION") or "").strip(),
    )


def _aware(value: date | datetime, zone: ZoneInfo) -> datetime:
    if not isinstance(value, datetime):
        return datetime.combine(value, time(), zone)
    return value if value.tzinfo is not None else value.replace(tzinfo=zone)


def _digest(calendar: str, title: str, start: datetime) -> str:
    raw = "\x1f".join((calendar, title, start.isoformat()))
    return "sha256:" + hashlib.sha256(raw.encode()).hexdigest()


def _first_line(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:200]
