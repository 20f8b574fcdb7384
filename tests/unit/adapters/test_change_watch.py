"""The change counter behind the read cache sees every commit, from any connection."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from jobexp.adapters.change_watch import SQLiteChangeWatch, change_watch_for


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


def test_postgresql_has_no_watch_so_nothing_is_cached() -> None:
    assert change_watch_for("postgresql+psycopg://u@127.0.0.1:5432/db") is None
