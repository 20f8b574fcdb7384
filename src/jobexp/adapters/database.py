"""The database as the service layer sees it: transactions that hand out stores by type.

Nothing above the adapters touches SQLAlchemy: a unit of work opens a `Transaction` here and
asks it for stores (`Store` subclasses). A unique or foreign-key violation surfaces as the
domain's `DuplicateRow`, so a use case can say what the conflict means to the user.
"""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, event
from sqlalchemy.exc import IntegrityError

from jobexp.adapters.db import database_reachable
from jobexp.adapters.store import Store
from jobexp.domain.chain import KnownHead
from jobexp.domain.errors import DuplicateRow

S = TypeVar("S", bound=Store)


class Transaction:
    """One connection with one open transaction; rolled back on close unless committed."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection
        self._stores: dict[type[Store], Store] = {}

    def get(self, kind: type[S]) -> S:
        found = self._stores.get(kind)
        if found is None:
            found = self._stores[kind] = kind(self._connection)
        assert isinstance(found, kind)
        return found

    def commit(self) -> None:
        self._connection.commit()

    def close(self) -> None:
        connection = self._connection
        try:
            if connection.in_transaction():
                connection.rollback()
        finally:
            connection.close()


class Database:
    """The personal-data store: one engine, its dialect, and transactions on it."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        # The disclosure ledger's head as this process last wrote it to this store (a guess).
        self.ledger_head = KnownHead()
        if not event.contains(engine, "handle_error", _domain_error):
            event.listen(engine, "handle_error", _domain_error)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def begin(self, *, readonly: bool = False) -> Transaction:
        """A connection with its transaction begun; a busy or unreachable database raises
        here, and the connection is returned to the pool before it does."""
        connection = self.engine.connect()
        try:
            if readonly:
                connection.execution_options(jobexp_readonly=True)
            connection.begin()
        except BaseException:
            connection.close()
            raise
        return Transaction(connection)

    def reachable(self) -> bool:
        return database_reachable(self.engine)

    def dispose(self) -> None:
        self.engine.dispose()


def _domain_error(context: Any) -> None:
    if isinstance(context.original_exception, IntegrityError) or isinstance(
        context.sqlalchemy_exception, IntegrityError
    ):
        raise DuplicateRow() from context.sqlalchemy_exception
