"""Every process refuses to start with a master key other than the database's."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path

import pytest

from jobexp.adapters.keys import KeyUnusable
from jobexp.bootstrap import bootstrap
from jobexp.config import Settings


def test_a_second_process_with_the_same_key_starts(settings: Settings) -> None:
    for _ in range(2):
        bootstrap(settings).database.dispose()


def test_a_process_with_another_master_key_refuses_to_start(
    settings: Settings, tmp_path: Path
) -> None:
    bootstrap(settings).database.dispose()
    elsewhere = dataclasses.replace(settings, data_dir=tmp_path / "other-machine")

    with pytest.raises(KeyUnusable, match="does not match"):
        bootstrap(elsewhere)


@pytest.mark.parametrize("backend", ["sqlite"])
def test_serve_names_the_mismatch_in_one_line(settings: Settings, tmp_path: Path) -> None:
    bootstrap(settings).database.dispose()
    env = {
        **os.environ,
        "JOBEXP_DATA_DIR": str(tmp_path / "other-machine"),
        "JOBEXP_DATABASE_URL": settings.database_url,
    }
    result = subprocess.run(
        [sys.executable, "-m", "jobexp.entrypoints.cli", "serve", "--port", "1"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 2
    assert "master key does not match" in result.stderr
    assert "docs/deployment.md" in result.stderr and "Traceback" not in result.stderr
