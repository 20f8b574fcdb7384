"""The shared resolver: one meaning for a weekday, a weekend, a part of day, an overflow."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from jobexp.nlu.timex import ImpossibleDate, TimeParts, iso, resolve
from tests.unit.nlu.conftest import NOW, SHANGHAI


def _parts(**values: object) -> TimeParts:
    parts = TimeParts()
    parts.fill(**values)
    parts.spans.append((0, 1))
    return parts


def test_a_bare_weekday_is_the_next_one_after_today() -> None:
    assert resolve(_parts(weekday=6), NOW) == date(2026, 12, 6)  # Sunday said on a Sunday


def test_next_weekday_is_that_day_in_next_week() -> None:
    monday_now = NOW + timedelta(days=1)
    assert resolve(_parts(weekday=4, week_shift=1), monday_now) == date(2026, 12, 11)


def test_this_weekday_already_past_this_week_is_the_coming_one() -> None:
    assert resolve(_parts(weekday=4, week_shift=0), NOW) == date(2026, 12, 4)


def test_this_weekend_said_on_a_sunday_is_today() -> None:
    assert resolve(_parts(weekend=0), NOW) == date(2026, 11, 29)


def test_next_weekend_is_next_weeks_saturday() -> None:
    assert resolve(_parts(weekend=1), NOW) == date(2026, 12, 5)


def test_a_time_already_past_today_means_tomorrow() -> None:
    assert resolve(_parts(hour=9, meridiem="am"), NOW) == datetime(2026, 11, 30, 9, tzinfo=SHANGHAI)


def test_a_part_of_day_alone_gets_its_default_hour() -> None:
    assert resolve(_parts(day_offset=1, period="evening"), NOW) == datetime(
        2026, 11, 30, 19, tzinfo=SHANGHAI
    )


def test_an_hour_from_one_to_six_with_nothing_else_is_the_afternoon() -> None:
    assert resolve(_parts(hour=3), NOW) == datetime(2026, 11, 29, 15, tzinfo=SHANGHAI)


def test_a_month_and_day_already_past_mean_next_year() -> None:
    assert resolve(_parts(month=1, day=3), NOW) == date(2027, 1, 3)


def test_29_february_without_a_year_is_the_next_leap_year() -> None:
    assert resolve(_parts(month=2, day=29), NOW) == date(2028, 2, 29)


@pytest.mark.parametrize(
    "values",
    [{"month": 2, "day": 30}, {"month": 13, "day": 1}, {"day": 31}, {"hour": 25}],
)
def test_a_day_or_time_that_does_not_exist_is_flagged(values: dict[str, int]) -> None:
    with pytest.raises(ImpossibleDate):
        resolve(_parts(**values), NOW)


def test_a_relative_delta_in_hours_names_a_moment() -> None:
    parts = _parts(delta=timedelta(hours=2), delta_is_clock=True)
    assert resolve(parts, NOW) == datetime(2026, 11, 29, 12, tzinfo=SHANGHAI)


def test_iso_gives_a_date_or_a_date_time_with_offset() -> None:
    assert iso(date(2026, 11, 30)) == "2026-11-30"
    assert iso(datetime(2026, 11, 30, 15, tzinfo=SHANGHAI)) == "2026-11-30T15:00:00+08:00"


def test_an_hour_from_seven_to_eleven_with_no_day_is_whichever_comes_first() -> None:
    assert resolve(_parts(hour=9), NOW) == datetime(2026, 11, 29, 21, tzinfo=SHANGHAI)
    assert resolve(_parts(hour=9, day_offset=1), NOW) == datetime(2026, 11, 30, 9, tzinfo=SHANGHAI)
