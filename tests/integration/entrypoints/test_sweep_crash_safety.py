"""`jobexp retention sweep` killed at random moments, restarted, on SQLite and PostgreSQL (D8).

After every SIGKILL no inactive account is half-deleted: either its account row is there
with every row that is deleted only along with it, or nothing anywhere names it any more. The
rows still within their period, and the accounts still in use, are never touched, and the
audit chain verifies. After the last run every expired row is gone, `jobexp audit verify`
succeeds and one more sweep changes nothing.
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
from sqlalchemy import Table, func, insert, select

from jobexp.adapters import tables as t
from jobexp.clock import ManualClock
from jobexp.domain.devices import DeviceFacts
from jobexp.domain.errors import AuthenticationFailed
from jobexp.service_layer import audit, auth, consents, tasks
from jobexp.service_layer.context import RequestContext, Services
from tests.support.deletion import all_rows, vault_keys
from tests.support.factories import PASSWORD, sign_up

JOBEXP = [sys.executable, "-m", "jobexp.entrypoints.cli"]
DAY = timedelta(days=1)
INACTIVE = 24  # accounts last active ~4 years ago: deleted with all they own
MORE_INACTIVE = 12  # added, with expired access_log rows, when a round found nothing to do
OLD_BUT_ACTIVE = 6  # signed up as long ago, active last week: kept, tasks included
FRESH = 6  # signed up last week
EXPIRED_ACCESS = 3000  # access_log rows 200 days old (the period is 183 days)
LIVE_ACCESS = 200
REFILL = 600
BATCH = 10
KILLS = 12
MAX_KILLS = 3 * KILLS
WORK_WINDOW = float(os.environ.get("JOBEXP_CRASH_WINDOW", "0.05"))
SEED = int(os.environ.get("JOBEXP_CRASH_SEED", "20261129"))
REAL_NOW = datetime.now(UTC)
LONG_AGO = REAL_NOW - 1500 * DAY  # past every period the policy sets (the longest: 1095 days)
LAST_WEEK = REAL_NOW - 7 * DAY
# Deleted only with the account (no rule of their own): all there, or all gone.
WITH_ACCOUNT = (
    "users",
    "account_activity",
    "policy_acceptances",
    "consent_events",
    "consent_state",
)
# The user-id column of every table that names an account (all ON DELETE CASCADE).
OWNER_COLUMNS: dict[str, str] = {"users": "id"} | {
    table.name: fk.parent.name
    for table in t.metadata.sorted_tables
    for fk in table.foreign_keys
    if fk.column.table.name == "users"
}


@pytest.fixture
def clock() -> ManualClock:
    """The test seeds 1500 days in the past; the worker runs on the real clock."""
    return ManualClock(LONG_AGO)


def _web(serial: int) -> RequestContext:
    return RequestContext(f"10.{serial // 256 % 256}.{serial % 256}.1", "web")  # own throttle


def _seed_account(svc: Services, serial: int) -> str:
    """An account with a device, sessions, a task, consents and a failed login."""
    identifier = f"u{serial}@example.com"
    user_id = sign_up(svc, identifier)
    web = _web(serial)
    creds = auth.Credentials(identifier, PASSWORD)
    device = DeviceFacts(f"{serial:064x}", "46000", "CN")
    auth.log_in(svc, creds, web, device=device, register_device=True)
    auth.log_in(svc, creds, web)
    consents.decide(svc, user_id, ("task_appointments", None, "granted"), web)
    tasks.create(svc, user_id, tasks.NewTask("Dentist", svc.clock.now() + DAY))
    with pytest.raises(AuthenticationFailed):
        auth.log_in(svc, auth.Credentials(identifier, "wrong password"), web)
    return user_id


def _add_access_rows(svc: Services, at: datetime, count: int) -> None:
    row = {"ip_prefix": "203.0.113.0/24", "browser": "firefox", "language": "en"}
    rows = [{**row, "at": at, "method": "GET", "path": "/", "status": 200}] * count
    with svc.database.engine.begin() as connection:
        connection.execute(insert(t.access_log), rows)


def _add_login_failures(svc: Services, at: datetime, count: int) -> None:
    rows = [{"scope": "account", "key": f"{i:064x}", "at": at} for i in range(count)]
    with svc.database.engine.begin() as connection:
        connection.execute(insert(t.login_failures), rows)


def _recent(rows: dict[str, list[dict[str, Any]]]) -> dict[str, list[str]]:
    """The access_log and login_failures rows still within their period (183 days)."""
    since = REAL_NOW - 30 * DAY
    return {
        table: sorted(repr(sorted(r.items())) for r in rows[table] if _aware(r["at"]) > since)
        for table in ("access_log", "login_failures")
    }


def _owned(rows: dict[str, list[dict[str, Any]]], user_id: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for table, column in OWNER_COLUMNS.items():
        mine = sorted(repr(sorted(r.items())) for r in rows[table] if r[column] == user_id)
        if mine:
            found[table] = mine
    return found


def _kept(owned: dict[str, list[str]]) -> dict[str, list[str]]:
    return {table: found for table, found in owned.items() if table in WITH_ACCOUNT}


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _expired_left(svc: Services) -> dict[str, int]:
    """What the test seeded past its period and is still there."""
    cutoff = REAL_NOW - 190 * DAY  # the shortest period seeded is 183 days; rows are older
    rows = all_rows(svc.database.engine)
    left = {
        "access_log": sum(_aware(r["at"]) < cutoff for r in rows["access_log"]),
        "login_failures": sum(_aware(r["at"]) < cutoff for r in rows["login_failures"]),
        "audit_log": _expired_prefix(rows["audit_log"], cutoff),
        "sessions": sum(_aware(r["created_at"]) < cutoff for r in rows["sessions"]),
        "devices": sum(_aware(r["last_login_at"]) < cutoff for r in rows["devices"]),
    }
    return {table: n for table, n in left.items() if n}


def _expired_prefix(log: list[dict[str, Any]], cutoff: datetime) -> int:
    """A hash chain is pruned by prefix: the entries before the first one still in its period
    (entries written later with older times, by the test's clock, wait for it)."""
    kept = [r["seq"] for r in log if _aware(r["at"]) >= cutoff]
    return sum(r["seq"] < min(kept, default=sys.maxsize) for r in log)


def _worker(svc: Services, *args: str) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "JOBEXP_DATA_DIR": str(svc.settings.data_dir),
        "JOBEXP_DATABASE_URL": svc.settings.database_url,
    }
    return subprocess.Popen(
        [*JOBEXP, *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _sweep(svc: Services) -> subprocess.Popen[str]:
    return _worker(svc, "retention", "sweep", "--batch-size", str(BATCH))


def _count(svc: Services, table: Table) -> int:
    with svc.database.engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(table)).scalar_one())


