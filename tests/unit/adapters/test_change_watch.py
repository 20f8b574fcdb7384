"""The change counter behind the read cache sees every commit, from any connection."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url

from jobexp.adapters.change_watch import PostgresChangeWatch, SQLiteChangeWatch, change_watch_for


def _database(tmp_path: Path) -> Path:
    path = tmp_path / "watched.sqlite3"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE t (x INTEGER)")
    return path


def test_a_commit_by_another_process_changes_the_version(tmp_path: Path) -> None:
    path = _database(tmp_path)
    watch = SQLiteChangeWatch(str(path))
    before = watch.version()
    code = (
        f"import sqlite3; c = sqlite3.connect({str(path)!r}); "
        "c.execute('INSERT INTO t VALUES (1)'); c.commit()"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
    assert watch.version() != before
    watch.close()


def test_a_rolled_back_write_does_not_change_the_version(tmp_path: Path) -> None:
    path = _database(tmp_path)
    watch = SQLiteChangeWatch(str(path))
    before = watch.version()
    connection = sqlite3.connect(path)
    connection.execute("INSERT INTO t VALUES (1)")
    connection.rollback()
    connection.close()
    assert watch.version() == before
    watch.close()


def test_an_in_memory_database_has_no_watch_so_nothing_is_cached() -> None:
    assert change_watch_for("sqlite:///:memory:") is None


def test_postgresql_a_commit_by_another_connection_changes_the_version(
    postgres_database_url: str,
) -> None:
    watch = change_watch_for(postgres_database_url)
    assert isinstance(watch, PostgresChangeWatch)
    conninfo = make_url(postgres_database_url).set(drivername="postgresql")
    with psycopg.connect(conninfo.render_as_string(False), autocommit=True) as other:
        other.execute("CREATE TABLE IF NOT EXISTS watched (x integer)")
        before = watch.version()
        assert watch.version() == before  # nothing committed: the same stamp
        other.execute("INSERT INTO watched VALUES (1)")
    assert watch.version() != before
    watch.close()


def test_postgresql_a_read_only_transaction_keeps_the_version(postgres_database_url: str) -> None:
    watch = change_watch_for(postgres_database_url)
    assert watch is not None
    conninfo = make_url(postgres_database_url).set(drivername="postgresql")
    with psycopg.connect(conninfo.render_as_string(False)) as reader:
        before = watch.version()
        reader.execute("SELECT 1").fetchone()
        reader.commit()
        assert watch.version() == before
    watch.close()


def test_postgresql_a_watch_that_cannot_ask_never_repeats_a_stamp() -> None:
    watch = PostgresChangeWatch("host=127.0.0.1 port=1 dbname=none connect_timeout=1")
    assert watch.version() != watch.version()
