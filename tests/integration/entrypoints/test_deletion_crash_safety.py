"""`jobexp deletion run` killed at random moments, restarted, on SQLite and PostgreSQL (D7).

After every SIGKILL no account is half-erased: either all its rows and its key are there, or
its key is gone and it is erasing or erased. After the last run every requested account is
fully erased, every other account is untouched and the audit chain is intact.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from jobexp.adapters import tables as t
from jobexp.adapters.erasure_plan import erasure_order
from jobexp.clock import ManualClock
from jobexp.service_layer import audit, deletion
from jobexp.service_layer.context import Services
from tests.support.deletion import WEB, Seeded, all_rows, rows_mentioning, seed_account, vault_keys
from tests.support.factories import PASSWORD

JOBEXP = [sys.executable, "-m", "jobexp.entrypoints.cli"]
TARGETS = 40
BYSTANDERS = 8
KILLS = 12
MAX_KILLS = 3 * KILLS
WORK_WINDOW = float(os.environ.get("JOBEXP_CRASH_WINDOW", "0.008"))  # an account takes ~2 ms
SEED = int(os.environ.get("JOBEXP_CRASH_SEED", "20261129"))
OWNED = {table.name for table in erasure_order()}


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def clock() -> ManualClock:
    """Requests made three days ago by the test's clock are due by the worker's real one."""
    return ManualClock(datetime.now(UTC) - timedelta(days=3))


def _owned_rows(rows: dict[str, list[dict[str, Any]]], who: Seeded) -> dict[str, list[Any]]:
    mine = rows_mentioning({k: v for k, v in rows.items() if k in OWNED}, who.user_id, who.index)
    return {table: sorted(map(repr, found)) for table, found in mine.items()}


def _state(rows: dict[str, list[dict[str, Any]]], who: Seeded) -> str | None:
    found = [r["state"] for r in rows["deletion_requests"] if r["user_ref"] == who.ref]
    return found[0] if found else None


def _check_no_one_half_erased(
    svc: Services, targets: list[Seeded], before: dict[str, dict[str, list[Any]]]
) -> int:
    rows = all_rows(svc.database.engine)
    keys = vault_keys(svc)
    erased = 0
    for who in targets:
        state = _state(rows, who)
        if state in {"requested", "scheduled"}:  # not begun: whole, key and all
            assert who.user_id in keys, f"{who.ref} lost its key before erasing began"
            assert _owned_rows(rows, who) == before[who.user_id], f"{who.ref} half-erased"
        else:  # begun: the key goes first, then the rows; only the end is checked here
            assert state in {"erasing", "erased"}, (who.ref, state)
            if state == "erased":
                assert who.user_id not in keys, f"{who.ref} erased but its key remains"
                assert _owned_rows(rows, who) == {}, f"{who.ref} erased but rows remain"
                erased += 1
    return erased


def _worker(svc: Services) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "JOBEXP_DATA_DIR": str(svc.settings.data_dir),
        "JOBEXP_DATABASE_URL": svc.settings.database_url,
    }
    return subprocess.Popen(
        [*JOBEXP, "deletion", "run", "--batch", "7"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _startup_seconds(svc: Services) -> float:
    """How long the command takes to start and find nothing to do, on this machine now."""
    began = time.monotonic()
    env = {**os.environ, "JOBEXP_DATA_DIR": str(svc.settings.data_dir)}
    env["JOBEXP_DATABASE_URL"] = svc.settings.database_url
    subprocess.run([*JOBEXP, "deletion", "queue"], env=env, capture_output=True, check=True)
    return time.monotonic() - began


def _marker(svc: Services) -> list[tuple[str, str]]:
    with svc.database.engine.connect() as connection:
        query = select(t.deletion_requests.c.state, t.deletion_requests.c.progress)
        return [tuple(row) for row in connection.execute(query.order_by(t.deletion_requests.c.id))]


def _erasing_now(svc: Services) -> int:
    return sum(state == "erasing" for state, _ in _marker(svc))


def _wait_for_progress(svc: Services, worker: subprocess.Popen[str]) -> None:
    first = _marker(svc)
    deadline = time.monotonic() + 60
    while worker.poll() is None and _marker(svc) == first and time.monotonic() < deadline:
        time.sleep(0.005)


def _more_targets(svc: Services, first: int, count: int) -> list[Seeded]:
    """Accounts that ask for deletion now: work for the next rounds."""
    fresh = [seed_account(svc, f"t{i}@example.com", serial=i) for i in range(first, first + count)]
    for who in fresh:
        deletion.request_deletion(svc, who.user_id, PASSWORD, WEB)
    return fresh


def test_a_worker_killed_at_random_points_never_leaves_an_account_half_erased(
    svc: Services,
) -> None:
    others = [seed_account(svc, f"o{i}@example.com", serial=1000 + i) for i in range(BYSTANDERS)]
    targets = _more_targets(svc, 0, TARGETS)
    before: dict[str, dict[str, list[Any]]] = {}

    def remember(accounts: list[Seeded]) -> None:
        rows = all_rows(svc.database.engine)
        before.update({who.user_id: _owned_rows(rows, who) for who in accounts})

    remember([*targets, *others])
    startup = _startup_seconds(svc)
    rng = random.Random(SEED)
    kills = caught_erasing = 0
    progress: list[int] = []
    # A loaded machine can make every kill miss the work: go on (bounded) until one lands.
    while kills < KILLS or (not caught_erasing and kills < MAX_KILLS):
        if progress and progress[-1] == len(targets):  # all done before enough kills: more work
            fresh = _more_targets(svc, len(targets), TARGETS // 4)
            remember(fresh)
            targets += fresh
        worker = _worker(svc)
        if kills % 3 == 0:  # a blind delay: sometimes during start-up, sometimes mid-work
            time.sleep(rng.uniform(0.5 * startup, startup))
        else:  # aimed: once this run has committed a step, a random moment later
            _wait_for_progress(svc, worker)
            time.sleep(rng.uniform(0, WORK_WINDOW))
        if worker.poll() is None:
            worker.send_signal(signal.SIGKILL)
            kills += 1
        worker.communicate(timeout=60)
        progress.append(_check_no_one_half_erased(svc, targets, before))
        caught_erasing += _erasing_now(svc)
    assert caught_erasing, "no kill landed while an account was being erased"
    final = _worker(svc)
    _out, err = final.communicate(timeout=300)
    assert final.returncode == 0, err
    assert _check_no_one_half_erased(svc, targets, before) == len(targets)
    after = all_rows(svc.database.engine)
    for who in targets:
        assert rows_mentioning(after, who.user_id, who.index) == {}
        assert _state(after, who) == "erased"
    for who in others:
        assert _owned_rows(after, who) == before[who.user_id], f"{who.ref} was touched"
    assert audit.verify(svc) is None
    print(f"seed {SEED}: start-up {startup:.2f}s, {kills} kills, erased after each: {progress}")
    print(f"kills that left an account mid-erasure (then resumed): {caught_erasing}")
