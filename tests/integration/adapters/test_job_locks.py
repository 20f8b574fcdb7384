"""One holder per job across processes: PostgreSQL advisory locks, given back on every path."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from jobexp.adapters.db import create_database_engine
from jobexp.adapters.job_locks import JobLocks, lock_key


def test_a_job_key_is_stable_and_distinct_per_job() -> None:
    assert lock_key("erasure") == lock_key("erasure")
    assert len({lock_key(name) for name in ("erasure", "shares", "retention")}) == 3


def test_a_second_process_cannot_hold_a_held_job_until_it_is_given_back(
    postgres_database_url: str,
) -> None:
    first = create_database_engine(postgres_database_url)
    second = create_database_engine(postgres_database_url)
    try:
        with JobLocks(first).hold("erasure") as held:
            assert held
            with JobLocks(second).hold("erasure") as also:
                assert not also
            with JobLocks(second).hold("retention") as other_job:
                assert other_job
        with JobLocks(second).hold("erasure") as now_free:
            assert now_free
    finally:
        first.dispose()
        second.dispose()


def test_a_job_that_raises_gives_its_lock_back(postgres_database_url: str) -> None:
    engine = create_database_engine(postgres_database_url)
    locks = JobLocks(engine)
    try:
        with pytest.raises(RuntimeError), locks.hold("shares") as held:
            assert held
            raise RuntimeError("job failed")
        with JobLocks(engine).hold("shares") as again:
            assert again
    finally:
        engine.dispose()


HOLD_FOREVER = """
import sys, time
from jobexp.adapters.db import create_database_engine
from jobexp.adapters.job_locks import JobLocks
with JobLocks(create_database_engine(sys.argv[1])).hold("retention") as held:
    print("held" if held else "busy", flush=True)
    time.sleep(120)
"""


def test_a_killed_workers_job_is_free_for_the_others(postgres_database_url: str) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_FOREVER, postgres_database_url],
        stdout=subprocess.PIPE,
        text=True,
    )
    alive = create_database_engine(postgres_database_url)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with JobLocks(alive).hold("retention") as taken:
            assert not taken
        holder.kill()
        holder.wait(timeout=30)
        assert _eventually_free(JobLocks(alive), "retention")
    finally:
        holder.kill()
        holder.wait(timeout=30)
        if holder.stdout is not None:
            holder.stdout.close()
        alive.dispose()


def _eventually_free(locks: JobLocks, job: str) -> bool:
    """The server ends a dead client's session when it sees the socket close (promptly here)."""
    for _ in range(100):
        with locks.hold(job) as held:
            if held:
                return True
        time.sleep(0.1)
    return False
