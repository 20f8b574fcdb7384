"""`jobexp deletion deadline`, run as the support desk would run it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

JOBEXP = [sys.executable, "-m", "jobexp.entrypoints.cli"]


def _deadline(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*JOBEXP, "deletion", "deadline", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=cwd,
    )


def test_prints_only_the_iso_date_on_stdout(tmp_path: Path) -> None:
    result = _deadline("2026-09-29T10:00:00+08:00", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "2026-10-09\n"
    assert result.stderr == ""


def test_a_year_without_a_schedule_warns_on_stderr_only(tmp_path: Path) -> None:
    result = _deadline("2031-03-07T10:00:00Z", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "2031-03-12\n"
    assert "2031" in result.stderr and "warning" in result.stderr


@pytest.mark.parametrize("text", ["garbage", "2026-02-30T10:00", ""])
def test_a_malformed_timestamp_exits_2_with_one_line(text: str, tmp_path: Path) -> None:
    result = _deadline(text, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "invalid timestamp" in lines[0], result.stderr
    assert not list(tmp_path.iterdir()), "computing a deadline touches no data directory"
