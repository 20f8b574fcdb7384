"""The retention sweep against a plain SQL DELETE of the same rows, in the same run.

    python -m bench.bench_retention [--quick] [--json PATH]

For each backend (SQLite file; PostgreSQL on a throwaway server when one can be started):
N expired access-log rows are generated in the database, then ended by
`retention.sweep(svc, batch_size=DEFAULT_BATCH)` (bounded batches, each committed with an
audit entry, under the purpose check) and timed; the same N rows are generated again and
removed by one `DELETE FROM access_log WHERE at < :cutoff` in one transaction, and timed.
Each run starts from a vacuumed table; the two alternate which goes first over the rounds.
The figure is the median rows/s of the sweep over the plain DELETE's (aim >= 0.5).

Peak Python memory of the sweep (tracemalloc) is printed for two sizes, to show it does not
grow with the number of rows. Last, the time to export everything held about one user with
10,000 records (sessions, consent history and security-log entries about them).
"""

from __future__ import annotations

import argparse
import json
import secrets
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, insert, text

from jobexp.adapters import tables as t
from jobexp.adapters.tables import RULES
from jobexp.bootstrap import bootstrap
from jobexp.config import PasswordHashing, Settings
from jobexp.service_layer import accounts, audit, data_rights, retention
from jobexp.service_layer.context import RequestContext, Services

AIM = 0.5  # the sweep's rows/s at least half a plain DELETE's
ACCESS_LOG = tuple(r for r in RULES if r.table == "access_log")
CTX = RequestContext(client_ip=None, channel="cli")
FAST_HASHING = PasswordHashing(time_cost=1, memory_cost_kib=8192, parallelism=1)


@dataclass(frozen=True)
class Plan:
    rows: int
    rounds: int
    memory_sizes: tuple[int, int]
    export_records: int


FULL = Plan(rows=1_000_000, rounds=3, memory_sizes=(100_000, 1_000_000), export_records=10_000)
QUICK = Plan(rows=100_000, rounds=3, memory_sizes=(20_000, 100_000), export_records=10_000)


class BenchError(Exception):
    """A run could not be carried out (rows left behind, counts disagree)."""


# --- databases --------------------------------------------------------------------------------


@contextmanager
def backends(workdir: Path) -> Iterator[Iterator[tuple[str, str | None, str]]]:
    """(name, database URL or None, why skipped) for SQLite, then PostgreSQL if it starts."""
    with _postgres() as (pg_url, reason):

        def listing() -> Iterator[tuple[str, str | None, str]]:
            yield "sqlite", f"sqlite:///{workdir / 'bench.sqlite3'}", ""
            yield "postgresql", pg_url, reason

        yield listing()


@contextmanager
def _postgres() -> Iterator[tuple[str | None, str]]:
    try:
        from tests.support.postgres import postgres_server

        server = postgres_server()
        url = server.__enter__()
    except Exception as error:
        yield None, f"no PostgreSQL server could be started ({type(error).__name__}: {error})"
        return
    try:
        admin = create_engine(url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text("CREATE DATABASE bench_retention"))
        admin.dispose()
        yield url.rsplit("/", 1)[0] + "/bench_retention", ""
    finally:
        server.__exit__(None, None, None)


def services(url: str, workdir: Path, name: str) -> Services:
    settings = Settings(
        data_dir=workdir / f"data-{name}", database_url=url, password_hashing=FAST_HASHING
    )
    return bootstrap(settings)


