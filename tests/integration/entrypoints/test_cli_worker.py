"""`jobexp worker`, run as an operator runs it: the jobs once, or until SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

import pytest

from jobexp.clock import ManualClock
from jobexp.service_layer import deletion
from jobexp.service_layer.context import Services
from tests.support.deletion import WEB, seed_account
from tests.support.factories import PASSWORD

JOBEXP = [sys.executable, "-m", "jobexp.entrypoints.cli"]


def _env(svc: Services) -> dict[str, str]:
    return {
        **os.environ,
        "JOBEXP_DATA_DIR": str(svc.settings.data_dir),
        "JOBEXP_DATABASE_URL": svc.settings.database_url,
    }


def _once(svc: Services) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [*JOBEXP, "worker", "--once"],
        env=_env(svc),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result


def test_worker_once_runs_every_job_and_exits(svc: Services) -> None:
    result = _once(svc)
    lines = [line.split()[:2] for line in result.stderr.splitlines() if ":" in line]
    assert ["erasure:", "done"] in lines and ["retention:", "done"] in lines
    assert ["shares:", "done"] in lines


def test_worker_once_erases_a_due_account(svc: Services, clock: ManualClock) -> None:
    # Requested on the test clock's day, days ago in the worker's real time: long due.
    target = seed_account(svc, "leaving@example.com", serial=1)
    status = deletion.request_deletion(svc, target.user_id, PASSWORD, WEB)
    assert status.request.erase_after < datetime.now(UTC)
    _once(svc)
    assert deletion.receipt(svc, status.request.receipt_id).state == "erased"


@pytest.mark.parametrize("backend", ["postgresql"])
def test_a_running_worker_stops_cleanly_on_sigterm(svc: Services, tmp_path: Path) -> None:
    worker = subprocess.Popen([*JOBEXP, "worker"], env=_env(svc), stderr=subprocess.PIPE, text=True)
    assert worker.stderr is not None
    try:
        assert any("worker started" in line for line in _lines_until_started(worker.stderr))
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(timeout=60) == 0
        assert "worker stopped" in worker.stderr.read()
    finally:
        worker.kill()
        worker.wait(timeout=30)
        worker.stderr.close()


def _lines_until_started(stream: IO[str]) -> Iterator[str]:
    for line in stream:
        yield line
        if "worker started" in line:
            return
