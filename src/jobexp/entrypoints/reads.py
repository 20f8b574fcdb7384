"""Where a short read-only use case runs: on the event loop for SQLite, in a thread otherwise.

A SQLite read is in-process CPU work of tens of microseconds and, under WAL, never waits for
a writer, so handing it to a worker thread costs more than it takes. A PostgreSQL read waits
on the network and must not block the loop. Writes always go to a thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ParamSpec, TypeVar

from starlette.concurrency import run_in_threadpool

from jobexp.service_layer.context import Services

P = ParamSpec("P")
R = TypeVar("R")


async def run_read(svc: Services, fn: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    if svc.database.dialect == "sqlite":
        return fn(*args, **kwargs)
    return await run_in_threadpool(fn, *args, **kwargs)