def _startup_seconds(svc: Services) -> float:
    """How long the command takes to start and count, changing nothing, on this machine now."""
    began = time.monotonic()
    dry = _worker(svc, "retention", "sweep", "--dry-run")
    _out, err = dry.communicate(timeout=60)
    assert dry.returncode == 0, err
    return time.monotonic() - began


def _wait_for_progress(svc: Services, worker: subprocess.Popen[str]) -> None:
    """Until this run has committed a batch (every batch appends an audit entry)."""
    first = _count(svc, t.audit_log), _count(svc, t.access_log)
    deadline = time.monotonic() + 60
    while worker.poll() is None and time.monotonic() < deadline:
        if (_count(svc, t.audit_log), _count(svc, t.access_log)) != first:
            return
        time.sleep(0.005)


def _wait_for_an_account_deleted(svc: Services, worker: subprocess.Popen[str]) -> None:
    """Until this run has committed a batch of the `users` rule (BATCH accounts at most)."""
    first = _count(svc, t.users)
    deadline = time.monotonic() + 60
    while worker.poll() is None and time.monotonic() < deadline:
        if _count(svc, t.users) != first:
            return
        time.sleep(0.002)


def _check(
    svc: Services,
    before: dict[str, dict[str, list[str]]],
    live: dict[str, dict[str, list[str]]],
    live_logs: dict[str, list[str]],
) -> int:
    """No account half-deleted, nothing live touched, the chain intact: the accounts gone."""
    rows = all_rows(svc.database.engine)
    present = {r["id"] for r in rows["users"]}
    gone = 0
    for user_id, owned_before in before.items():
        owned = _owned(rows, user_id)
        if user_id in present:
            assert _kept(owned) == _kept(owned_before), f"{user_id} half-deleted"
        else:
            assert owned == {}, f"{user_id} deleted, but rows naming it remain"
            gone += 1
    for user_id, snapshot in live.items():
        owned = _owned(rows, user_id)
        assert {k: owned.get(k) for k in snapshot} == snapshot, f"live {user_id} was touched"
    assert _recent(rows) == live_logs, "a live log row was touched"
    assert audit.verify(svc) is None
    return gone


