"""An account deletion request and the states it goes through (clause 10, D7).

    requested -> scheduled -> erasing -> erased
         \\            \\
          +-> cancelled <+

A request is `requested` when the user (or the support desk) asks, `scheduled` once the
erasure worker has planned it, `erasing` from the transaction that destroys the user's data
key, and `erased` when every row is gone and the receipt written. It can be cancelled only
before erasing begins: from then on nothing could be given back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

from jobexp.domain.errors import Conflict
from jobexp.domain.working_days import Deadline
from jobexp.types import UserId

__all__ = [
    "CANCEL_WINDOW",
    "OPEN_STATES",
    "DeletionRequest",
    "DeletionState",
    "RequestedBy",
    "erase_after",
    "next_state",
]

DeletionState = Literal["requested", "scheduled", "erasing", "erased", "cancelled"]
RequestedBy = Literal["self", "staff"]

TRANSITIONS: dict[DeletionState, frozenset[DeletionState]] = {
    "requested": frozenset({"scheduled", "cancelled"}),
    "scheduled": frozenset({"erasing", "cancelled"}),
    "erasing": frozenset({"erased"}),
    "erased": frozenset(),
    "cancelled": frozenset(),
}
OPEN_STATES: frozenset[DeletionState] = frozenset({"requested", "scheduled", "erasing"})
CANCELLABLE: frozenset[DeletionState] = frozenset({"requested", "scheduled"})
# How long a user has to change their mind before erasure may begin. The deadline is at
# least three calendar days away, so this never pushes erasure past it (see `erase_after`).
CANCEL_WINDOW = timedelta(hours=24)


def next_state(current: DeletionState, target: DeletionState) -> DeletionState:
    """`target` if the machine allows it from `current`, else a Conflict saying why."""
    if target in TRANSITIONS[current]:
        return target
    if target == "cancelled":
        raise Conflict("deletion.cannot_cancel", state=current)
    raise Conflict("deletion.bad_transition", state=current, target=target)


def erase_after(requested_at: datetime, deadline: Deadline) -> datetime:
    """When erasure may begin: after the cancel window, and never after the deadline starts."""
    return min(requested_at + CANCEL_WINDOW, deadline.starts_at)


@dataclass(frozen=True)
class DeletionRequest:
    id: str
    user_ref: str
    account_id: UserId | None
    state: DeletionState
    requested_by: RequestedBy
    channel: str
    requested_at: datetime
    deadline: date
    erase_after: datetime
    scheduled_at: datetime | None
    erasing_at: datetime | None
    erased_at: datetime | None
    cancelled_at: datetime | None
    receipt_id: str

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def cancellable(self) -> bool:
        return self.state in CANCELLABLE

    @property
    def deadline_ends_at(self) -> datetime:
        return Deadline(self.deadline).ends_at

    def remaining(self, now: datetime) -> timedelta:
        """Time left before the deadline ends (negative once overdue)."""
        return self.deadline_ends_at - now

    def overdue(self, now: datetime) -> bool:
        return self.is_open and now >= self.deadline_ends_at

    def due(self, now: datetime) -> bool:
        """Whether erasure may begin now (the cancel window is over)."""
        return self.state == "scheduled" and now >= self.erase_after


# Erasure notices to partners: retried with exponential backoff, at most this far apart.
FIRST_RETRY = timedelta(minutes=1)
LONGEST_RETRY = timedelta(hours=6)


def retry_delay(attempts: int) -> timedelta:
    """How long to wait after the `attempts`-th failed delivery (1, 2, 4 ... minutes, capped)."""
    delay: timedelta = FIRST_RETRY * 2 ** min(max(attempts - 1, 0), 16)
    return min(delay, LONGEST_RETRY)
