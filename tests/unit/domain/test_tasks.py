"""Task titles and due times (1b)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from jobexp.domain.errors import Conflict, InvalidInput
from jobexp.domain.places import check_room
from jobexp.domain.tasks import TITLE_MAX, Task, check_due, clean_title, local_to_utc

NOW = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)


def _key(exc: pytest.ExceptionInfo[InvalidInput]) -> str:
    return exc.value.message_key


@pytest.mark.parametrize(
    ("title", "key"),
    [
        ("", "assistant.task.title_empty"),
        ("  \n ", "assistant.task.title_empty"),
        ("x" * (TITLE_MAX + 1), "assistant.task.title_too_long"),
        ("call\x07mum", "assistant.task.title_invalid"),
    ],
)
def test_a_bad_title_is_refused_with_its_reason(title: str, key: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        clean_title(title)
    assert _key(refused) == key


def test_a_title_is_trimmed_and_kept_at_the_limit() -> None:
    assert clean_title("  买牛奶 ") == "买牛奶"
    assert clean_title("x" * TITLE_MAX) == "x" * TITLE_MAX


def test_a_due_time_in_any_zone_is_stored_as_the_same_utc_instant() -> None:
    beijing = timezone(timedelta(hours=8))
    due = check_due(datetime(2026, 11, 30, 18, 30, tzinfo=beijing), NOW)
    assert due == datetime(2026, 11, 30, 10, 30, tzinfo=UTC) and due.tzinfo is UTC


@pytest.mark.parametrize(
    ("due", "key"),
    [
        (datetime(2026, 11, 30, 10, 0), "assistant.task.due_naive"),
        (NOW - timedelta(minutes=5), "assistant.task.due_past"),
        (NOW + timedelta(days=3000), "assistant.task.due_too_far"),
    ],
)
def test_a_naive_past_or_far_off_due_time_is_refused(due: datetime, key: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        check_due(due, NOW)
    assert _key(refused) == key


def test_a_due_time_just_now_is_accepted() -> None:
    assert check_due(NOW - timedelta(seconds=30), NOW) == NOW - timedelta(seconds=30)


def test_a_wall_clock_time_becomes_the_instant_in_the_users_zone() -> None:
    local = datetime(2026, 12, 1, 9, 0)
    assert local_to_utc(local, "Asia/Shanghai") == datetime(2026, 12, 1, 1, 0, tzinfo=UTC)


def test_a_wall_clock_time_the_clocks_skip_is_refused() -> None:
    with pytest.raises(InvalidInput) as refused:
        local_to_utc(datetime(2027, 3, 14, 2, 30), "America/New_York")
    assert _key(refused) == "assistant.task.due_impossible"


def test_a_task_is_due_once_its_time_has_come_until_it_is_done() -> None:
    task = Task("t1", "Dentist", NOW, NOW - timedelta(days=1), None)
    assert not task.is_due(NOW - timedelta(seconds=1)) and task.is_due(NOW)
    done = Task("t1", "Dentist", NOW, NOW - timedelta(days=1), NOW)
    assert not done.is_due(NOW + timedelta(hours=1))


def test_one_home_and_one_work_place_but_many_frequent_places() -> None:
    check_room("frequent", ["home", "work", "frequent"])
    for kind in ("home", "work"):
        with pytest.raises(Conflict):
            check_room(kind, ["home", "work"])
    with pytest.raises(Conflict):
        check_room("frequent", ["frequent"] * 50)
