"""Knowing, cheaply and exactly, whether anything was committed to the database since a read.

SQLite's `PRAGMA data_version`, asked on a connection that never writes, changes whenever any
other connection, in this process or another, commits. A cached read stamped with the value
is therefore still exact while the value is unchanged.

PostgreSQL's `pg_current_snapshot()` is exact too, for every process of a deployment: a
transaction that writes takes a transaction id, and once it commits the snapshot differs
(it left the in-progress list, or it began after the last snapshot and moved `xmax`).
Read-only transactions take no id and change nothing. It is one round trip without locks
or writes, cheaper than the reads it saves; commits in other databases of the same server
change it too, which only empties the cache more often than needed. A watch that cannot
ask answers a value never seen before, so nothing is served from the cache.
"""

from __future__ import annotations

import hashlib
import itertools
import sqlite3
import threading
from typing import Protocol

import psycopg
from sqlalchemy.engine import make_url


class ChangeWatch(Protocol):
    def version(self) -> int:
        """A number that differs after any commit by anyone to the database."""
        ...

    def close(self) -> None: ...


class SQLiteChangeWatch:
    def __init__(self, path: str) -> None:
        self._connection = sqlite3.connect(
            f"file:{path}?mode=ro", uri=True, isolation_level=None, check_same_thread=False
        )
        self._lock = threading.Lock()

    def version(self) -> int:
        with self._lock:
            row = self._connection.execute("PRAGMA data_version").fetchone()
        return int(row[0])

    def close(self) -> None:
        self._connection.close()


class PostgresChangeWatch:
    """`pg_current_snapshot()` on a connection of its own (autocommit: it holds no snapshot)."""

    _unseen = itertools.count(-1, -1)  # what a watch that cannot ask answers: never a stamp twice

    def __init__(self, conninfo: str) -> None:
        self._conninfo = conninfo
        self._connection: psycopg.Connection[tuple[object, ...]] | None = None
        self._lock = threading.Lock()

    def version(self) -> int:
        with self._lock:
            try:
                return self._ask()
            except psycopg.Error:
                self._drop()
                return next(self._unseen)

    def _ask(self) -> int:
        if self._connection is None or self._connection.closed:
            self._connection = psycopg.connect(self._conninfo, autocommit=True, connect_timeout=5)
        row = self._connection.execute("SELECT pg_current_snapshot()::text").fetchone()
        assert row is not None
        digest = hashlib.blake2b(str(row[0]).encode("ascii"), digest_size=8).digest()
        return int.from_bytes(digest, "big") >> 1  # non-negative: apart from the unseen ones

    def _drop(self) -> None:
        if self._connection is not None:
            self._connection.close()
        self._connection = None

    def close(self) -> None:
        with self._lock:
            self._drop()


def change_watch_for(database_url: str) -> SQLiteChangeWatch | PostgresChangeWatch | None:
    url = make_url(database_url)
    if url.get_backend_name() == "postgresql":
        return PostgresChangeWatch(url.set(drivername="postgresql").render_as_string(False))
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return SQLiteChangeWatch(url.database)
