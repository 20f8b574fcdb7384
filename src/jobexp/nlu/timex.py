"""Time expressions: what the English and Chinese finders found, resolved against `now`.

Both languages fill the same `TimeParts`, so one resolver gives one meaning to "next Friday"
and "下周五". The conventions (docs/nlu.md): weeks start on Monday; a bare weekday is the next
such day after today; "next <weekday>" / "下周X" is that day in next week; "this weekend" is
today on a weekend day, else the coming Saturday; a part of day without a clock time is
morning 09:00, noon 12:00, afternoon 15:00, evening 19:00, night 20:00; a clock time 1-6
without am/pm or part of day is afternoon, 7-11 whichever comes first when no day is said;
a time already past today with no day means tomorrow; a month and day already past this year
mean next year.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Literal

__all__ = ["Handler", "ImpossibleDate", "Rule", "TimeParts", "find", "iso", "resolve"]

Period = Literal["morning", "noon", "afternoon", "evening", "night", "small_hours"]
PERIOD_HOUR: dict[Period, int] = {
    "morning": 9,
    "noon": 12,
    "afternoon": 15,
    "evening": 19,
    "night": 20,
    "small_hours": 2,
}
AFTERNOON_GUESS = range(1, 7)  # "at 3" / "三点" with nothing else said: 15:00
EITHER_HALF = range(7, 12)  # "at 9" with no day: whichever 9 o'clock comes first


class ImpossibleDate(ValueError):
    """The words name a date or time that does not exist (30 February, 25 o'clock)."""


@dataclass
class TimeParts:
    """Everything a sentence said about when; the first finder to fill a field wins."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    day_offset: int | None = None
    weekday: int | None = None  # Monday 0
    week_shift: int | None = None  # None: the coming one; 0 this week; 1 next week...
    weekend: int | None = None  # 0 this weekend, 1 next
    month_offset: int | None = None  # "下个月5号": the month after this one
    hour: int | None = None
    minute: int = 0
    meridiem: Literal["am", "pm"] | None = None
    period: Period | None = None
    delta: timedelta | None = None
    delta_is_clock: bool = False  # "in 2 hours" names a moment; "in 3 days" a date
    spans: list[tuple[int, int]] = field(default_factory=list)

    def fill(self, **values: object) -> None:
        for name, value in values.items():
            if value is not None and getattr(self, name) in (None, 0, False):
                setattr(self, name, value)

    @property
    def found(self) -> bool:
        return bool(self.spans)


Handler = Callable[[re.Match[str], TimeParts], None]


@dataclass(frozen=True)
class Rule:
    """A pattern for one kind of time phrase and how it fills the parts."""

    pattern: re.Pattern[str]
    fill: Handler


def find(text: str, rules: Sequence[Rule], joiner: str) -> tuple[TimeParts, str]:
    """Every time phrase in `text` (first rule first, no overlaps) and the text without them."""
    parts = TimeParts()
    taken = [False] * len(text)
    for rule in rules:
        for match in rule.pattern.finditer(text):
            start, end = match.span()
            if start == end or any(taken[start:end]):
                continue
            rule.fill(match, parts)
            parts.spans.append((start, end))
            taken[start:end] = [True] * (end - start)
    if not parts.spans:
        return parts, text
    pieces, position = [], 0
    for start, end in sorted(parts.spans):
        pieces.append(text[position:start])
        position = end
    pieces.append(text[position:])
    return parts, joiner.join(piece.strip() for piece in pieces if piece.strip())


def resolve(parts: TimeParts, now: datetime) -> date | datetime | None:
    """The date (nothing said about the hour) or aware date-time the parts name, in now's zone.

    Raises ImpossibleDate for a day or time that does not exist.
    """
    if parts.delta is not None:
        moment = (now + parts.delta).replace(microsecond=0)
        if parts.delta_is_clock:
            return moment
        day: date | None = moment.date()
    else:
        day = _day(parts, now.date())
    clock = _clock(parts)
    if clock is None:
        return day
    if day is None:
        return _next_occurrence(parts, clock, now)
    return datetime.combine(day, clock, now.tzinfo)


def _next_occurrence(parts: TimeParts, clock: time, now: datetime) -> datetime:
    """A clock time with no day: the next time it comes round.

    "at 9" with nothing to say morning or evening may be either: 21:00 if said at 10:00.
    """
    clocks = [clock]
    if parts.meridiem is None and parts.period is None and clock.hour in EITHER_HALF:
        clocks.append(clock.replace(hour=clock.hour + 12))
    today = now.date()
    moments = [
        datetime.combine(day, c, now.tzinfo)
        for day in (today, today + timedelta(days=1))
        for c in clocks
    ]
    return min(m for m in moments if m > now)


def iso(value: date | datetime) -> str:
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    return value.isoformat()


def _day(parts: TimeParts, today: date) -> date | None:
    if parts.month is not None or parts.day is not None or parts.month_offset is not None:
        return _calendar_day(parts, today)
    if parts.day_offset is not None:
        return today + timedelta(days=parts.day_offset)
    if parts.weekend is not None:
        return _weekend(parts.weekend, today)
    if parts.weekday is not None or parts.week_shift is not None:
        return _weekday(parts.weekday, parts.week_shift, today)
    return None


def _calendar_day(parts: TimeParts, today: date) -> date:
    day = parts.day if parts.day is not None else 1
    if parts.month is None and parts.month_offset is not None:
        months = today.year * 12 + today.month - 1 + parts.month_offset
        return _valid(months // 12, months % 12 + 1, day)
    if parts.month is None:  # "5号": this month, or next month once it has passed
        candidate = _valid(today.year, today.month, day)
        if candidate >= today:
            return candidate
        year, month = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
        return _valid(year, month, day)
    if parts.year is not None:
        return _valid(parts.year, parts.month, day)
    if not any(_exists(today.year + ahead, parts.month, day) for ahead in range(9)):
        raise ImpossibleDate(f"{parts.month}/{day}")
    if _exists(today.year, parts.month, day) and date(today.year, parts.month, day) >= today:
        return date(today.year, parts.month, day)
    year = today.year + 1
    while not _exists(year, parts.month, day):  # 29 February: the next leap year
        year += 1
    return date(year, parts.month, day)


def _exists(year: int, month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]


def _valid(year: int, month: int, day: int) -> date:
    if not (1 <= year <= 9999 and _exists(year, month, day)):
        raise ImpossibleDate(f"{year}-{month}-{day}")
    return date(year, month, day)


def _weekend(shift: int, today: date) -> date:
    if shift == 0 and today.weekday() >= 5:
        return today
    monday = today - timedelta(days=today.weekday())
    return monday + timedelta(days=7 * shift + 5)


def _weekday(weekday: int | None, shift: int | None, today: date) -> date:
    if weekday is None:  # "next week" alone: its Monday; "this week": today
        return (
            today if not shift else today - timedelta(days=today.weekday()) + timedelta(7 * shift)
        )
    if shift is None:
        ahead = (weekday - today.weekday()) % 7 or 7
        return today + timedelta(days=ahead)
    monday = today - timedelta(days=today.weekday())
    candidate = monday + timedelta(days=7 * shift + weekday)
    if shift == 0 and candidate < today:  # "this Friday" said on Sunday: the coming one
        candidate += timedelta(days=7)
    return candidate


def _clock(parts: TimeParts) -> time | None:
    if parts.hour is None:
        return None if parts.period is None else time(PERIOD_HOUR[parts.period])
    hour, minute = parts.hour, parts.minute
    if parts.meridiem == "am" and hour == 12:
        hour = 0
    elif hour < 12 and _past_noon(parts):
        hour += 12
    if hour == 24 and minute == 0:
        hour = 0
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise ImpossibleDate(f"{parts.hour}:{parts.minute:02d}")
    return time(hour, minute)


def _past_noon(parts: TimeParts) -> bool:
    """Whether an hour 1-11 means the afternoon or evening one."""
    hour = parts.hour or 0
    if parts.meridiem is not None:
        return parts.meridiem == "pm"
    if parts.period == "night":
        return hour > 3  # "晚上十二点" / "夜里两点" stay small hours
    if parts.period in {"afternoon", "evening"}:
        return True
    if parts.period == "noon":
        return hour <= 2
    return parts.period is None and hour in AFTERNOON_GUESS
