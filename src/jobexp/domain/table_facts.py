"""What one table declares about the personal data it holds, next to its columns (issue 14).

Each table of the schema carries one `TableFacts` (adapters/tables stores it on the table):
the policy's data categories its rows hold, how its rows end (retention), where a user sees
them (the export, D18) and whether erasure removes them (clause 10, D7). The purpose check,
the retention sweep, erasure and the export all read this one declaration; where a table
holding an account's rows is left out of one of them, an `Excluded` says why.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from jobexp.domain.retention import Retain

__all__ = ["ERASED", "EndsWith", "Erased", "Excluded", "ExportSection", "TableFacts"]


@dataclass(frozen=True)
class Excluded:
    """Deliberately left out (of the export, erasure or retention), and why."""

    reason: str

    def __post_init__(self) -> None:
        if not self.reason.strip():
            raise ValueError("an exclusion must say why")


@dataclass(frozen=True)
class Erased:
    """Erasure deletes the account's rows, found by walking the schema (adapters/erasure_plan)."""


ERASED = Erased()


@dataclass(frozen=True)
class EndsWith:
    """The rows end with another table's rows, so its rule covers them: deleted by a foreign
    key ON DELETE CASCADE (`cascade`), or a hash chain's head or checkpoint (`chain`)."""

    table: str
    how: Literal["cascade", "chain"]


@dataclass(frozen=True)
class ExportSection:
    """Where the table's rows appear in the user's export, and which of their fields.

    `order` places the section among the others. Rows are the table's rows whose `owner`
    column holds the account's id (or, `pseudonymous`, its pseudonym in the audit log),
    ordered by `order_by`; each item holds `fields`, in this order. `categories` defaults to
    the table's own; `starts_from` names an item's own field its period runs from;
    `category_field` an item's field naming its category, where that varies by row; `purpose`
    the purpose the data is kept for, whose period may differ (as the sweep's).
    """

    id: str
    order: int
    fields: tuple[str, ...]
    owner: str = "user_id"
    pseudonymous: bool = False
    order_by: str = "id"
    categories: tuple[str, ...] | None = None
    starts_from: str | None = None
    category_field: str | None = None
    purpose: str | None = None


Retention = tuple[Retain, ...] | EndsWith | Excluded


@dataclass(frozen=True)
class TableFacts:
    """One table's facts. `categories` are in the order the export shows them."""

    categories: tuple[str, ...]
    retention: Retention
    export: ExportSection | Excluded
    erasure: Erased | Excluded

    @classmethod
    def not_personal(cls, reason: str) -> TableFacts:
        """A table holding no category of the user policy: nothing to keep, show or erase."""
        why = Excluded(reason)
        return cls(categories=(), retention=why, export=why, erasure=why)

    @property
    def rules(self) -> tuple[Retain, ...]:
        return self.retention if isinstance(self.retention, tuple) else ()
