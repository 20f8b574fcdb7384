"""Authenticated API read vs a bare Starlette endpoint, same server configuration, same run.

    python -m bench.bench_api [--quick] [--json PATH]

Target A is JobExp's `GET /api/v1/me` with a device bearer token; target B is a bare Starlette
route returning a small JSON body. Each is served by uvicorn in its own process (see
bench/server_options.py); wrk loads them in alternating rounds and the medians are compared.
Exits 0 whatever the ratio (a benchmark reports, it does not gate) and 1 when a target failed
to start or answered anything but 2xx under load.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from bench.serve_bare import PATH as BARE_PATH
from bench.server_options import event_loop, free_port

AIM = 0.5
START_TIMEOUT_SECONDS = 60.0
ME_PATH = "/api/v1/me"
ROOT = Path(__file__).resolve().parent.parent


class BenchError(Exception):
    """A target failed to start, to set up, or to answer 2xx under load."""


@dataclass(frozen=True)
class Plan:
    rounds: int
    duration_s: int
    warmup_s: int
    threads: int = 1
    connections: int = 16


FULL = Plan(rounds=3, duration_s=5, warmup_s=2)
QUICK = Plan(rounds=1, duration_s=2, warmup_s=1)


@dataclass(frozen=True)
class WrkResult:
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    requests: int
    non_2xx: int
    socket_errors: dict[str, int]


@dataclass
class Target:
    name: str
    url: str
    headers: dict[str, str] = field(default_factory=dict)
    body_bytes: int = 0
    runs: list[WrkResult] = field(default_factory=list)

    def median(self, attribute: str) -> float:
        return statistics.median(float(getattr(run, attribute)) for run in self.runs)


# --- wrk --------------------------------------------------------------------------------------

_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}
_DURATION = r"([\d.]+)(us|ms|s|m|h)"


def _ms(value: str, unit: str) -> float:
    return float(value) * _UNITS_MS[unit]


def parse_wrk(output: str) -> WrkResult:
    """Requests/sec, the 50% and 99% latencies (needs --latency) and any errors."""
    rps = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.MULTILINE)
    p50 = re.search(rf"^\s+50%\s+{_DURATION}", output, re.MULTILINE)
    p99 = re.search(rf"^\s+99%\s+{_DURATION}", output, re.MULTILINE)
    total = re.search(r"^\s+(\d+) requests in", output, re.MULTILINE)
    if not (rps and p50 and p99 and total):
        raise BenchError(f"could not read wrk's output:\n{output}")
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    sock = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    errors = (
        dict(zip(("connect", "read", "write", "timeout"), map(int, sock.groups()), strict=True))
        if sock
        else {}
    )
    return WrkResult(
        requests_per_s=float(rps.group(1)),
        p50_ms=_ms(*p50.groups()),
        p99_ms=_ms(*p99.groups()),
        requests=int(total.group(1)),
        non_2xx=int(non_2xx.group(1)) if non_2xx else 0,
        socket_errors=errors,
    )


def run_wrk(target: Target, plan: Plan, seconds: int) -> WrkResult:
    command = [
        "wrk",
        f"-t{plan.threads}",
        f"-c{plan.connections}",
        f"-d{seconds}s",
        "--latency",
        *(arg for name, value in target.headers.items() for arg in ("-H", f"{name}: {value}")),
        target.url,
    ]
    done = subprocess.run(
        command, capture_output=True, text=True, check=False, timeout=seconds + 60
    )
    if done.returncode != 0:
        raise BenchError(f"wrk failed on {target.name}:\n{done.stdout}{done.stderr}")
    result = parse_wrk(done.stdout)
    if result.non_2xx:
        raise BenchError(
            f"{target.name}: {result.non_2xx} of {result.requests} responses were not 2xx/3xx "
            "under load"
        )
    if result.socket_errors.get("connect") or result.requests == 0:
        raise BenchError(f"{target.name}: wrk could not connect ({result.socket_errors})")
    return result


# --- servers ----------------------------------------------------------------------------------


@contextlib.contextmanager
def server(module: str, *args: str, health_path: str, log: Path) -> Iterator[str]:
    """Run `python -m module --port PORT *args` on loopback; yield its base URL."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", module, "--port", str(port), *args],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_until_up(process, base + health_path, log)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_up(process: subprocess.Popen[bytes], url: str, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(f"{url}: server exited ({process.returncode}):\n{log.read_text()}")
        with contextlib.suppress(OSError):
            status, _ = http("GET", url)
            if status == 200:
                return
        time.sleep(0.1)
    raise BenchError(f"{url}: server did not answer within {START_TIMEOUT_SECONDS:.0f}s")


def http(
    method: str, url: str, body: Any = None, headers: dict[str, str] | None = None
) -> tuple[int, bytes]:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    if data is not None:
        request.add_header("content-type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return int(response.status), bytes(response.read())
    except urllib.error.HTTPError as error:
        return int(error.code), bytes(error.read())


def expect(status: int, payload: bytes, wanted: int, what: str) -> Any:
    if status != wanted:
        raise BenchError(f"{what}: HTTP {status}, wanted {wanted}: {payload[:500]!r}")
    return json.loads(payload)


def bearer_token(base: str) -> str:
    """Sign up one account and register one device through the public API; the token."""
    docs = expect(*http("GET", f"{base}/api/v1/documents"), 200, "GET /api/v1/documents")
    identifier = "bench@example.com"
    password = f"Bench-{secrets.token_urlsafe(18)}"
    account = {
        "identifier": identifier,
        "password": password,
        "birth_date": "1990-01-01",
        "accept_service_agreement": docs["service_agreement"],
        "accept_privacy_policy": docs["privacy_policy"],
    }
    expect(*http("POST", f"{base}/api/v1/accounts", account), 201, "POST /api/v1/accounts")
    device = {
        "identifier": identifier,
        "password": password,
        "device": {
            "device_id": secrets.token_hex(32),
            "network_code": "46000",
            "country_code": "CN",
        },
    }
    token = expect(
        *http("POST", f"{base}/api/v1/devices/register", device),
        201,
        "POST /api/v1/devices/register",
    )
    return str(token["token"])


def check_once(target: Target) -> None:
    status, payload = http("GET", target.url, headers=target.headers)
    expect(status, payload, 200, f"{target.name}: GET {target.url}")
    target.body_bytes = len(payload)


# --- the run ----------------------------------------------------------------------------------


def measure(targets: list[Target], plan: Plan, progress: bool) -> None:
    for target in targets:
        run_wrk(target, plan, plan.warmup_s)
    for round_no in range(plan.rounds):
        # Alternate the order too, so a slow drift of the machine hits both alike.
        order = targets if round_no % 2 == 0 else list(reversed(targets))
        for target in order:
            result = run_wrk(target, plan, plan.duration_s)
            target.runs.append(result)
            if progress:
                print(
                    f"  round {round_no + 1}/{plan.rounds}  {target.name:<22} "
                    f"{result.requests_per_s:>9.0f} req/s",
                    file=sys.stderr,
                    flush=True,
                )


def report(jobexp: Target, bare: Target, plan: Plan) -> dict[str, Any]:
    ratio = jobexp.median("requests_per_s") / bare.median("requests_per_s")
    met = ratio >= AIM
    print()
    print(
        f"API read vs bare Starlette: {plan.rounds} round(s) x {plan.duration_s}s per target, "
        f"alternating; wrk -t{plan.threads} -c{plan.connections}; uvicorn 1 worker, "
        f"loop={event_loop()}, http=httptools, {os.cpu_count()} CPU(s)"
    )
    header = f"{'target':<34}{'req/s (median)':>15}{'p50 ms':>9}{'p99 ms':>9}{'body B':>8}  rounds"
    print(header)
    print("-" * len(header))
    for target, label in (
        (bare, f"bare Starlette GET {BARE_PATH}"),
        (jobexp, f"JobExp GET {ME_PATH}"),
    ):
        rounds = " ".join(f"{run.requests_per_s:.0f}" for run in target.runs)
        print(
            f"{label:<34}{target.median('requests_per_s'):>15.0f}"
            f"{target.median('p50_ms'):>9.2f}{target.median('p99_ms'):>9.2f}"
            f"{target.body_bytes:>8}  {rounds}"
        )
    print("-" * len(header))
    per_round = " ".join(
        f"{a.requests_per_s / b.requests_per_s:.2f}"
        for a, b in zip(jobexp.runs, bare.runs, strict=True)
    )
    print(
        f"ratio JobExp/bare (median req/s): {ratio:.2f}   aim >= {AIM:.2f}: "
        f"{'MET' if met else 'NOT MET'}   (per round: {per_round})"
    )
    return {
        "plan": asdict(plan),
        "loop": event_loop(),
        "targets": {
            t.name: {
                "url_path": BARE_PATH if t is bare else ME_PATH,
                "median_requests_per_s": t.median("requests_per_s"),
                "median_p50_ms": t.median("p50_ms"),
                "median_p99_ms": t.median("p99_ms"),
                "body_bytes": t.body_bytes,
                "runs": [asdict(run) for run in t.runs],
            }
            for t in (bare, jobexp)
        },
        "ratio": ratio,
        "aim": AIM,
        "aim_met": met,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="1 short round per target")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    plan = QUICK if args.quick else FULL
    if shutil.which("wrk") is None:
        print("bench: wrk is not installed (Debian package `wrk`)", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="jobexp-bench-") as tmp:
        work = Path(tmp)
        try:
            with (
                server(
                    "bench.serve_jobexp",
                    "--data-dir",
                    str(work / "data"),
                    health_path="/healthz",
                    log=work / "jobexp.log",
                ) as jobexp_base,
                server(
                    "bench.serve_bare", health_path=BARE_PATH, log=work / "bare.log"
                ) as bare_base,
            ):
                token = bearer_token(jobexp_base)
                jobexp = Target(
                    "jobexp", jobexp_base + ME_PATH, {"Authorization": f"Bearer {token}"}
                )
                bare = Target("bare", bare_base + BARE_PATH)
                for target in (jobexp, bare):
                    check_once(target)
                measure([jobexp, bare], plan, progress=True)
        except BenchError as error:
            print(f"bench: FAILED: {error}", file=sys.stderr)
            return 1
    figures = report(jobexp, bare, plan)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
