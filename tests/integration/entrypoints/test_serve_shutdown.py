"""SIGTERM: `jobexp serve` finishes what is in flight, flushes the access log, exits 0."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, select

from jobexp.adapters import tables as t
from tests.support.net import free_port

JOBEXP = [sys.executable, "-m", "jobexp.entrypoints.cli"]


def _wait_ready(url: str, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stderr.read() if process.stderr else ""
        try:
            if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)
    pytest.fail("serve did not become ready within 60 s")


def _sign_up(url: str, answers: list[httpx.Response]) -> None:
    documents = httpx.get(f"{url}/api/v1/documents", timeout=30).json()
    body = {
        "identifier": "ada@example.com",
        "password": "violet kayak under the moon",
        "birth_date": "1990-05-17",
        "accept_service_agreement": documents["service_agreement"],
        "accept_privacy_policy": documents["privacy_policy"],
    }
    answers.append(httpx.post(f"{url}/api/v1/accounts", json=body, timeout=30))


def test_sigterm_finishes_the_request_in_flight_flushes_the_log_and_exits_0(
    tmp_path: Path,
) -> None:
    port, url = free_port(), ""
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "JOBEXP_DATA_DIR": str(tmp_path / "data")}
    with subprocess.Popen(
        [*JOBEXP, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    ) as process:
        _wait_ready(url, process)
        answers: list[httpx.Response] = []
        # A sign-up hashes its password with the production argon2id cost: still running
        # when the signal arrives.
        request = threading.Thread(target=_sign_up, args=(url, answers))
        request.start()
        time.sleep(0.3)
        process.send_signal(signal.SIGTERM)
        request.join(30)
        code = process.wait(timeout=30)

    assert code == 0
    assert [a.status_code for a in answers] == [201]
    engine = create_engine(f"sqlite:///{tmp_path / 'data' / 'jobexp.sqlite3'}")
    with engine.connect() as connection:
        paths = list(connection.execute(select(t.access_log.c.path)).scalars())
    engine.dispose()
    assert "/api/v1/accounts" in paths
