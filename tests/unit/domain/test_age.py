"""The age gate of clause P3 and decision D6."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jobexp.domain.age import AgeBand, age_on, assess_age
from jobexp.domain.errors import InvalidInput

TODAY = date(2026, 11, 30)


def test_eighteenth_birthday_today_is_adult() -> None:
    assert assess_age(date(2008, 11, 30), TODAY).band is AgeBand.ADULT


def test_day_before_eighteenth_birthday_is_minor_needing_guardian() -> None:
    result = assess_age(date(2008, 12, 1), TODAY)
    assert result.band is AgeBand.MINOR and result.needs_guardian and not result.data_sensitive


def test_under_fourteen_is_sensitive_and_needs_guardian() -> None:
    result = assess_age(date(2013, 1, 1), TODAY)
    assert result.band is AgeBand.CHILD and result.needs_guardian and result.data_sensitive


def test_birth_date_in_the_future_is_refused() -> None:
    with pytest.raises(InvalidInput):
        assess_age(date(2027, 1, 1), TODAY)


def test_implausibly_old_birth_date_is_refused() -> None:
    with pytest.raises(InvalidInput):
        assess_age(date(1850, 1, 1), TODAY)


def test_leap_day_birthday_turns_a_year_older_on_march_first() -> None:
    assert age_on(date(2008, 2, 29), date(2026, 2, 28)) == 17
    assert age_on(date(2008, 2, 29), date(2026, 3, 1)) == 18


@given(st.dates(min_value=date(1900, 1, 1), max_value=TODAY))
def test_age_is_never_negative_and_bands_agree_with_age(birth: date) -> None:
    result = assess_age(birth, TODAY)
    assert result.age >= 0
    assert result.needs_guardian == (result.age < 18)
    assert result.data_sensitive == (result.age < 14)
