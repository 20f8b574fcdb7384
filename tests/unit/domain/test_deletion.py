"""The deletion request's state machine: cancel only before erasing; erasure before deadline."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from jobexp.domain.deletion import (
    CANCEL_WINDOW,
    DeletionRequest,
    DeletionState,
    erase_after,
    next_state,
)
from jobexp.domain.errors import Conflict
from jobexp.domain.working_days import deletion_deadline
from jobexp.types import UserId

ALL: tuple[DeletionState, ...] = ("requested", "scheduled", "erasing", "erased", "cancelled")
ALLOWED = {
    ("requested", "scheduled"),
    ("requested", "cancelled"),
    ("scheduled", "erasing"),
    ("scheduled", "cancelled"),
    ("erasing", "erased"),
}


@pytest.mark.parametrize("current", ALL)
@pytest.mark.parametrize("target", ALL)
def test_only_the_declared_transitions_are_allowed(
    current: DeletionState, target: DeletionState
) -> None:
    if (current, target) in ALLOWED:
        assert next_state(current, target) == target
    else:
        with pytest.raises(Conflict):
            next_state(current, target)


@pytest.mark.parametrize("current", ["erasing", "erased", "cancelled"])
def test_cancelling_once_erasure_began_says_it_is_too_late(current: DeletionState) -> None:
    with pytest.raises(Conflict) as caught:
        next_state(current, "cancelled")
    assert caught.value.message_key == "deletion.cannot_cancel"


def test_erasure_may_begin_after_the_cancel_window_and_before_the_deadline() -> None:
    requested = datetime(2026, 9, 30, 10, 0, tzinfo=UTC)
    deadline = deletion_deadline(requested)
    start = erase_after(requested, deadline)
    assert start == requested + CANCEL_WINDOW
    assert start < deadline.ends_at


def _request(state: DeletionState, requested: datetime) -> DeletionRequest:
    deadline = deletion_deadline(requested)
    return DeletionRequest(
        id="r",
        user_ref="u",
        account_id=UserId("a"),
        state=state,
        requested_by="self",
        channel="web",
        requested_at=requested,
        deadline=deadline.day,
        erase_after=erase_after(requested, deadline),
        scheduled_at=None,
        erasing_at=None,
        erased_at=None,
        cancelled_at=None,
        receipt_id="x",
    )


def test_remaining_time_counts_down_to_midnight_after_the_deadline_in_shanghai() -> None:
    requested = datetime(2026, 9, 29, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai
    request = _request("requested", requested)
    assert request.deadline == date(2026, 10, 9)
    assert request.remaining(requested) == datetime(2026, 10, 9, 16, 0, tzinfo=UTC) - requested
    assert not request.overdue(requested)
    assert request.overdue(datetime(2026, 10, 9, 16, 0, tzinfo=UTC))


def test_an_erased_request_is_never_overdue() -> None:
    request = _request("erased", datetime(2026, 9, 29, 2, 0, tzinfo=UTC))
    assert not request.overdue(datetime(2027, 1, 1, tzinfo=UTC))


def test_a_scheduled_request_is_due_once_the_cancel_window_is_over() -> None:
    requested = datetime(2026, 9, 29, 2, 0, tzinfo=UTC)
    request = _request("scheduled", requested)
    assert not request.due(requested + CANCEL_WINDOW - timedelta(seconds=1))
    assert request.due(requested + CANCEL_WINDOW)
    assert not _request("requested", requested).due(requested + CANCEL_WINDOW)


def test_notice_retries_back_off_exponentially_up_to_a_cap() -> None:
    from jobexp.domain.deletion import LONGEST_RETRY, retry_delay

    assert [retry_delay(n) for n in (1, 2, 3)] == [timedelta(minutes=m) for m in (1, 2, 4)]
    assert retry_delay(50) == LONGEST_RETRY
