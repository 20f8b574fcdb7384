"""The worker's schedule: each job on its interval, one holder per job, failures contained."""

from __future__ import annotations

import pytest

from jobexp.adapters.db import create_database_engine
from jobexp.adapters.job_locks import JobLocks
from jobexp.bootstrap import partner_notifier
from jobexp.service_layer.context import Services
from jobexp.service_layer.worker import Job, Scheduler, standard_jobs


class Ticks:
    """A hand-moved monotonic clock for the scheduler."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _recording(name: str, every: float, runs: list[str]) -> Job:
    def run(_svc: Services) -> str:
        runs.append(name)
        return ""

    return Job(name, every, run)


def _scheduler(
    svc: Services, jobs: list[Job], ticks: Ticks, *, run_at_start: bool = True
) -> Scheduler:
    return Scheduler(svc, jobs, JobLocks(svc.database.engine), now=ticks, run_at_start=run_at_start)


def test_a_worker_runs_every_job_at_its_start_then_each_on_its_interval(svc: Services) -> None:
    runs: list[str] = []
    ticks = Ticks()
    jobs = [_recording("fast", 10, runs), _recording("slow", 60, runs)]
    scheduler = _scheduler(svc, jobs, ticks)
    scheduler.run_due()
    assert runs == ["fast", "slow"]
    ticks.now += 10
    scheduler.run_due()
    assert runs == ["fast", "slow", "fast"]
    assert scheduler.wait_seconds() == pytest.approx(10)


def test_an_embedded_server_waits_one_interval_before_the_first_run(svc: Services) -> None:
    runs: list[str] = []
    ticks = Ticks()
    scheduler = _scheduler(svc, [_recording("sweep", 30, runs)], ticks, run_at_start=False)
    assert scheduler.run_due() == []
    ticks.now += 30
    assert [o.status for o in scheduler.run_due()] == ["done"]


def test_a_job_with_interval_zero_never_runs(svc: Services) -> None:
    runs: list[str] = []
    scheduler = _scheduler(svc, [_recording("off", 0, runs)], Ticks())
    assert scheduler.run_due() == [] and runs == []


def test_a_failing_job_is_reported_and_the_others_still_run(svc: Services) -> None:
    runs: list[str] = []

    def broken(_svc: Services) -> str:
        raise RuntimeError("partner down")

    jobs = [Job("broken", 5, broken), _recording("after", 5, runs)]
    outcomes = _scheduler(svc, jobs, Ticks()).run_due()
    assert [(o.job, o.status, o.detail) for o in outcomes] == [
        ("broken", "failed", "RuntimeError"),
        ("after", "done", ""),
    ]
    assert runs == ["after"]


def test_a_job_another_worker_holds_is_skipped_not_run_twice(svc: Services) -> None:
    runs: list[str] = []
    other_engine = create_database_engine(svc.settings.database_url)
    scheduler = _scheduler(svc, [_recording("erasure", 5, runs)], Ticks())
    locks = JobLocks(other_engine) if svc.database.dialect == "postgresql" else scheduler.locks
    try:
        with locks.hold("erasure") as held:
            assert held
            assert [o.status for o in scheduler.run_due()] == ["busy"]
    finally:
        other_engine.dispose()
    assert runs == []


NO_NOTICES = "notices 0 delivered, 0 failed"


def test_the_standard_jobs_run_on_an_empty_database(svc: Services) -> None:
    outcomes = _scheduler(
        svc, standard_jobs(svc, partner_notifier(svc.settings)), Ticks()
    ).run_due()
    assert [(o.job, o.status, o.detail) for o in outcomes] == [
        ("erasure", "done", f"0 scheduled, 0 erased, 0 held, 0 overdue; {NO_NOTICES}"),
        ("shares", "done", "0 sent, 0 cancelled"),
        ("retention", "done", "0 rows ended in 0 tables"),
    ]
