"""Checking the rows of a partner's data file (3c; D15) before anything is stored.

Each row names the user, one data category of the grant, the value, and the consent the
partner collected it with (a reference and when it was given). A row that fails says why, in
words an operator can act on; good rows are not held back by bad ones.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from jobexp.domain.grants import Grant
from jobexp.types import UserId

COLUMNS = ("user_id", "category", "value", "consent_reference", "consented_at")
MAX_VALUE = 1000


@dataclass(frozen=True)
class ImportRow:
    line: int
    user_id: UserId
    category: str
    value: str
    consent_reference: str
    consented_at: datetime


@dataclass(frozen=True)
class Rejected:
    line: int
    reason: str


def missing_columns(header: list[str] | None) -> list[str]:
    return [c for c in COLUMNS if c not in (header or [])]


def parse_row(
    line: int, raw: Mapping[str, str | None], grant: Grant, now: datetime
) -> ImportRow | Rejected:
    values = {c: (raw.get(c) or "").strip() for c in COLUMNS}
    empty = [c for c in COLUMNS if not values[c]]
    if empty:
        return Rejected(line, f"missing {', '.join(empty)}")
    if values["category"] not in grant.categories:
        allowed = ", ".join(sorted(grant.categories))
        return Rejected(line, f"category {values['category']!r} is outside the grant ({allowed})")
    if len(values["value"]) > MAX_VALUE:
        return Rejected(line, f"value longer than {MAX_VALUE} characters")
    try:
        consented_at = datetime.fromisoformat(values["consented_at"])
    except ValueError:
        return Rejected(line, "consented_at is not an ISO 8601 date and time")
    if consented_at.tzinfo is None:
        return Rejected(line, "consented_at has no time zone (add Z or +08:00)")
    if consented_at > now:
        return Rejected(line, "consented_at is in the future")
    return ImportRow(
        line=line,
        user_id=UserId(values["user_id"]),
        category=values["category"],
        value=values["value"],
        consent_reference=values["consent_reference"][:200],
        consented_at=consented_at.astimezone(UTC),
    )