def generate_expired(engine: Engine, rows: int) -> None:
    """N access-log rows 200 days old, generated inside the database (no client round trips)."""
    at = datetime.now(UTC) - timedelta(days=200)
    columns = "at, ip_prefix, browser, language, method, path, status"
    values = "'198.51.100.0/24', 'chrome', 'en', 'GET', '/api/v1/me', 200"
    with engine.begin() as connection:
        if engine.dialect.name == "sqlite":
            stamp = at.strftime("%Y-%m-%d %H:%M:%S.%f")
            connection.exec_driver_sql(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
                f"INSERT INTO access_log ({columns}) SELECT ?, {values} FROM n",
                (rows, stamp),
            )
        else:
            connection.exec_driver_sql(
                f"INSERT INTO access_log ({columns}) "
                f"SELECT %s, {values} FROM generate_series(1, %s)",
                (at, rows),
            )
        if engine.dialect.name == "postgresql":
            connection.exec_driver_sql("ANALYZE access_log")


def count_rows(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.exec_driver_sql("SELECT count(*) FROM access_log").scalar_one())


# --- the measurements -------------------------------------------------------------------------


def fresh(engine: Engine) -> None:
    """Start each timed run from a clean table: PostgreSQL keeps dead rows until vacuumed."""
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            connection.execution_options(isolation_level="AUTOCOMMIT")
            connection.exec_driver_sql("VACUUM ANALYZE access_log")


def time_sweep(svc: Services, rows: int, *, trace: bool = False) -> dict[str, float]:
    generate_expired(svc.database.engine, rows)
    fresh(svc.database.engine)
    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    results = retention.sweep(svc, rules=ACCESS_LOG)
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] if trace else 0
    if trace:
        tracemalloc.stop()
    ended = sum(r.rows for r in results)
    if ended != rows or count_rows(svc.database.engine):
        raise BenchError(f"the sweep ended {ended} of {rows} rows")
    return {"rows": rows, "seconds": seconds, "rows_per_s": rows / seconds, "peak_bytes": peak}


def time_plain_delete(engine: Engine, rows: int) -> dict[str, float]:
    generate_expired(engine, rows)
    fresh(engine)
    cutoff = datetime.now(UTC) - timedelta(days=183)
    started = time.perf_counter()
    with engine.begin() as connection:
        connection.execute(t.access_log.delete().where(t.access_log.c.at < cutoff))
    seconds = time.perf_counter() - started
    if count_rows(engine):
        raise BenchError("the plain DELETE left rows behind")
    return {"rows": rows, "seconds": seconds, "rows_per_s": rows / seconds}


def time_export(svc: Services, records: int) -> dict[str, float]:
    """Export for one user holding `records` rows across sessions, consents and the audit log."""
    user_id = accounts.sign_up(
        svc,
        accounts.SignUp(
            identifier=f"bench-{secrets.token_hex(4)}@example.com",
            password="violet stapler morning",
            birth_date=date(1990, 5, 17),
            service_agreement_version=svc.documents.service_agreement,
            privacy_policy_version=svc.documents.privacy_policy,
        ),
        CTX,
    )
    now = datetime.now(UTC)
    third = records // 3
    sessions = [
        {
            "id": secrets.token_hex(16),
            "token_digest": secrets.token_hex(32),
            "user_id": user_id,
            "kind": "web",
            "created_at": now,
            "last_seen_at": now,
            "idle_timeout_seconds": 1800,
            "absolute_expires_at": now,
            "ended_at": now,
            "end_reason": "logout",
        }
        for _ in range(third)
    ]
    consent = {"user_id": user_id, "purpose": "personalization", "recipient": ""}
    consents = [
        {**consent, "decision": "granted", "policy_version": "v", "channel": "web", "at": now}
    ] * third
    tag = audit.user_tag(svc, user_id)
    with svc.database.engine.begin() as connection:
        first = int(
            connection.execute(text("SELECT coalesce(max(seq), 0) FROM audit_log")).scalar_one()
        )
        entries = [
            {
                "seq": first + 1 + i,
                "at": now,
                "action": "auth:session:login",
                "outcome": "success",
                "actor": tag,
                "subject": tag,
                "client": None,
                "details": "{}",
                "prev_hash": "0" * 64,
                "hash": "0" * 64,
            }
            for i in range(records - 2 * third)
        ]
        connection.execute(insert(t.sessions), sessions)
        connection.execute(insert(t.consent_events), consents)
        connection.execute(insert(t.audit_log), entries)
        # Appends continue after them (the bench's filler entries are not a sealed chain).
        last = entries[-1]["seq"]
        connection.execute(t.audit_head.update().values(seq=last, hash="0" * 64))
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        body = json.dumps(data_rights.export(svc, user_id, CTX, "en").as_json())
        timings.append(time.perf_counter() - started)
    return {"records": records, "seconds": min(timings), "bytes": len(body)}


