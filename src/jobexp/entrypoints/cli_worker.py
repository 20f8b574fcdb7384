"""`jobexp worker`: the background jobs in a process of their own (docs/deployment.md)."""

from __future__ import annotations

import logging
import signal
import threading
from types import FrameType

import typer
from rich.console import Console

from jobexp.config import Settings
from jobexp.entrypoints.cli_startup import or_exit

console = Console(stderr=True, soft_wrap=True)


def worker_command(
    once: bool = typer.Option(False, "--once", help="Run every job once, then exit."),
) -> None:
    """Run erasure, partner erasure notices, queued shares and the retention sweep on their
    schedules until SIGTERM or Ctrl-C; several workers on one PostgreSQL take turns."""
    from jobexp.adapters.job_locks import JobLocks  # noqa: PLC0415 (keeps --help fast)
    from jobexp.bootstrap import bootstrap, partner_notifier  # noqa: PLC0415
    from jobexp.service_layer.worker import Scheduler, standard_jobs  # noqa: PLC0415

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    settings = Settings.from_env()
    svc = or_exit(lambda: bootstrap(settings))
    scheduler = Scheduler(
        svc, standard_jobs(svc, partner_notifier(settings)), JobLocks(svc.database.engine)
    )
    try:
        if once:
            for outcome in scheduler.run_due():
                console.print(f"{outcome.job}: {outcome.status} {outcome.detail}".rstrip())
            return
        stop = threading.Event()
        _stop_on_signals(stop)
        console.print(f"JobExp worker started (data: {settings.data_dir})")
        scheduler.run_until(stop)
        console.print("JobExp worker stopped")
    finally:
        svc.database.dispose()


def _stop_on_signals(stop: threading.Event) -> None:
    """SIGTERM and SIGINT end the loop after the job in hand: each step has committed."""

    def handle(_signum: int, _frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, handle)
    signal.signal(signal.SIGINT, handle)
