"""`jobexp deletion run | queue | hold | release | receipt`, run as an operator would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest

from jobexp.clock import ManualClock
from jobexp.service_layer import deletion
from jobexp.service_layer.context import Services
from tests.support.deletion import WEB, seed_account
from tests.support.factories import PASSWORD

JOBEXP = [sys.executable, "-m", "jobexp.entrypoints.cli"]


@pytest.fixture
def backend() -> str:
    return "sqlite"


@pytest.fixture
def clock() -> ManualClock:
    """Set in the past, so what the test requests is due (or overdue) by the real clock."""
    return ManualClock(datetime.now(UTC) - timedelta(days=10))


def _jobexp(svc: Services, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "JOBEXP_DATA_DIR": str(svc.settings.data_dir),
        "JOBEXP_DATABASE_URL": svc.settings.database_url,
        "COLUMNS": "200",
    }
    return subprocess.run(
        [*JOBEXP, "deletion", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_queue_flags_overdue_requests_and_holds_then_run_erases_and_prints_receipts(
    svc: Services,
) -> None:
    held = seed_account(svc, "held@example.com", serial=1)
    due = seed_account(svc, "due@example.com", serial=2)
    for who in (held, due):
        deletion.request_deletion(svc, who.user_id, PASSWORD, WEB)

    placed = _jobexp(svc, "hold", held.ref, "--reason", "case 2026-17", "--by", "legal")
    assert placed.returncode == 0, placed.stderr
    queue = _jobexp(svc, "queue")
    assert queue.returncode == 0, queue.stderr
    lines = {
        line.split()[0]: line for line in queue.stdout.splitlines() if line.strip()[:1].isalnum()
    }
    assert "OVERDUE" in lines[due.ref] and "LEGAL HOLD" in lines[held.ref]

    run = _jobexp(svc, "run")
    assert run.returncode == 0, run.stderr
    [line] = run.stdout.splitlines()
    receipt_id = line.split()[2]
    assert line == f"erased  receipt {receipt_id}  /deletion-receipts/{receipt_id}"
    assert f"on legal hold, erasure waits: {held.ref}" in run.stderr
    assert "OVERDUE" in run.stderr

    receipt = _jobexp(svc, "receipt", receipt_id)
    assert receipt.returncode == 0, receipt.stderr
    body = json.loads(receipt.stdout)
    assert body["state"] == "erased" and body["summary"]["data_key_destroyed"] is True
    for secret in (due.user_id, due.index, due.identifier):
        assert secret not in receipt.stdout

    released = _jobexp(svc, "release", held.ref, "--by", "legal")
    assert released.returncode == 0 and "1 legal hold(s) released" in released.stdout
    [line] = _jobexp(svc, "run").stdout.splitlines()
    assert deletion.receipt(svc, line.split()[2]).state == "erased"
    assert deletion.status(svc, held.user_id) is None  # the account, and its link, are gone


def test_an_unknown_receipt_exits_1_with_one_line(svc: Services) -> None:
    result = _jobexp(svc, "receipt", "nope")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == ["no deletion receipt has this id"]


def test_an_unreachable_database_exits_2_with_one_line(svc: Services) -> None:
    env = {**os.environ, "JOBEXP_DATA_DIR": str(svc.settings.data_dir)}
    env["JOBEXP_DATABASE_URL"] = "postgresql+psycopg://nobody@127.0.0.1:1/none"
    result = subprocess.run(
        [*JOBEXP, "deletion", "run"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "database unavailable" in result.stderr and "Traceback" not in result.stderr
