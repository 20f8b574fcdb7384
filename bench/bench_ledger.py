"""The disclosure ledger's cost: sealed appends vs plain inserts into the same table, same run.

    python -m bench.bench_ledger [--quick] [--json PATH]

A sealed append is what every disclosure pays: `ledger.record` inside a unit of work (the
record-keeping purpose check, the keyed hash of the entry and the one before, the head
moved from its predecessor (read under its lock only when another writer moved it), the
insert, the commit). A plain insert is the same row written to
the same table by the same kind of unit of work and committed, with no chain: no check, no
lock, no hash, no head (its seq far above the chain's, deleted before verification). The
ratio is therefore what the chain itself costs a disclosure. Rounds alternate between the
two on one SQLite file; the medians are compared (aim: appends at least half as fast as
plain inserts). Then `ledger.verify` reads
and re-seals the whole chain: entries verified per second.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Insert, delete, insert

from jobexp.adapters import tables as t
from jobexp.adapters.store import Store
from jobexp.bootstrap import bootstrap
from jobexp.config import Settings
from jobexp.domain.disclosures import Disclosure
from jobexp.service_layer import ledger
from jobexp.service_layer.context import Services
from jobexp.types import UserId

AIM = 0.5  # sealed appends/s at least this fraction of plain inserts/s
PLAIN_SEQ = 10_000_000
SHARE = Disclosure(
    "navigation_provider", "navigation_share", "5a", ("location_coarse",), ("destination",)
)


@dataclass(frozen=True)
class Plan:
    rows: int  # per round and kind
    rounds: int


QUICK = Plan(rows=200, rounds=3)
FULL = Plan(rows=2000, rounds=5)


def _append(svc: Services, rows: int) -> float:
    start = time.perf_counter()
    for _ in range(rows):
        with svc.uow() as uow:
            ledger.record(uow, svc, UserId("bench-user"), SHARE)
            uow.commit()
    return rows / (time.perf_counter() - start)


def _plain(svc: Services, rows: int, first: int) -> float:
    now = svc.clock.now()
    values: dict[str, Any] = {
        "at": now,
        "subject": "bench",
        "recipient": SHARE.recipient,
        "purpose": SHARE.purpose,
        "basis": SHARE.basis,
        "categories": json.dumps(list(SHARE.categories)),
        "fields": json.dumps(list(SHARE.fields)),
        "region": SHARE.region,
        "prev_hash": "0" * 64,
        "hash": "0" * 64,
    }
    statement = insert(t.disclosure_ledger)  # built once, as the ledger's own append is
    start = time.perf_counter()
    for i in range(rows):
        with svc.uow() as uow:  # the same unit of work the ledger's append runs in
            uow.get(_PlainInsert).run(statement, {"seq": first + i, **values})
            uow.commit()
    return rows / (time.perf_counter() - start)


class _PlainInsert(Store):
    """The baseline: the statement alone, on the unit of work's connection."""

    def run(self, statement: Insert, params: dict[str, Any]) -> None:
        self._connection.execute(statement, params)


def run(plan: Plan) -> dict[str, Any]:
    data = Path(tempfile.mkdtemp(prefix="jobexp-bench-ledger-"))
    svc = bootstrap(Settings(data_dir=data, database_url=f"sqlite:///{data / 'bench.sqlite3'}"))
    try:
        appends, plains = [], []
        for round_no in range(plan.rounds):
            appends.append(_append(svc, plan.rows))
            plains.append(_plain(svc, plan.rows, PLAIN_SEQ + round_no * plan.rows))
        with svc.database.engine.begin() as connection:
            ledger_table = t.disclosure_ledger
            connection.execute(delete(ledger_table).where(ledger_table.c.seq >= PLAIN_SEQ))
        entries = ledger.count(svc)
        start = time.perf_counter()
        problem = ledger.verify(svc)
        verify_s = time.perf_counter() - start
    finally:
        svc.database.engine.dispose()
    if problem is not None:
        raise RuntimeError(f"the benchmark's own ledger does not verify: {problem}")
    append, plain = statistics.median(appends), statistics.median(plains)
    return {
        "rows_per_round": plan.rows,
        "rounds": plan.rounds,
        "append_per_s": append,
        "plain_insert_per_s": plain,
        "ratio": append / plain,
        "aim": AIM,
        "verified_entries": entries,
        "verify_entries_per_s": entries / verify_s,
    }


def report(figures: dict[str, Any]) -> None:
    ratio = figures["ratio"]
    verdict = "MET" if ratio >= figures["aim"] else "NOT MET"
    print()
    print(f"Disclosure ledger (SQLite, {figures['rounds']} rounds of {figures['rows_per_round']})")
    print(f"  sealed appends/s      {figures['append_per_s']:>10,.0f}")
    print(
        f"  plain inserts/s       {figures['plain_insert_per_s']:>10,.0f}  (same table, same run)"
    )
    print(f"  ratio                 {ratio:>10.2f}  aim >= {figures['aim']:.2f}: {verdict}")
    print(
        f"  full-chain verify     {figures['verify_entries_per_s']:>10,.0f} entries/s "
        f"({figures['verified_entries']} entries)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer rows and rounds")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    try:
        figures = run(QUICK if args.quick else FULL)
    except RuntimeError as error:
        print(f"bench: FAILED: {error}", file=sys.stderr)
        return 1
    report(figures)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
