"""GET /api/v1/me during a storm of sign-ups, against /me with no storm (issue 13).

    python -m bench.bench_storm [--quick] [--json PATH] [--sqlite]

JobExp is served as in production (production argon2id cost), on a throwaway PostgreSQL
server when one can be started (else SQLite). wrk reads `/api/v1/me` with a device bearer
token over 2 connections, a light load whose latency is what a user sees. Each round measures
it twice: quiet, then while STORM threads post sign-ups as fast as the server answers them
(each with a new identifier; a client told 503 waits for its Retry-After, as a browser or
device client does). The baseline is the quiet p99 from the same rounds; the aim is
a p99 under 300 ms during the storm. Sign-up answers are counted: 201, or 503 with
Retry-After when the hasher is saturated. Exits 1 only when the server failed to start or
answered /me with anything but 200.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import secrets
import statistics
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.bench_api import (
    ME_PATH,
    BenchError,
    Plan,
    Target,
    bearer_token,
    expect,
    http,
    run_wrk,
    server,
)

AIM_MS = 300.0
STORM = 16  # concurrent sign-up clients
FULL = Plan(rounds=3, duration_s=8, warmup_s=2, threads=1, connections=2)
QUICK = Plan(rounds=1, duration_s=5, warmup_s=1, threads=1, connections=2)


@dataclass
class Storm:
    """Sign-up clients hammering POST /api/v1/accounts until stopped."""

    base: str
    documents: dict[str, str]
    answers: Counter[int]

    def __post_init__(self) -> None:
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._threads = [threading.Thread(target=self._client, daemon=True) for _ in range(STORM)]

    def __enter__(self) -> Storm:
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(60)

    def _client(self) -> None:
        while not self._stop.is_set():
            status, retry_after = self._sign_up()
            with self._lock:
                self.answers[status] += 1
            if retry_after:
                self._stop.wait(retry_after)

    def _sign_up(self) -> tuple[int, float]:
        """The status, and the seconds a 503 asked to wait (0 otherwise)."""
        request = urllib.request.Request(
            f"{self.base}/api/v1/accounts",
            data=json.dumps(self._body()).encode(),
            method="POST",
            headers={"content-type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return int(response.status), 0.0
        except urllib.error.HTTPError as error:
            return error.code, float(error.headers.get("retry-after") or 0)

    def _body(self) -> dict[str, Any]:
        return {
            "identifier": f"storm-{secrets.token_hex(8)}@example.com",
            "password": f"Storm-{secrets.token_urlsafe(18)}",
            "birth_date": "1990-01-01",
            "accept_service_agreement": self.documents["service_agreement"],
            "accept_privacy_policy": self.documents["privacy_policy"],
        }


@contextlib.contextmanager
def database(work: Path, sqlite: bool) -> Iterator[tuple[str, str | None]]:
    """(backend name, URL or None for the server's default SQLite)."""
    if sqlite:
        yield "sqlite", None
        return
    from bench.bench_retention import _postgres

    with _postgres() as (url, reason):
        if url is None:
            print(f"bench_storm: {reason}; measuring on SQLite", file=sys.stderr)
            yield "sqlite", None
        else:
            yield "postgresql", url


def run(plan: Plan, sqlite: bool = False) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="jobexp-storm-") as tmp:
        work = Path(tmp)
        with database(work, sqlite) as (backend, url):
            args = ["--data-dir", str(work / "data"), *(["--database-url", url] if url else [])]
            log = work / "jobexp.log"
            with server("bench.serve_jobexp", *args, health_path="/healthz", log=log) as served:
                return measure(served.base, served.pid, plan) | {"backend": backend}


def measure(base: str, pid: int, plan: Plan) -> dict[str, Any]:
    auth = {"Authorization": f"Bearer {bearer_token(base)}"}
    documents = expect(*http("GET", f"{base}/api/v1/documents"), 200, "GET documents")
    quiet = Target("quiet", "GET /api/v1/me, no storm", base + ME_PATH, auth, pid)
    storm = Target("storm", "GET /api/v1/me, sign-up storm", base + ME_PATH, auth, pid)
    answers: Counter[int] = Counter()
    run_wrk(quiet, plan, plan.warmup_s)
    for number in range(1, plan.rounds + 1):
        print(f"bench_storm: round {number}/{plan.rounds}", file=sys.stderr)
        quiet.runs.append(run_wrk(quiet, plan, plan.duration_s))
        with Storm(base, documents, answers):
            time.sleep(1)  # every storm client is hashing or refused by now
            storm.runs.append(run_wrk(storm, plan, plan.duration_s))
    return {
        "aim_p99_ms": AIM_MS,
        "storm_clients": STORM,
        "sign_up_answers": {str(k): v for k, v in sorted(answers.items())},
        "targets": {
            t.name: {
                "label": t.label,
                "p50_ms": [r.p50_ms for r in t.runs],
                "p99_ms": [r.p99_ms for r in t.runs],
                "median_p99_ms": statistics.median(r.p99_ms for r in t.runs),
                "median_requests_per_s": t.median("requests_per_s"),
            }
            for t in (quiet, storm)
        },
    }


def report(figures: dict[str, Any]) -> None:
    print(f"/me latency during a sign-up storm ({figures['backend']}, 2 wrk connections)")
    print(f"{'target':40} {'p99 ms (median)':>16} {'req/s':>8}  p99 per round")
    for t in figures["targets"].values():
        rounds = " ".join(f"{v:.0f}" for v in t["p99_ms"])
        print(
            f"{t['label']:40} {t['median_p99_ms']:>16.1f} "
            f"{t['median_requests_per_s']:>8.0f}  {rounds}"
        )
    storm = figures["targets"]["storm"]["median_p99_ms"]
    quiet = figures["targets"]["quiet"]["median_p99_ms"]
    verdict = "MET" if storm < AIM_MS else "NOT MET"
    print(f"storm/quiet p99: {storm / quiet:.1f}x   aim storm p99 < {AIM_MS:.0f} ms: {verdict}")
    answers = ", ".join(f"{k}: {v}" for k, v in figures["sign_up_answers"].items())
    print(f"sign-up answers during the storms ({figures['storm_clients']} clients): {answers}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="one short round")
    parser.add_argument("--sqlite", action="store_true", help="skip PostgreSQL")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    try:
        figures = run(QUICK if args.quick else FULL, sqlite=args.sqlite)
    except BenchError as error:
        print(f"bench: FAILED: {error}", file=sys.stderr)
        return 1
    report(figures)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
