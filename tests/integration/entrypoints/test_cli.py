"""The `jobexp` command, run as a user would run it."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from sqlalchemy import update

from jobexp.adapters import tables as t
from jobexp.domain.audit import AuditEvent
from jobexp.domain.disclosures import Disclosure
from jobexp.service_layer import audit, ledger
from jobexp.service_layer.context import Services
from tests.support.net import free_port
from tests.support.policy_files import edited

JOBEXP = [sys.executable, "-m", "jobexp.entrypoints.cli"]


def _env(data_dir: Path, database_url: str | None = None) -> dict[str, str]:
    env = {**os.environ, "JOBEXP_DATA_DIR": str(data_dir)}
    if database_url is not None:
        env["JOBEXP_DATABASE_URL"] = database_url
    return env


def _run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*JOBEXP, *args], env=env, capture_output=True, text=True, timeout=120, check=False
    )


def test_audit_verify_passes_on_an_intact_log(svc: Services) -> None:
    audit.record_alone(svc, AuditEvent("test:event:one"))
    result = _run("audit", "verify", env=_env(svc.settings.data_dir, svc.settings.database_url))
    assert result.returncode == 0, result.stderr
    assert "intact" in result.stderr


def test_audit_verify_fails_naming_the_edited_entry(svc: Services) -> None:
    for i in range(4):
        audit.record_alone(svc, AuditEvent(f"test:event:{i}"))
    with svc.database.engine.begin() as connection:
        connection.execute(update(t.audit_log).where(t.audit_log.c.seq == 2).values(actor="x"))
    result = _run("audit", "verify", env=_env(svc.settings.data_dir, svc.settings.database_url))
    assert result.returncode == 1
    assert "entry 2" in result.stderr and "Traceback" not in result.stderr


def test_audit_verify_names_a_tampered_disclosure_ledger_row(svc: Services) -> None:
    share = Disclosure("navigation_provider", "navigation_share", "5b", ("location_precise",))
    with svc.uow() as uow:
        for _ in range(3):
            ledger.record(uow, svc, None, share)
        uow.commit()
    with svc.database.engine.begin() as connection:
        tampered = update(t.disclosure_ledger).where(t.disclosure_ledger.c.seq == 2)
        connection.execute(tampered.values(categories='["account_identifier"]'))
    result = _run("audit", "verify", env=_env(svc.settings.data_dir, svc.settings.database_url))
    assert result.returncode == 1
    assert "disclosure ledger broken at entry 2" in result.stderr
    assert "audit log intact" in result.stderr


def test_db_upgrade_creates_the_schema_on_an_empty_database(tmp_path: Path) -> None:
    result = _run("db", "upgrade", env=_env(tmp_path / "data"))
    assert result.returncode == 0, result.stderr
    assert "revision" in result.stderr


@contextmanager
def _serving(env: dict[str, str], port: int) -> Iterator[subprocess.Popen[str]]:
    with subprocess.Popen(
        [*JOBEXP, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    ) as process:
        try:
            yield process
        finally:
            process.terminate()
            process.communicate(timeout=30)


def _wait_healthy(url: str, process: subprocess.Popen[str]) -> httpx.Response:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"serve exited: {process.stderr.read() if process.stderr else ''}")
        try:
            return httpx.get(f"{url}/healthz", timeout=2)
        except httpx.TransportError:
            time.sleep(0.1)
    pytest.fail("serve did not answer within 60 s")


def test_serve_starts_on_the_embedded_default_with_a_private_master_key(tmp_path: Path) -> None:
    port = free_port()
    with _serving(_env(tmp_path / "data"), port) as process:
        response = _wait_healthy(f"http://127.0.0.1:{port}", process)
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    key = tmp_path / "data" / "master.key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert (tmp_path / "data" / "jobexp.sqlite3").exists()


def test_serve_uses_postgresql_when_told(tmp_path: Path, postgres_database_url: str) -> None:
    port = free_port()
    with _serving(_env(tmp_path / "data", postgres_database_url), port) as process:
        assert _wait_healthy(f"http://127.0.0.1:{port}", process).status_code == 200
    assert not (tmp_path / "data" / "jobexp.sqlite3").exists()


def test_serve_refuses_clearly_when_the_database_is_unreachable(tmp_path: Path) -> None:
    url = f"postgresql+psycopg://nobody@127.0.0.1:{free_port()}/none"
    result = subprocess.run(
        [*JOBEXP, "serve", "--port", str(free_port())],
        env=_env(tmp_path / "data", url),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "database unavailable" in result.stderr and "Traceback" not in result.stderr


def test_serve_refuses_an_invalid_policy_naming_file_place_and_problem(tmp_path: Path) -> None:
    bad = tmp_path / "bad-policy.yaml"
    bad.write_text(
        edited(lambda data: data["purposes"][0].update(legal_basis="maybe")), encoding="utf-8"
    )
    env = {**_env(tmp_path / "data"), "JOBEXP_POLICY_FILE": str(bad)}
    result = subprocess.run(
        [*JOBEXP, "serve", "--port", str(free_port())],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "bad-policy.yaml" in result.stderr and "legal_basis" in result.stderr
    assert "maybe" in result.stderr and "Traceback" not in result.stderr
