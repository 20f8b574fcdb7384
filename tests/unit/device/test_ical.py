"""Reading calendars: events with title, start, end and calendar name, in the user's zone."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from jobexp.device.errors import CalendarUnreadable
from jobexp.device.ical import read_calendar
from tests.support.device import CALENDAR_ICS

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _wrap(*lines: str) -> bytes:
    body = "\n".join(lines)
    return f"BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//t//t//EN\n{body}\nEND:VCALENDAR\n".encode()


def test_events_carry_title_times_and_the_calendar_name() -> None:
    read = read_calendar(CALENDAR_ICS.read_bytes(), default_name="x", time_zone="Asia/Shanghai")
    audit = read.events[0]
    assert read.name == "Orchid Project Calendar" and audit.calendar == read.name
    assert audit.title == "Quarterly Zanzibar Audit"
    assert audit.start == datetime(2026, 11, 30, 6, 0, tzinfo=UTC)
    assert audit.end == datetime(2026, 11, 30, 7, 0, tzinfo=UTC)
    assert audit.location == "Room Heliotrope 7"


def test_an_all_day_event_spans_the_local_day() -> None:
    read = read_calendar(CALENDAR_ICS.read_bytes(), default_name="x", time_zone="Asia/Shanghai")
    gala = read.events[2]
    assert gala.start == datetime(2026, 12, 2, tzinfo=SHANGHAI)
    assert gala.end == datetime(2026, 12, 3, tzinfo=SHANGHAI)


def test_times_without_a_zone_are_read_in_the_users_zone() -> None:
    data = _wrap("BEGIN:VEVENT", "UID:a", "SUMMARY:t", "DTSTART:20261130T090000", "END:VEVENT")
    (event,) = read_calendar(data, default_name="Mine", time_zone="Asia/Shanghai").events
    assert event.start == datetime(2026, 11, 30, 1, 0, tzinfo=UTC)
    assert event.calendar == "Mine"


def test_an_event_without_a_start_is_rejected_and_the_others_kept() -> None:
    data = _wrap(
        "BEGIN:VEVENT", "UID:a", "SUMMARY:no start", "END:VEVENT",
        "BEGIN:VEVENT", "UID:b", "SUMMARY:ok", "DTSTART:20261130T090000Z", "END:VEVENT",
    )  # fmt: skip
    read = read_calendar(data, default_name="x", time_zone="UTC")
    assert [e.title for e in read.events] == ["ok"]
    assert read.rejected[0].position == 1 and "DTSTART" in read.rejected[0].reason


def test_a_file_that_is_not_icalendar_is_refused_whole() -> None:
    with pytest.raises(CalendarUnreadable):
        read_calendar(b"this is not a calendar", default_name="x", time_zone="UTC")
