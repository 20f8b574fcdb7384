"""A full pool, refused purpose checks and policy refreshes at once: no deadlock, no leak.

Issue 13: a policy refresh that took a second pooled connection while every connection was
held by a thread waiting for it stopped the process; a refusal inside `UnitOfWork.__enter__`
gave its connection back only through the garbage collector.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterator, Sequence

import pytest
from sqlalchemy import Engine

from jobexp.adapters.database import Database
from jobexp.adapters.db import create_database_engine
from jobexp.adapters.migrate import upgrade
from jobexp.clock import SystemClock
from jobexp.config import PoolSettings
from jobexp.domain.purposes import Access, Decision, PurposeDenied
from jobexp.policy.loader import packaged_policy_text
from jobexp.service_layer.policy_releases import PolicyRegistry
from jobexp.service_layer.purposes import PurposeGuard
from jobexp.service_layer.unit_of_work import Guard, UnitOfWork
from jobexp.types import UserId

POOL = 4
# Needs the user's consent, which "nobody" never gave: the real check refuses it.
WEATHER = Access("weather", ("location_coarse",))


class _WhenPoolIsFull:
    """The real guard, entered only once every pooled connection is held by a caller."""

    def __init__(self, guard: Guard, callers: int) -> None:
        self.guard = guard
        self.barrier = threading.Barrier(callers, timeout=30)

    def decide(
        self, accesses: Sequence[Access], subject: UserId | None, source: UnitOfWork
    ) -> tuple[Access, Decision] | None:
        self.barrier.wait()
        return self.guard.decide(accesses, subject, source)


class _Broken:
    def decide(
        self, accesses: Sequence[Access], subject: UserId | None, source: UnitOfWork
    ) -> tuple[Access, Decision] | None:
        raise RuntimeError("the guard failed")


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = create_database_engine(
        database_url, PoolSettings(size=POOL, max_overflow=0, timeout_seconds=1.0)
    )
    upgrade(engine)
    yield engine
    engine.dispose()


def _registry(engine: Engine) -> PolicyRegistry:
    # Refreshes on every read: each refused check below also asks for a refresh.
    registry = PolicyRegistry(Database(engine), SystemClock(), refresh_seconds=0)
    registry.ensure_initial(*packaged_policy_text())
    registry.published()  # loaded at start-up, as bootstrap does
    return registry


def _run_together(target: Callable[[], None], count: int) -> list[BaseException | None]:
    outcomes: list[BaseException | None] = [None] * count

    def run(i: int) -> None:
        try:
            target()
        except BaseException as exc:  # each outcome is asserted on
            outcomes[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return outcomes


def test_refusals_and_refreshes_on_a_full_pool_return_every_connection(engine: Engine) -> None:
    gc.disable()  # a connection that only the garbage collector would return fails the test
    try:
        registry = _registry(engine)
        guard = _WhenPoolIsFull(PurposeGuard(registry, SystemClock()), POOL)

        def refused() -> None:
            with UnitOfWork(
                Database(engine),
                readonly=True,
                accesses=[WEATHER],
                subject=UserId("nobody"),
                guard=guard,
            ):
                pytest.fail("the purpose check allowed weather without consent")

        outcomes = _run_together(refused, POOL)
        registry.join(30)  # the refresh the refusals asked for, run in the background

        assert [type(o) for o in outcomes] == [PurposeDenied] * POOL
        assert engine.pool.checkedout() == 0  # type: ignore[attr-defined]
    finally:
        gc.enable()


def test_a_guard_that_fails_returns_the_connection(engine: Engine) -> None:
    gc.disable()
    try:
        with (
            pytest.raises(RuntimeError),
            UnitOfWork(Database(engine), accesses=[WEATHER], guard=_Broken()),
        ):
            pass
        assert engine.pool.checkedout() == 0  # type: ignore[attr-defined]
    finally:
        gc.enable()


def test_reading_the_policy_never_waits_for_a_connection(engine: Engine) -> None:
    registry = _registry(engine)
    held = [engine.connect() for _ in range(POOL)]
    try:
        # A stale snapshot, and no connection free: the answer is the snapshot, at once.
        assert registry.published().current.seq == 1
    finally:
        for connection in held:
            connection.close()
    registry.join(30)
    assert engine.pool.checkedout() == 0  # type: ignore[attr-defined]