def test_a_sweep_killed_at_random_points_never_half_deletes_and_completes(
    svc: Services, clock: ManualClock
) -> None:
    inactive = [_seed_account(svc, i) for i in range(INACTIVE)]
    old_active = [_seed_account(svc, 100 + i) for i in range(OLD_BUT_ACTIVE)]
    clock.advance(LAST_WEEK - clock.now())
    for i in range(OLD_BUT_ACTIVE):  # active last week: their periods restart
        creds = auth.Credentials(f"u{100 + i}@example.com", PASSWORD)
        auth.log_in(svc, creds, _web(100 + i))
    fresh = [_seed_account(svc, 200 + i) for i in range(FRESH)]
    _add_access_rows(svc, REAL_NOW - 200 * DAY, EXPIRED_ACCESS)
    _add_access_rows(svc, LAST_WEEK, LIVE_ACCESS)
    _add_login_failures(svc, REAL_NOW - 200 * DAY, 300)

    rows = all_rows(svc.database.engine)
    before_inactive = {u: _owned(rows, u) for u in inactive}
    assert all(set(_kept(owned)) == set(WITH_ACCOUNT) for owned in before_inactive.values())
    live = {u: _owned(rows, u) for u in fresh}  # every row of theirs is within its period
    for u in old_active:  # the account and its task: their periods restarted last week
        owned = _owned(rows, u)
        live[u] = _kept(owned) | {"assistant_tasks": owned["assistant_tasks"]}
    live_logs = _recent(rows)
    assert len(live_logs["access_log"]) == LIVE_ACCESS and live_logs["login_failures"]
    expired_at_start = _expired_left(svc)
    assert set(expired_at_start) == {
        "access_log",
        "login_failures",
        "audit_log",
        "sessions",
        "devices",
    }

    startup = _startup_seconds(svc)
    rng = random.Random(SEED)
    kills = refills = rounds = 0
    interrupted = 0  # kills that left expired rows to the next run after it had ended some
    mid_accounts = 0  # kills after some, not all, of the inactive accounts were deleted
    gone_after: list[int] = []
    began = time.monotonic()
    # A loaded machine can make every kill miss the work: go on (bounded) until one lands.
    while kills < KILLS or (not interrupted and kills < MAX_KILLS):
        if not _expired_left(svc):  # a run finished before enough kills: more work
            clock.advance(LONG_AGO - clock.now())
            serials = range(300 + refills * MORE_INACTIVE, 300 + (refills + 1) * MORE_INACTIVE)
            more = [_seed_account(svc, i) for i in serials]
            clock.advance(LAST_WEEK - clock.now())
            _add_access_rows(svc, REAL_NOW - 200 * DAY, REFILL)
            rows = all_rows(svc.database.engine)
            before_inactive.update({u: _owned(rows, u) for u in more})
            inactive += more
            refills += 1
        left_before = sum(_expired_left(svc).values())
        gone_before = gone_after[-1] if gone_after else 0
        worker = _sweep(svc)
        rounds += 1
        if rounds % 3 == 0:  # a blind delay: sometimes during start-up, sometimes mid-work
            time.sleep(rng.uniform(0.5 * startup, 1.5 * startup))
        elif rounds % 3 == 1:  # aimed: once this run has committed a batch, a moment later
            _wait_for_progress(svc, worker)
            time.sleep(rng.uniform(0, WORK_WINDOW))
        else:  # aimed at the accounts: once a batch of them is deleted, a moment later
            _wait_for_an_account_deleted(svc, worker)
            time.sleep(rng.uniform(0, 0.002))
        killed = worker.poll() is None
        if killed:
            worker.send_signal(signal.SIGKILL)
            kills += 1
        worker.communicate(timeout=60)
        gone_after.append(_check(svc, before_inactive, live, live_logs))
        left_after = sum(_expired_left(svc).values())
        interrupted += killed and 0 < left_after < left_before
        mid_accounts += killed and gone_before < gone_after[-1] < len(inactive)
    assert interrupted, "no kill landed while the sweep was ending rows"

    final = _sweep(svc)
    _out, err = final.communicate(timeout=300)
    assert final.returncode == 0, err
    assert _check(svc, before_inactive, live, live_logs) == len(inactive)
    assert _expired_left(svc) == {}
    after = all_rows(svc.database.engine)
    assert {r["id"] for r in after["users"]} == {*old_active, *fresh}
    assert set(vault_keys(svc)) == {*old_active, *fresh}, "a deleted account's key is left"

    verify = _worker(svc, "audit", "verify")
    _out, err = verify.communicate(timeout=60)
    assert verify.returncode == 0, err
    after = all_rows(svc.database.engine)
    again = _sweep(svc)
    _out, err = again.communicate(timeout=120)
    assert again.returncode == 0, err
    assert all_rows(svc.database.engine) == after, "a second sweep changed something"
    print(
        f"seed {SEED}: start-up {startup:.2f}s, {kills} kills ({interrupted} mid-sweep, "
        f"{mid_accounts} between account batches), {refills} refills, inactive accounts "
        f"gone after each: {gone_after} of {len(inactive)}, {time.monotonic() - began:.1f}s"
    )
