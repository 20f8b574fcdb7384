"""English time phrases are found, taken out of the text, and resolved."""

from __future__ import annotations

import pytest

from jobexp.nlu.timex import iso, resolve
from jobexp.nlu.timex_en import find_time
from tests.unit.nlu.conftest import NOW


@pytest.mark.parametrize(
    ("text", "rest", "when"),
    [
        (
            "remind me to buy milk tomorrow at 5pm",
            "remind me to buy milk",
            "2026-11-30T17:00:00+08:00",
        ),
        ("next Friday at 9am", "", "2026-12-04T09:00:00+08:00"),
        ("in 2 hours", "", "2026-11-29T12:00:00+08:00"),
        ("call mom in an hour and a half", "call mom", "2026-11-29T11:30:00+08:00"),
        ("tomorrow morning", "", "2026-11-30T09:00:00+08:00"),
        ("book a train for Dec 5", "book a train", "2026-12-05"),
        ("the day after tomorrow at noon", "", "2026-12-01T12:00:00+08:00"),
        ("meet at 7:30 pm on 12/24", "meet", "2026-12-24T19:30:00+08:00"),
        ("on the 3rd of January", "", "2027-01-03"),
        ("in 3 days", "", "2026-12-02"),
        ("half past six tonight", "", "2026-11-29T18:30:00+08:00"),
        ("remind me on the 5th to pay rent", "remind me to pay rent", "2026-12-05"),
        ("every day at 8am", "", "2026-11-30T08:00:00+08:00"),
        ("next month", "", "2026-12-01"),
    ],
)
def test_phrase_is_removed_and_resolved(text: str, rest: str, when: str) -> None:
    parts, left = find_time(text)
    assert left == rest
    value = resolve(parts, NOW)
    assert value is not None and iso(value) == when


def test_text_without_time_words_is_left_as_it_was() -> None:
    parts, left = find_time("call the sunny side cafe")
    assert not parts.found and left == "call the sunny side cafe"