def run(plan: Plan) -> dict[str, Any]:
    figures: dict[str, Any] = {"plan": plan.__dict__, "backends": {}}
    with tempfile.TemporaryDirectory(prefix="bench-retention-") as tmp, backends(Path(tmp)) as all_:
        for name, url, reason in all_:
            if url is None:
                figures["backends"][name] = {"skipped": reason}
                print(f"bench: {name} skipped: {reason}", file=sys.stderr, flush=True)
                continue
            print(f"bench: retention on {name}", file=sys.stderr, flush=True)
            svc = services(url, Path(tmp), name)
            try:
                figures["backends"][name] = _measure(svc, plan)
            finally:
                svc.database.engine.dispose()
    return figures


def _measure(svc: Services, plan: Plan) -> dict[str, Any]:
    sweeps: list[dict[str, float]] = []
    plains: list[dict[str, float]] = []
    for round_ in range(plan.rounds):  # alternate which goes first
        for sweep_now in (True, False) if round_ % 2 else (False, True):
            if sweep_now:
                sweeps.append(time_sweep(svc, plan.rows))
            else:
                plains.append(time_plain_delete(svc.database.engine, plan.rows))
    sweep = statistics.median(s["rows_per_s"] for s in sweeps)
    plain = statistics.median(p["rows_per_s"] for p in plains)
    memory = [time_sweep(svc, size, trace=True) for size in plan.memory_sizes]
    export = time_export(svc, plan.export_records)
    return {
        "rows": plan.rows,
        "sweep_rows_per_s": sweep,
        "plain_delete_rows_per_s": plain,
        "rounds": {"sweep": sweeps, "plain_delete": plains},
        "ratio": sweep / plain,
        "memory": [{"rows": m["rows"], "peak_bytes": m["peak_bytes"]} for m in memory],
        "export": export,
    }


def report(figures: dict[str, Any]) -> None:
    print()
    print("Retention sweep vs plain SQL DELETE (same rows, same run)")
    for name, f in figures["backends"].items():
        if "skipped" in f:
            print(f"  {name:<11} skipped: {f['skipped']}")
            continue
        verdict = "MET" if f["ratio"] >= AIM else "NOT MET"
        print(
            f"  {name:<11} {f['rows']:,} rows, median of {len(f['rounds']['sweep'])} rounds: "
            f"sweep {f['sweep_rows_per_s']:,.0f} rows/s, plain DELETE "
            f"{f['plain_delete_rows_per_s']:,.0f} rows/s; ratio {f['ratio']:.2f} "
            f"(aim >= {AIM}) {verdict}"
        )
        peaks = ", ".join(
            f"{m['rows']:,} rows: {m['peak_bytes'] / 1024:,.0f} KiB" for m in f["memory"]
        )
        print(f"  {'':<11} sweep peak Python memory (tracemalloc): {peaks}")
        export = f["export"]
        print(
            f"  {'':<11} export of a user with {export['records']:,} records: "
            f"{export['seconds'] * 1000:,.0f} ms ({export['bytes'] / 1024:,.0f} KiB of JSON)"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help=f"{QUICK.rows:,} rows, not 1M")
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    args = parser.parse_args(argv)
    try:
        figures = run(QUICK if args.quick else FULL)
    except BenchError as error:
        print(f"bench: FAILED: {error}", file=sys.stderr)
        return 1
    report(figures)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
