"""Every benchmark in one run, then one summary table: what `bench/run` runs.

    python -m bench.bench_all [--quick] [--json PATH]

1. bench.bench_purpose: the purpose check vs pycasbin enforcing the same decisions.
2. bench.bench_api: API reads vs a bare Starlette endpoint, and with purpose checks off.
3. bench.bench_inprocess: the purpose check's cost in process CPU time.
4. bench.bench_ledger: disclosure-ledger appends vs plain inserts, and full-chain verification.
5. bench.bench_erasure: erasing an account with 10,000 records vs plain DELETEs of them.
6. bench.bench_retention: the retention sweep vs a plain SQL DELETE of the same rows, its
   peak memory at two sizes, and the export of a user with 10,000 records.
7. bench.bench_nlu: command understanding vs bare hassil matching on the shipped corpus.

Each figure is printed beside the baseline measured in the same run, with the ratio and its
aim. Exits 1 if a benchmark failed (engines disagreed, a server did not start or answered
non-2xx under load), 0 otherwise whatever the ratios.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from bench import (
    bench_api,
    bench_erasure,
    bench_inprocess,
    bench_ledger,
    bench_nlu,
    bench_purpose,
    bench_retention,
)


def summary(purpose: dict[str, Any], api: dict[str, Any]) -> None:
    rows: list[tuple[str, str, str, str, str, str, str]] = []
    engines = purpose["engines"]
    jobexp = engines["jobexp"]["median_decisions_per_s"]
    for name, aim in (("casbin", f">= {bench_purpose.AIM:.0f}x"), ("casbin_fast", "(info)")):
        base = engines[name]["median_decisions_per_s"]
        ratio = jobexp / base
        rows.append(
            (
                "purpose check, decisions/s",
                f"JobExp {jobexp:,.0f}",
                f"{engines[name]['label']} {base:,.0f}",
                f"{ratio:,.1f}x",
                aim,
                _verdict(ratio, bench_purpose.AIM) if name == "casbin" else "",
                "",
            )
        )
    targets = api["targets"]
    for ratio in api["ratios"].values():
        top, bottom = targets[ratio["numerator"]], targets[ratio["denominator"]]
        rows.append(
            (
                f"API req/s, {ratio['label']}",
                f"{top['label']} {top['median_requests_per_s']:,.0f}",
                f"{bottom['label']} {bottom['median_requests_per_s']:,.0f}",
                f"{ratio['ratio']:.2f}",
                f">= {ratio['aim']:.2f}",
                _verdict(ratio["ratio"], ratio["aim"]),
                f"{ratio['cpu_ratio']:.2f}",
            )
        )
    heads = ("measurement", "figure", "baseline (same run)", "ratio", "aim", "result", "by CPU/req")
    widths = [max(len(row[i]) for row in (heads, *rows)) for i in range(len(heads))]
    print()
    print("Summary (medians; every figure beside its baseline from this run)")
    line = "  ".join(
        f"{{:<{w}}}" if i in {0, 1, 2, 5} else f"{{:>{w}}}" for i, w in enumerate(widths)
    )
    print(line.format(*heads).rstrip())
    print("-" * (sum(widths) + 2 * (len(widths) - 1)))
    for row in rows:
        print(line.format(*row).rstrip())


def _verdict(value: float, aim: float) -> str:
    return "MET" if value >= aim else "NOT MET"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="short versions of every benchmark")
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    args = parser.parse_args(argv)
    try:
        print("bench: purpose check vs pycasbin", file=sys.stderr, flush=True)
        purpose = bench_purpose.run(bench_purpose.QUICK if args.quick else bench_purpose.FULL)
        print("bench: API reads (wrk)", file=sys.stderr, flush=True)
        api = bench_api.run(bench_api.QUICK if args.quick else bench_api.FULL)
        print("bench: purpose-check cost in process time", file=sys.stderr, flush=True)
        inprocess = bench_inprocess.run(args.quick)
        print("bench: disclosure ledger appends and verification", file=sys.stderr, flush=True)
        ledger = bench_ledger.run(bench_ledger.QUICK if args.quick else bench_ledger.FULL)
        print("bench: account erasure vs plain DELETEs", file=sys.stderr, flush=True)
        plan = bench_erasure.QUICK if args.quick else bench_erasure.FULL
        erasure = bench_erasure.run(plan["records"], plan["rounds"])
        print("bench: command understanding vs bare hassil", file=sys.stderr, flush=True)
        nlu = bench_nlu.run_bench(bench_nlu.QUICK if args.quick else bench_nlu.FULL)
        print("bench: retention sweep vs plain DELETE", file=sys.stderr, flush=True)
        sweep = bench_retention.run(bench_retention.QUICK if args.quick else bench_retention.FULL)
    except (
        bench_purpose.BenchError,
        bench_api.BenchError,
        bench_retention.BenchError,
        RuntimeError,
    ) as error:
        print(f"bench: FAILED: {error}", file=sys.stderr)
        return 1
    bench_purpose.report(purpose)
    bench_api.report(api)
    summary(purpose, api)
    bench_inprocess.report(inprocess)
    bench_ledger.report(ledger)
    bench_erasure.report(erasure)
    bench_nlu.report(nlu)
    bench_retention.report(sweep)
    if args.json:
        figures = {
            "purpose": purpose,
            "api": api,
            "inprocess": inprocess,
            "ledger": ledger,
            "erasure": erasure,
            "nlu": nlu,
            "retention": sweep,
        }
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
