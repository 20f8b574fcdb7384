"""Engines for SQLite (embedded default) and PostgreSQL, tuned for how JobExp writes."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url

from jobexp.config import PoolSettings


def create_database_engine(url: str, pool: PoolSettings | None = None) -> Engine:
    """An engine whose pool is sized by `pool`; a request that cannot get a connection
    within its timeout raises sqlalchemy.exc.TimeoutError, which the web answers with 503."""
    sizing = _pool_options(pool or PoolSettings())
    if make_url(url).get_backend_name() == "sqlite":
        return _sqlite_engine(url, sizing)
    return create_engine(url, pool_pre_ping=True, **sizing)


def _pool_options(pool: PoolSettings) -> dict[str, Any]:
    return {
        "pool_size": pool.size,
        "max_overflow": pool.max_overflow,
        "pool_timeout": pool.timeout_seconds,
    }


def _sqlite_engine(url: str, sizing: dict[str, Any]) -> Engine:
    if make_url(url).database in (None, "", ":memory:"):
        sizing = {}  # one shared in-memory connection: nothing to size
    # Every unit of work ends its transaction itself, so the pool's extra rollback on
    # check-in is wasted work on each request.
    engine = create_engine(
        url,
        connect_args={"check_same_thread": False, "timeout": 30},
        pool_reset_on_return=None,
        **sizing,
    )

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's begin event issue BEGIN, so writers can take the lock up front.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        for pragma in (
            "journal_mode=WAL",
            "synchronous=NORMAL",
            "foreign_keys=ON",
            "busy_timeout=30000",
        ):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        # Writers take the write lock at BEGIN: two writers never both read the audit head
        # and then fail to upgrade. Readers stay deferred and run side by side under WAL.
        readonly = connection.get_execution_options().get("jobexp_readonly", False)
        # Straight to the driver: BEGIN reads no table, and the full execution path costs
        # more than SQLite takes to run it, on every unit of work.
        connection.connection.driver_connection.execute("BEGIN" if readonly else "BEGIN IMMEDIATE")

    return engine


def database_reachable(engine: Engine) -> bool:
    try:
        with engine.connect() as connection:
            connection.execution_options(jobexp_readonly=True).execute(text("SELECT 1"))
    except Exception:  # any driver error means "not reachable" to a health check
        return False
    return True
