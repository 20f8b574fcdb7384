"""Release 1: published once, however many processes start together on an empty database."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, event

from jobexp.adapters.database import Database
from jobexp.adapters.db import create_database_engine
from jobexp.adapters.migrate import upgrade
from jobexp.clock import SystemClock
from jobexp.policy.loader import packaged_policy_text
from jobexp.service_layer.policy_releases import PolicyRegistry


def _publish_beside_at_insert(engine: Engine, url: str) -> None:
    """Just before `engine` inserts a release, another process's registry publishes release 1
    (the window in which two processes starting together both read an empty table)."""
    done: list[bool] = []

    @event.listens_for(engine, "before_cursor_execute")
    def _other_process_first(*args: Any) -> None:
        if done or not str(args[2]).startswith("INSERT INTO policy_releases"):
            return
        done.append(True)
        other = create_database_engine(url)
        PolicyRegistry(Database(other), SystemClock()).ensure_initial(*packaged_policy_text())
        other.dispose()


def test_a_release_published_beside_ours_does_not_stop_the_start(
    postgres_database_url: str,
) -> None:
    engine = create_database_engine(postgres_database_url)
    _publish_beside_at_insert(engine, postgres_database_url)
    registry = PolicyRegistry(Database(engine), SystemClock())
    registry.ensure_initial(*packaged_policy_text())
    assert [r.seq for r in registry.published().releases] == [1]
    engine.dispose()


def test_a_start_on_a_published_database_adds_no_release(database_url: str) -> None:
    engine = create_database_engine(database_url)
    upgrade(engine)
    for _ in range(2):
        PolicyRegistry(Database(engine), SystemClock()).ensure_initial(*packaged_policy_text())
    assert [
        r.seq for r in PolicyRegistry(Database(engine), SystemClock()).published().releases
    ] == [1]
    engine.dispose()
