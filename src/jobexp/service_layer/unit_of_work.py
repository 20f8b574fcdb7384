"""One transaction per use case; nothing is kept unless the use case commits."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy import Connection, Engine

from jobexp.adapters import repositories as repo


class UnitOfWork:
    """Opens a connection and a transaction; rolls back on exit unless `commit()` ran."""

    accounts: repo.Accounts
    sessions: repo.Sessions
    devices: repo.Devices
    login_failures: repo.LoginFailures
    audit: repo.AuditLog
    access_log: repo.AccessLog

    def __init__(self, engine: Engine, *, readonly: bool = False) -> None:
        self._engine = engine
        self._readonly = readonly
        self._connection: Connection | None = None

    def __enter__(self) -> Self:
        connection = self._engine.connect()
        if self._readonly:
            connection.execution_options(jobexp_readonly=True)
        connection.begin()
        self._connection = connection
        self.accounts = repo.Accounts(connection)
        self.sessions = repo.Sessions(connection)
        self.devices = repo.Devices(connection)
        self.login_failures = repo.LoginFailures(connection)
        self.audit = repo.AuditLog(connection)
        self.access_log = repo.AccessLog(connection)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        connection = self._require()
        try:
            if connection.in_transaction():
                connection.rollback()
        finally:
            connection.close()
            self._connection = None

    def commit(self) -> None:
        if self._readonly:
            raise RuntimeError("a read-only unit of work cannot commit")
        self._require().commit()

    @property
    def connection(self) -> Connection:
        return self._require()

    def _require(self) -> Connection:
        if self._connection is None:
            raise RuntimeError("the unit of work is not open")
        return self._connection
