"""Who runs a background job right now: one holder per job across every worker process.

On PostgreSQL a session-level advisory lock, taken with `pg_try_advisory_lock` on a
connection of its own and given up when the job ends (or, if the process dies, when its
connection does); a second worker asking for a held job is told no at once and tries again
at its next turn. On SQLite, the embedded deployment's one process: a lock per job in it.
"""

from __future__ import annotations

import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, text

# Advisory lock keys are bigints; JobExp's live in their own space ("JX" << 32).
_KEY_SPACE = 0x4A58 << 32


def lock_key(job: str) -> int:
    """A stable 64-bit key for a job name (the same in every process and release)."""
    return _KEY_SPACE | zlib.crc32(job.encode("utf-8"))


class JobLocks:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._local: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    @contextmanager
    def hold(self, job: str) -> Iterator[bool]:
        """Yield True while this process holds `job`, False if another holder has it."""
        if self._engine.dialect.name != "postgresql":
            with self._in_process(job) as held:
                yield held
            return
        with self._engine.connect() as connection:
            key = lock_key(job)
            held = bool(
                connection.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": key}).scalar()
            )
            connection.commit()
            try:
                yield held
            finally:
                if held:
                    connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": key})
                    connection.commit()

    @contextmanager
    def _in_process(self, job: str) -> Iterator[bool]:
        with self._guard:
            lock = self._local.setdefault(job, threading.Lock())
        held = lock.acquire(blocking=False)
        try:
            yield held
        finally:
            if held:
                lock.release()
