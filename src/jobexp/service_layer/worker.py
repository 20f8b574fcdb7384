"""The background jobs and their schedule: erasure, partner erasure notices, queued shares and
the retention sweep (D7, D8, 4c).

`jobexp worker` runs them in a process of its own (several may run beside each other on one
PostgreSQL: each job is held by one of them at a time, so they take turns, never overlap, and
one stopping leaves the others to carry on). The embedded SQLite server runs the same
schedule in process. Every job is idempotent and commits step by step, so a job stopped in the
middle loses nothing and is finished by the next run, in this process or another.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from functools import partial
from typing import Protocol

from jobexp.domain.erasure_notices import PartnerNotifier
from jobexp.service_layer import discontinuation, erasure, marketing
from jobexp.service_layer.context import Services

log = logging.getLogger("jobexp.worker")


class JobLocks(Protocol):
    """One holder per job at a time across processes (adapters/job_locks.py)."""

    def hold(self, job: str) -> AbstractContextManager[bool]: ...


@dataclass(frozen=True)
class Job:
    name: str
    every_seconds: float  # 0: never
    run: Callable[[Services], str]  # what it did, in a line for the log


def standard_jobs(svc: Services, notifier: PartnerNotifier | None) -> list[Job]:
    """Erasure (with its notices to `notifier`), queued shares, and the retention sweep."""
    settings = svc.settings
    return [
        Job("erasure", settings.erasure_interval_seconds, partial(_erase, notifier=notifier)),
        Job("shares", settings.share_interval_seconds, _share),
        Job("retention", settings.retention_sweep_seconds, _sweep),
    ]


def _erase(svc: Services, notifier: PartnerNotifier | None) -> str:
    r = erasure.run(svc, notifier)
    return (
        f"{r.scheduled} scheduled, {len(r.erased)} erased, {len(r.held)} held, "
        f"{len(r.overdue)} overdue; notices {r.delivered} delivered, {r.failed} failed"
    )


def _share(svc: Services) -> str:
    r = marketing.send_pending(svc)
    return f"{r.sent} sent, {r.cancelled} cancelled"


def _sweep(svc: Services) -> str:
    results, final = discontinuation.sweep_all(svc)
    ended = sum(r.rows for r in results)
    tables = len({r.table for r in results if r.rows})
    return f"{ended} rows ended in {tables} tables" + (", service closed" if final else "")


@dataclass(frozen=True)
class Outcome:
    job: str
    status: str  # done | busy (another worker holds it) | failed
    detail: str = ""


@dataclass
class Scheduler:
    """Runs each job when it is due; a failing job is logged and retried at its next turn.

    A worker runs every job at its start (a worker restarted daily must still sweep); an
    embedded server first waits one interval, so starting it does no background work at once.
    """

    svc: Services
    jobs: list[Job]
    locks: JobLocks
    now: Callable[[], float] = time.monotonic
    run_at_start: bool = True
    _next: dict[str, float] = field(default_factory=dict, init=False)

    def due(self) -> list[Job]:
        now = self.now()
        return [job for job in self.jobs if job.every_seconds > 0 and self._first(job, now) <= now]

    def _first(self, job: Job, now: float) -> float:
        start = now if self.run_at_start else now + job.every_seconds
        return self._next.setdefault(job.name, start)

    def run_due(self) -> list[Outcome]:
        outcomes = []
        for job in self.due():
            outcomes.append(self._run(job))
            self._next[job.name] = self.now() + job.every_seconds
        return outcomes

    def wait_seconds(self) -> float:
        """How long until the next job is due (at most a minute, at least a tenth of a second)."""
        pending = [t for job, t in self._upcoming() if job.every_seconds > 0]
        if not pending:
            return 60.0
        return min(60.0, max(0.1, min(pending) - self.now()))

    def run_until(self, stop: threading.Event) -> None:
        while not stop.is_set():
            for outcome in self.run_due():
                _log(outcome)
            stop.wait(self.wait_seconds())

    def _upcoming(self) -> Iterator[tuple[Job, float]]:
        now = self.now()
        for job in self.jobs:
            yield job, self._first(job, now)

    def _run(self, job: Job) -> Outcome:
        with self.locks.hold(job.name) as held:
            if not held:
                return Outcome(job.name, "busy")
            try:
                summary = job.run(self.svc)
            except Exception as exc:  # retried at its next turn; each step already committed
                return Outcome(job.name, "failed", type(exc).__name__)
        return Outcome(job.name, "done", summary)


def _log(outcome: Outcome) -> None:
    if outcome.status == "failed":
        log.warning("job %s failed: %s", outcome.job, outcome.detail)
    else:
        log.info("job %s: %s %s", outcome.job, outcome.status, outcome.detail)
