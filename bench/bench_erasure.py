"""Erasing an account with N records vs plain DELETEs of the same rows, in the same run.

    python -m bench.bench_erasure [--quick] [--records N] [--rounds R] [--json PATH]

Each round builds two identical accounts in a fresh SQLite database (N rows spread over
consent events, sessions and login-throttle records, inserted directly), then times

- JobExp: `erasure.run` on a due request for the first: the key destroyed and sessions
  ended in one transaction, the schema walked table by table (each step committed, under a
  row lock, with its progress recorded), the receipt written, every transition audited;
- baseline: one transaction of `DELETE ... WHERE user_id = ?` (and the throttle keys) over the
  same tables for the second account: the least any erasure has to do.

Rounds alternate which account goes first; the medians and their ratio are printed.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, delete, insert, select

from jobexp.adapters import tables as t
from jobexp.bootstrap import Overrides, bootstrap
from jobexp.clock import ManualClock
from jobexp.config import PasswordHashing, Settings
from jobexp.service_layer import accounts, deletion, erasure
from jobexp.service_layer.context import RequestContext, Services
from jobexp.types import UserId

PASSWORD = "violet stapler morning"
CHEAP_HASHING = PasswordHashing(time_cost=1, memory_cost_kib=8192, parallelism=1)
CTX = RequestContext("203.0.113.9", "cli")
START = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)
FULL = {"records": 10_000, "rounds": 5}
QUICK = {"records": 2_000, "rounds": 3}


def _services() -> tuple[Services, ManualClock]:
    data = Path(tempfile.mkdtemp(prefix="jobexp-bench-erasure-"))
    settings = dataclasses.replace(
        Settings.from_env({"JOBEXP_DATA_DIR": str(data)}), password_hashing=CHEAP_HASHING
    )
    clock = ManualClock(START)
    return bootstrap(settings, Overrides(clock=clock)), clock


def _account(svc: Services, identifier: str, records: int) -> tuple[UserId, str]:
    """An account with `records` rows beyond its own; returns (user id, blind index)."""
    command = accounts.SignUp(
        identifier=identifier,
        password=PASSWORD,
        birth_date=datetime(1990, 1, 1).date(),
        service_agreement_version=svc.documents.service_agreement,
        privacy_policy_version=svc.documents.privacy_policy,
    )
    user_id = accounts.sign_up(svc, command, CTX)
    index = svc.derived.identifier_index(identifier)
    third = records // 3
    at = START
    with svc.database.engine.begin() as connection:
        connection.execute(
            insert(t.consent_events),
            [
                {
                    "user_id": user_id,
                    "purpose": "weather",
                    "recipient": "",
                    "decision": "granted" if i % 2 else "withdrawn",
                    "policy_version": "v",
                    "channel": "api",
                    "at": at,
                }
                for i in range(records - 2 * third)
            ],
        )
        connection.execute(
            insert(t.sessions),
            [
                {
                    "id": f"{user_id[:16]}{i:016x}",
                    "token_digest": f"{user_id}{i:032x}",
                    "user_id": user_id,
                    "kind": "web",
                    "created_at": at,
                    "last_seen_at": at,
                    "idle_timeout_seconds": 1800,
                    "absolute_expires_at": at + timedelta(hours=12),
                }
                for i in range(third)
            ],
        )
        connection.execute(
            insert(t.login_failures),
            [{"scope": "account", "key": index, "at": at} for _ in range(third)],
        )
    return user_id, index


def _plain_delete(svc: Services, user_id: UserId, index: str) -> None:
    engine = svc.database.engine
    with engine.begin() as connection:
        connection.execute(delete(t.login_failures).where(t.login_failures.c.key == index))
        for table in (
            t.sessions,
            t.consent_events,
            t.policy_acceptances,
            t.consent_state,
        ):
            connection.execute(delete(table).where(table.c.user_id == user_id))
        connection.execute(delete(t.users).where(t.users.c.id == user_id))
    svc.vault.destroy([user_id])  # the key, as erasure destroys it: in the vault


def _remaining(engine: Engine, user_id: UserId) -> int:
    with engine.connect() as connection:
        return sum(
            len(connection.execute(select(table).where(table.c.user_id == user_id)).all())
            for table in (t.sessions, t.consent_events)
        )


def one_round(records: int, jobexp_first: bool) -> tuple[float, float]:
    svc, clock = _services()
    try:
        mine, _ = _account(svc, "erase@example.com", records)
        plain, plain_index = _account(svc, "plain@example.com", records)
        deletion.request_deletion(svc, mine, PASSWORD, CTX)
        clock.advance(timedelta(hours=25))
        erasure.schedule_requested(svc)

        def time_jobexp() -> float:
            began = time.perf_counter()
            report = erasure.run(svc, notifier=None)
            elapsed = time.perf_counter() - began
            if len(report.erased) != 1:
                raise RuntimeError("the account was not erased")
            return elapsed

        def time_plain() -> float:
            began = time.perf_counter()
            _plain_delete(svc, plain, plain_index)
            return time.perf_counter() - began

        if jobexp_first:
            jobexp_s, plain_s = time_jobexp(), time_plain()
        else:
            plain_s, jobexp_s = time_plain(), time_jobexp()
        if _remaining(svc.database.engine, mine) or _remaining(svc.database.engine, plain):
            raise RuntimeError("rows were left behind")
        return jobexp_s, plain_s
    finally:
        svc.database.engine.dispose()


def run(records: int, rounds: int) -> dict[str, Any]:
    samples = [one_round(records, jobexp_first=i % 2 == 0) for i in range(rounds)]
    jobexp_s = statistics.median(s[0] for s in samples)
    plain_s = statistics.median(s[1] for s in samples)
    return {
        "records": records,
        "rounds": rounds,
        "jobexp_ms": jobexp_s * 1000,
        "plain_ms": plain_s * 1000,
        "ratio": jobexp_s / plain_s,
        "samples_ms": [[round(a * 1000, 2), round(b * 1000, 2)] for a, b in samples],
    }


def report(figures: dict[str, Any]) -> None:
    print(
        f"\nErasing an account with {figures['records']:,} records (SQLite, median of "
        f"{figures['rounds']} rounds):\n"
        f"JobExp erasure {figures['jobexp_ms']:.1f} ms   plain DELETEs {figures['plain_ms']:.1f} ms"
        f"   ratio {figures['ratio']:.2f}x (the price of key destruction, per-table commits, "
        "receipt and audit)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer records and rounds")
    parser.add_argument("--records", type=int, help="records per account")
    parser.add_argument("--rounds", type=int, help="rounds (medians are reported)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    plan = QUICK if args.quick else FULL
    try:
        figures = run(args.records or plan["records"], args.rounds or plan["rounds"])
    except RuntimeError as error:
        print(f"bench: FAILED: {error}", file=sys.stderr)
        return 1
    report(figures)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
