"""Task appointments: what a valid title and due time are, and when a reminder is due (1b)."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from jobexp.domain.errors import InvalidInput

__all__ = ["TITLE_MAX", "Task", "check_due", "clean_title", "local_to_utc"]

TITLE_MAX = 200
# A form filled in a minute ago is not "in the past"; anything older is refused.
PAST_GRACE = timedelta(minutes=1)
FURTHEST = timedelta(days=5 * 366)


@dataclass(frozen=True)
class Task:
    id: str
    title: str
    due_at: datetime  # an aware UTC instant
    created_at: datetime
    completed_at: datetime | None

    @property
    def completed(self) -> bool:
        return self.completed_at is not None

    def is_due(self, now: datetime) -> bool:
        return not self.completed and self.due_at <= now


def clean_text(text: str, *, empty: str, too_long: str, invalid: str, limit: int) -> str:
    """Trimmed, NFC; refused when empty, over `limit` characters, or with control characters."""
    value = unicodedata.normalize("NFC", text).strip()
    if not value:
        raise InvalidInput(empty)
    if len(value) > limit:
        raise InvalidInput(too_long, limit=limit)
    if any(unicodedata.category(ch) in {"Cc", "Cs", "Co", "Cn"} for ch in value):
        raise InvalidInput(invalid)
    return value


def clean_title(text: str) -> str:
    return clean_text(
        text,
        empty="assistant.task.title_empty",
        too_long="assistant.task.title_too_long",
        invalid="assistant.task.title_invalid",
        limit=TITLE_MAX,
    )


def check_due(due: datetime, now: datetime) -> datetime:
    """The due time as a UTC instant; it must be aware, not past, and within five years."""
    if due.tzinfo is None or due.utcoffset() is None:
        raise InvalidInput("assistant.task.due_naive")
    try:
        instant = due.astimezone(UTC)
    except OverflowError as exc:  # year 1 or 9999 pushed past the calendar by its offset
        raise InvalidInput("assistant.task.due_too_far") from exc
    if instant < now - PAST_GRACE:
        raise InvalidInput("assistant.task.due_past")
    if instant > now + FURTHEST:
        raise InvalidInput("assistant.task.due_too_far")
    return instant


def local_to_utc(local: datetime, time_zone: str) -> datetime:
    """A wall-clock time in the user's zone as a UTC instant; a time the clocks skip is refused."""
    zone = ZoneInfo(time_zone)
    try:
        instant = local.replace(tzinfo=zone).astimezone(UTC)
    except OverflowError as exc:
        raise InvalidInput("assistant.task.due_too_far") from exc
    if instant.astimezone(zone).replace(tzinfo=None) != local.replace(tzinfo=None):
        raise InvalidInput("assistant.task.due_impossible")
    return instant
