"""Statements sent straight to the database driver, for the few writes on a hot path.

SQLAlchemy Core costs tens of microseconds per statement in parameter processing and
events, several times what SQLite takes to run a small insert. Where a write happens per
request (the access log) or per disclosure (the ledger), the statement is built once from
constants, per placeholder style, and its values go to the driver as a plain tuple; the one
conversion SQLAlchemy did for us, the timestamp, is done here the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from sqlalchemy import Connection

MARKS = ("?", "%s")  # qmark (sqlite3), format (psycopg)


def mark(connection: Connection) -> str:
    return "?" if connection.dialect.paramstyle == "qmark" else "%s"


def insert_sql(table: str, columns: Sequence[str]) -> dict[str, str]:
    """`INSERT INTO table (columns) VALUES (...)` for each placeholder style."""
    names = ", ".join(columns)
    return {
        m: f"INSERT INTO {table} ({names}) VALUES ({', '.join([m] * len(columns))})"  # noqa: S608
        for m in MARKS
    }


def timestamp_for(connection: Connection) -> Callable[[datetime], str | datetime]:
    """How a UTC instant goes to this driver, as `tables.UTCDateTime` would store it."""
    return _sqlite_timestamp if connection.dialect.name == "sqlite" else _as_is


def _sqlite_timestamp(at: datetime) -> str:
    """Naive UTC with microseconds always, as SQLAlchemy's DateTime stores it in SQLite."""
    return at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def _as_is(at: datetime) -> datetime:
    return at
