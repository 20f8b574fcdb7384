"""The deletion deadline: 3 PRC working days after the request, the request day not counted."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jobexp.domain.working_days import (
    PRC,
    SHANGHAI,
    deletion_deadline,
    parse_timestamp,
)

# (request time as the support desk would type it, deadline) from the State Council schedules
# for 2025 and 2026 as chinesecalendar ships them.
KNOWN = [
    # National Day 2025: Oct 1-8 off; Sunday Sep 28 and Saturday Oct 11 are working days.
    ("2025-09-26T10:00+08:00", "2025-09-30"),
    ("2025-09-29T09:00+08:00", "2025-10-10"),
    ("2025-09-30T09:00+08:00", "2025-10-11"),
    ("2025-10-01T12:00+08:00", "2025-10-11"),
    ("2025-10-08T23:59+08:00", "2025-10-11"),
    # Mid-Autumn (Fri Sep 25) and National Day 2026: Oct 1-7 off; Sun Sep 20, Sat Oct 10 work.
    ("2026-09-18T10:00+08:00", "2026-09-22"),
    ("2026-09-24T10:00+08:00", "2026-09-30"),
    ("2026-09-29T10:00+08:00", "2026-10-09"),
    ("2026-09-30T18:00+08:00", "2026-10-10"),
    ("2026-10-03T10:00+08:00", "2026-10-10"),
    # Spring Festival 2026: Feb 15-23 off; Saturdays Feb 14 and Feb 28 are working days.
    ("2026-02-12T10:00+08:00", "2026-02-24"),
    ("2026-02-13T23:59+08:00", "2026-02-25"),
    ("2026-02-13T15:59:59Z", "2026-02-25"),
    ("2026-02-13T16:00:00Z", "2026-02-26"),  # Saturday 00:00 in Shanghai
    ("2026-02-13T08:00:00-08:00", "2026-02-26"),
    ("2026-02-25T10:00+08:00", "2026-02-28"),
    # New Year 2026: Jan 1-3 off, Sunday Jan 4 works.
    ("2025-12-30T10:00+08:00", "2026-01-05"),
    ("2025-12-31T10:00+08:00", "2026-01-06"),
    ("2025-12-31T16:30:00Z", "2026-01-06"),  # already Jan 1 in Shanghai: Jan 4, 5, 6
    # An ordinary week: Friday night vs the same instant seen from UTC.
    ("2026-11-27T23:59+08:00", "2026-12-02"),
    ("2026-11-27T16:00:00Z", "2026-12-02"),  # Saturday 00:00 in Shanghai: Mon, Tue, Wed
    ("2026-11-27T15:59:59Z", "2026-12-02"),
    ("2026-11-26T15:59:59Z", "2026-12-01"),  # Thursday 23:59:59 in Shanghai
    # Naive timestamps are Asia/Shanghai local time; a date alone is its midnight.
    ("2026-02-13T23:59:00", "2026-02-25"),
    ("2026-02-14", "2026-02-26"),
    ("2026-12-28T09:00+08:00", "2026-12-31"),
]


@pytest.mark.parametrize(("requested", "expected"), KNOWN)
def test_deadline_is_the_third_working_day_after_the_request_day(
    requested: str, expected: str
) -> None:
    deadline = deletion_deadline(parse_timestamp(requested))
    assert deadline.day == date.fromisoformat(expected)
    assert deadline.estimated_years == ()


# Years chinesecalendar has no schedule for: Monday to Friday, flagged for a warning.
ESTIMATED = [
    ("2026-12-29T10:00+08:00", "2027-01-01", (2027,)),  # Jan 1 2027 counted: never later
    ("2026-12-31T12:00+08:00", "2027-01-05", (2027,)),
    ("2031-03-07T10:00+08:00", "2031-03-12", (2031,)),
    ("2031-09-30T10:00+08:00", "2031-10-03", (2031,)),  # no National Day without a schedule
]


@pytest.mark.parametrize(("requested", "expected", "years"), ESTIMATED)
def test_a_year_without_a_schedule_counts_monday_to_friday_and_says_so(
    requested: str, expected: str, years: tuple[int, ...]
) -> None:
    deadline = deletion_deadline(parse_timestamp(requested))
    assert deadline.day == date.fromisoformat(expected)
    assert deadline.estimated_years == years


def test_the_deadline_ends_at_midnight_after_it_in_shanghai() -> None:
    deadline = deletion_deadline(parse_timestamp("2026-09-29T10:00+08:00"))
    assert deadline.ends_at == datetime(2026, 10, 9, 16, 0, tzinfo=UTC)
    assert deadline.starts_at == datetime(2026, 10, 8, 16, 0, tzinfo=UTC)


def test_a_naive_datetime_is_refused_by_the_deadline_itself() -> None:
    with pytest.raises(ValueError, match="naive"):
        deletion_deadline(datetime(2026, 2, 13, 12, 0))


@pytest.mark.parametrize("text", ["", "garbage", "2026-13-01", "2026-02-30T10:00", "tomorrow"])
def test_a_malformed_timestamp_is_refused_with_its_text(text: str) -> None:
    with pytest.raises(ValueError, match="ISO-8601"):
        parse_timestamp(text)


def test_a_timestamp_is_read_in_shanghai() -> None:
    parsed = parse_timestamp("2026-02-13T16:00:00Z")
    assert parsed.tzinfo == SHANGHAI
    assert (parsed.year, parsed.month, parsed.day, parsed.hour) == (2026, 2, 14, 0)


def _working(day: date) -> bool:
    known = PRC.is_working_day(day)
    return day.weekday() < 5 if known is None else known


@given(
    st.datetimes(min_value=datetime(2004, 1, 1), max_value=datetime(2032, 12, 31)),
    st.integers(min_value=-12 * 60, max_value=14 * 60),
)
def test_exactly_three_working_days_lie_after_the_request_day_up_to_the_deadline(
    local: datetime, offset_minutes: int
) -> None:
    requested = local.replace(tzinfo=timezone(timedelta(minutes=offset_minutes)))
    deadline = deletion_deadline(requested)
    request_day = requested.astimezone(SHANGHAI).date()
    days = [
        request_day + timedelta(days=n) for n in range(1, (deadline.day - request_day).days + 1)
    ]
    assert sum(map(_working, days)) == 3
    assert _working(deadline.day)
