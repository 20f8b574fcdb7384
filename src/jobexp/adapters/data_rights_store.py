"""SQL for a user's access and correction requests (D18): everything held about one account.

Which tables that is, and how each is read, is what the tables declare (their
`ExportSection`): a table added with a section is in the export without a change here.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select, update

from jobexp.adapters import tables as t
from jobexp.adapters.store import Store
from jobexp.domain import purpose_scope
from jobexp.domain.table_facts import ExportSection
from jobexp.types import UserId

__all__ = ["DataRightsStore"]


class DataRightsStore(Store):
    """Reads every table holding the user's data; writes only the correctable fields."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def rows(self, table_name: str, section: ExportSection, owner: str) -> list[dict[str, Any]]:
        """The rows of `table_name` whose owner column holds `owner` (the account's id, or
        its pseudonym for a pseudonymous section), in the section's order."""
        purpose_scope.require(t.TABLE_CATEGORIES[table_name], f"export of {table_name}")
        table = t.metadata.tables[table_name]
        query = select(table).where(table.c[section.owner] == owner)
        rows = self._connection.execute(query.order_by(table.c[section.order_by]))
        return [dict(row._mapping) for row in rows]

    def correct(self, user_id: UserId, values: dict[str, str]) -> None:
        purpose_scope.require(t.TABLE_CATEGORIES["users"], "correction")
        self._connection.execute(update(t.users).where(t.users.c.id == user_id).values(values))
