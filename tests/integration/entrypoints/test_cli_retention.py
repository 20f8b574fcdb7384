"""`jobexp retention sweep` and `jobexp discontinue`, run as an operator would."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select, update

from jobexp.adapters import tables as t
from jobexp.service_layer.context import Services
from tests.support.factories import sign_up

JOBEXP = [sys.executable, "-m", "jobexp.entrypoints.cli"]


def _run(svc: Services, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "JOBEXP_DATA_DIR": str(svc.settings.data_dir),
        "JOBEXP_DATABASE_URL": svc.settings.database_url,
        "COLUMNS": "120",
    }
    return subprocess.run(
        [*JOBEXP, *args], env=env, capture_output=True, text=True, timeout=120, check=False
    )


def _old_access_rows(svc: Services, count: int) -> None:
    at = datetime.now(UTC) - timedelta(days=200)
    row = {"at": at, "ip_prefix": "198.51.100.0/24", "browser": "chrome", "language": "en"}
    with svc.database.engine.begin() as connection:
        connection.execute(
            insert(t.access_log), [{**row, "method": "GET", "path": "/", "status": 200}] * count
        )


def _access_rows(svc: Services) -> int:
    with svc.database.engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(t.access_log)).scalar_one())


def test_a_dry_run_reports_counts_per_table_and_changes_nothing(svc: Services) -> None:
    _old_access_rows(svc, 12)
    result = _run(svc, "retention", "sweep", "--dry-run")
    assert result.returncode == 0, result.stderr
    line = next(x for x in result.stdout.splitlines() if "access_log" in x and "delete" in x)
    assert line.rstrip(" │|").split()[-1] == "12"
    assert _access_rows(svc) == 12
    for table in (
        "assistant_tasks",
        "saved_places",
        "disclosure_ledger",
        "violations",
        "disclosure_requests",
        "minor_access_approvals",
        "partner_records",
        "share_queue",
        "incident_notices",
        "leak_reports",
        "deletion_requests",
        "legal_holds",
        "erasure_outbox",
    ):
        assert table in result.stdout, table


def test_a_sweep_ends_expired_rows_and_a_second_does_nothing(svc: Services) -> None:
    _old_access_rows(svc, 12)
    first = _run(svc, "retention", "sweep", "--batch-size", "5")
    assert first.returncode == 0, first.stderr
    assert _access_rows(svc) == 0
    second = _run(svc, "retention", "sweep", "--dry-run")
    line = next(x for x in second.stdout.splitlines() if "access_log" in x)
    assert line.rstrip(" │|").split()[-1] == "0"


@pytest.mark.parametrize("size", ["0", "-3", "many"])
def test_a_batch_size_below_one_is_refused_with_exit_2(svc: Services, size: str) -> None:
    result = _run(svc, "retention", "sweep", "--batch-size", size)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("days", ["-1", "0", "29", "soon"])
def test_a_negative_or_too_short_notice_is_refused_with_exit_2(svc: Services, days: str) -> None:
    result = _run(svc, "discontinue", "--notice-days", days)
    assert result.returncode == 2, result.stdout
    assert "Traceback" not in result.stderr
    with svc.database.engine.connect() as connection:
        count = select(func.count()).select_from(t.discontinuations)
        assert connection.execute(count).scalar() == 0


def test_discontinuing_notifies_then_the_sweep_ends_everything_and_reports(
    svc: Services, tmp_path: Path
) -> None:
    sign_up(svc, "a@example.com")
    announced = _run(svc, "discontinue", "--notice-days", "30")
    assert announced.returncode == 0, announced.stderr
    assert "1 users notified" in announced.stdout
    before = _run(svc, "retention", "sweep")
    assert before.returncode == 0 and "final report" not in before.stderr
    with svc.database.engine.begin() as connection:  # the notice period has passed
        connection.execute(
            update(t.discontinuations).values(effective_at=datetime.now(UTC) - timedelta(hours=1))
        )
    after = _run(svc, "retention", "sweep")
    assert after.returncode == 0, after.stderr
    assert "accounts remaining: 0" in after.stdout
    reports = list(svc.settings.data_dir.glob("discontinuation-report-*.txt"))
    assert len(reports) == 1
    with svc.database.engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(t.users)).scalar() == 0
