"""Which rows of the schema belong to an account, found by walking it, not by a hand list.

A row belongs to the account when a column holds its id (a foreign key to `users.id`, or a
column named `user_id`), or when it points by foreign key at a row that belongs to it. A
table added later is covered the day it declares such a column. References a foreign key
cannot express are declared once in `EXTRA_REFERENCES` (the login throttle keys an account
by its blind index). Tables with no reference to the account (the pseudonymous audit log, the
deletion records, the policy releases) are left as they are.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Delete, MetaData, Table, delete, false, or_, select

from jobexp.adapters import tables as t

__all__ = [
    "EXTRA_REFERENCES",
    "UserFacts",
    "delete_statement",
    "erasure_order",
    "owned_by",
    "references_user",
]


@dataclass(frozen=True)
class UserFacts:
    """What identifies an account's rows beyond its id, read before those rows go."""

    user_id: str
    identifier_index: str | None = None
    device_rows: tuple[str, ...] = ()


def _login_failure_keys(table: Table, facts: UserFacts) -> ColumnElement[bool] | None:
    keys = [f"device:{row}" for row in facts.device_rows]
    if facts.identifier_index is not None:
        keys.append(facts.identifier_index)
    return table.c.key.in_(keys) if keys else None


# table name -> the rows of that table that name the account other than by foreign key.
EXTRA_REFERENCES: dict[str, Callable[[Table, UserFacts], ColumnElement[bool] | None]] = {
    "login_failures": _login_failure_keys,
}


def _user_columns(table: Table) -> list[ColumnElement[str]]:
    return [
        column
        for column in table.columns
        if column.name == "user_id"
        or any(fk.column.table is t.users and fk.column.name == "id" for fk in column.foreign_keys)
    ]


def owned_by(
    table: Table, facts: UserFacts, _seen: frozenset[str] = frozenset()
) -> ColumnElement[bool] | None:
    """The condition selecting `table`'s rows that belong to the account, or None if none can."""
    if table is t.users:
        return t.users.c.id == facts.user_id
    clauses: list[ColumnElement[bool]] = [c == facts.user_id for c in _user_columns(table)]
    for fk in table.foreign_keys:
        parent = fk.column.table
        if parent is t.users or parent.name in _seen or parent is table:
            continue
        parent_owned = owned_by(parent, facts, _seen | {table.name})
        if parent_owned is not None:
            clauses.append(fk.parent.in_(select(fk.column).where(parent_owned)))
    extra = EXTRA_REFERENCES.get(table.name)
    if extra is not None:
        condition = extra(table, facts)
        clauses.append(false() if condition is None else condition)
    return or_(*clauses) if clauses else None


def references_user(table: Table) -> bool:
    """Whether any row of `table` can belong to an account."""
    return owned_by(table, UserFacts("x")) is not None


def erasure_order(metadata: MetaData = t.metadata) -> Sequence[Table]:
    """Every table holding account rows, in the order to empty them.

    Tables keyed by facts read from other rows come first (while those rows exist), then
    children before parents, and `users` last: an interrupted erasure resumed later still
    finds everything it needs. The user's data key is not among them: it lives in the key
    vault and is destroyed first of all, when erasure begins (see service_layer/erasure.py).
    """
    owned = [table for table in reversed(metadata.sorted_tables) if references_user(table)]
    first = [table for table in owned if table.name in EXTRA_REFERENCES]
    rest = [table for table in owned if table not in first and table is not t.users]
    return [*first, *rest, t.users]


def delete_statement(table: Table, facts: UserFacts) -> Delete:
    condition = owned_by(table, facts)
    assert condition is not None, table.name
    return delete(table).where(condition)
