"""The statements erasure runs: locking an account out and deleting its rows, table by table.

The service layer (service_layer/erasure.py) decides when and in which transaction; the
tables and the rows that name the account come from the schema (adapters/erasure_plan.py).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update

from jobexp.adapters import tables as t
from jobexp.adapters.erasure_plan import (
    EXTRA_REFERENCES,
    UserFacts,
    delete_statement,
    erasure_order,
)
from jobexp.adapters.repositories import Sessions
from jobexp.adapters.store import Store
from jobexp.types import UserId


def erasure_tables() -> list[str]:
    """The names of the tables erasure walks, in the order it deletes from them."""
    return [table.name for table in erasure_order()]


class ErasureStore(Store):
    """Runs inside the erasing scope the service layer opens (it names the tables'
    categories), not under a purpose of its own: erasure is the user's right."""

    def lock_out(self, user_id: UserId, password_hash: str, at: datetime) -> int:
        """End every session and device token and make the password unusable; sessions ended."""
        ended = Sessions(self._connection).end_all_for_user(user_id, at, "account_erased")
        self._connection.execute(
            update(t.users).where(t.users.c.id == user_id).values(password_hash=password_hash)
        )
        return ended

    def ledger_recipients(self, user_ref: str) -> set[tuple[str, str]]:
        """(recipient, legal basis) of every disclosure about the user (by pseudonym)."""
        ledger = t.disclosure_ledger
        query = (
            select(ledger.c.recipient, ledger.c.basis)
            .where(ledger.c.subject == user_ref)
            .distinct()
        )
        return {(row.recipient, row.basis) for row in self._connection.execute(query)}

    def erase(self, table_name: str, user_id: UserId) -> int:
        """Delete the account's rows from one table; how many went."""
        table = t.metadata.tables[table_name]
        statement = delete_statement(table, self._facts(user_id, table_name))
        return int(self._connection.execute(statement).rowcount)

    def _facts(self, user_id: UserId, table_name: str) -> UserFacts:
        """What else names the account, read only for tables that need it (throttle keys)."""
        if table_name not in EXTRA_REFERENCES:
            return UserFacts(user_id)
        index = self._connection.execute(
            select(t.users.c.identifier_index).where(t.users.c.id == user_id)
        ).scalar()
        devices = self._connection.execute(
            select(t.devices.c.id).where(t.devices.c.user_id == user_id)
        )
        return UserFacts(user_id, index, tuple(devices.scalars()))
