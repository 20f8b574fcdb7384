"""PRC working days, and the deadline of an account deletion request (clause 10, D7).

The deadline is the 3rd PRC working day after the request, counted in Asia/Shanghai, the
request day not counted: a request at any time on day D counts D+1, D+2, ... and the deadline
is the date of the 3rd working day. Working days follow the State Council schedule, including
the adjusted weekend working days (调休); the schedule comes from the `chinesecalendar` package.

For a year the package has no schedule for, days are counted Monday to Friday, so the deadline
is never later than that count would give; the result says which years were estimated so the
caller can warn the operator.

A timestamp without an offset is read as Asia/Shanghai local time (the time a user in the PRC
or the support desk reads off a clock); one with an offset or `Z` is converted to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

import chinese_calendar

__all__ = [
    "DEADLINE_WORKING_DAYS",
    "SHANGHAI",
    "Deadline",
    "HolidayCalendar",
    "PrcCalendar",
    "deletion_deadline",
    "parse_timestamp",
]

SHANGHAI = ZoneInfo("Asia/Shanghai")
DEADLINE_WORKING_DAYS = 3
SATURDAY = 5


class HolidayCalendar(Protocol):
    def is_working_day(self, day: date) -> bool | None:
        """Whether `day` is a working day; None when no schedule covers its year."""
        ...


class PrcCalendar:
    """The State Council schedule as the `chinesecalendar` package ships it."""

    def __init__(self) -> None:
        known = chinese_calendar.holidays.keys()
        self.first_year = min(known).year
        self.last_year = max(known).year

    def is_working_day(self, day: date) -> bool | None:
        if not self.first_year <= day.year <= self.last_year:
            return None
        return bool(chinese_calendar.is_workday(day))


PRC = PrcCalendar()


@dataclass(frozen=True)
class Deadline:
    """The last day to complete a deletion, and the years counted without a schedule."""

    day: date
    estimated_years: tuple[int, ...] = ()

    @property
    def ends_at(self) -> datetime:
        """The instant the deadline day ends in Shanghai (midnight after it), aware."""
        return datetime.combine(self.day + timedelta(days=1), time(), SHANGHAI)

    @property
    def starts_at(self) -> datetime:
        return datetime.combine(self.day, time(), SHANGHAI)


def shanghai_day(at: datetime) -> date:
    if at.tzinfo is None:
        raise ValueError("naive datetime refused: give an offset or parse with parse_timestamp")
    return at.astimezone(SHANGHAI).date()


def deletion_deadline(
    requested_at: datetime,
    calendar: HolidayCalendar = PRC,
    working_days: int = DEADLINE_WORKING_DAYS,
) -> Deadline:
    """The date of the `working_days`-th working day after the request's Shanghai date."""
    day = shanghai_day(requested_at)
    counted = 0
    estimated: set[int] = set()
    while counted < working_days:
        day += timedelta(days=1)
        working = calendar.is_working_day(day)
        if working is None:
            estimated.add(day.year)
            working = day.weekday() < SATURDAY
        counted += working
    return Deadline(day, tuple(sorted(estimated)))


def parse_timestamp(text: str) -> datetime:
    """An ISO-8601 timestamp (a date alone means its midnight), aware in Asia/Shanghai.

    Raises ValueError naming what is wrong.
    """
    try:
        parsed = datetime.fromisoformat(text.strip())
    except ValueError as exc:
        raise ValueError(f"not an ISO-8601 timestamp: {text!r}") from exc
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=SHANGHAI)
    return parsed.astimezone(SHANGHAI)
