"""Knowing, cheaply and exactly, whether anything was committed to the database since a read.

SQLite's `PRAGMA data_version`, asked on a connection that never writes, changes whenever any
other connection, in this process or another, commits. A cached read stamped with the value
is therefore still exact while the value is unchanged. PostgreSQL offers nothing as cheap
and exact, so there the watch is absent and nothing is cached.
"""

from __future__ import annotations

import sqlite3
import threading
from typing import Protocol

from sqlalchemy.engine import make_url


class ChangeWatch(Protocol):
    def version(self) -> int:
        """A number that differs after any commit by anyone to the database."""
        ...


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


def change_watch_for(database_url: str) -> SQLiteChangeWatch | None:
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return SQLiteChangeWatch(url.database)
