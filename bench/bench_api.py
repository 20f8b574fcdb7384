"""Authenticated API reads: against a bare Starlette endpoint, and with purpose checks off.

    python -m bench.bench_api [--quick] [--json PATH]

JobExp is served twice, the same way and on the same kind of fresh data directory: once as in
production and once with `Overrides(purpose_checks=False)` (`serve_jobexp --no-purpose-checks`).
Each JobExp server is loaded with `GET /api/v1/me` and `GET /api/v1/me/consents` (device bearer
token); a bare Starlette route returning a small JSON body is the third server. Each is served
by uvicorn in its own process (see bench/server_options.py); wrk loads every target in
alternating rounds and the medians are compared: JobExp/bare, and checks on/checks off.
Exits 0 whatever the ratios (a benchmark reports, it does not gate) and 1 when a target failed
to start, answered anything but 2xx under load, or the guard was not in the state asked for.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
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
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from bench.serve_bare import PATH as BARE_PATH
from bench.serve_jobexp import GUARD_LINE
from bench.server_options import event_loop, free_port

AIM = 0.5  # JobExp /me vs bare Starlette
CHECKS_AIM = 0.95  # a request with purpose checks on vs the same request with them off
START_TIMEOUT_SECONDS = 60.0
ME_PATH = "/api/v1/me"
CONSENTS_PATH = "/api/v1/me/consents"
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


FULL = Plan(rounds=5, duration_s=4, warmup_s=2)
QUICK = Plan(rounds=2, duration_s=2, warmup_s=1)


@dataclass(frozen=True)
class WrkResult:
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    requests: int
    non_2xx: int
    socket_errors: dict[str, int]
    server_cpu_s: float = 0.0  # CPU time (user + system) the server process used during the run

    @property
    def cpu_us_per_request(self) -> float:
        return self.server_cpu_s / self.requests * 1e6


@dataclass
class Target:
    name: str
    label: str
    url: str
    headers: dict[str, str] = field(default_factory=dict)
    pid: int | None = None  # the serving process, to read its CPU time
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
    cpu_before = process_cpu_s(target.pid)
    done = subprocess.run(
        command, capture_output=True, text=True, check=False, timeout=seconds + 60
    )
    cpu_used = process_cpu_s(target.pid) - cpu_before
    if done.returncode != 0:
        raise BenchError(f"wrk failed on {target.name}:\n{done.stdout}{done.stderr}")
    result = dataclasses.replace(parse_wrk(done.stdout), server_cpu_s=cpu_used)
    if result.non_2xx:
        raise BenchError(
            f"{target.name}: {result.non_2xx} of {result.requests} responses were not 2xx/3xx "
            "under load"
        )
    if result.socket_errors.get("connect") or result.requests == 0:
        raise BenchError(f"{target.name}: wrk could not connect ({result.socket_errors})")
    return result


def process_cpu_s(pid: int | None) -> float:
    """User + system CPU seconds of a process (all its threads) so far; 0 if not known."""
    if pid is None:
        return 0.0
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    # After "pid (comm)": state is field 3, utime 14 and stime 15 (1-based), in clock ticks.
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# --- servers ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Served:
    base: str  # http://127.0.0.1:PORT
    pid: int


@contextlib.contextmanager
def server(module: str, *args: str, health_path: str, log: Path) -> Iterator[Served]:
    """Run `python -m module --port PORT *args` on loopback; yield its base URL and pid."""
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
        yield Served(base, process.pid)
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
        # Alternate the order too, so a slow drift of the machine hits all alike; a checks-on
        # target and its checks-off twin are always loaded one right after the other.
        order = targets if round_no % 2 == 0 else list(reversed(targets))
        for target in order:
            result = run_wrk(target, plan, plan.duration_s)
            target.runs.append(result)
            if progress:
                print(
                    f"  round {round_no + 1}/{plan.rounds}  {target.label:<44} "
                    f"{result.requests_per_s:>9.0f} req/s",
                    file=sys.stderr,
                    flush=True,
                )


@dataclass(frozen=True)
class Ratio:
    name: str
    label: str
    numerator: str
    denominator: str
    aim: float


RATIOS = (
    Ratio("jobexp_vs_bare", "JobExp /me / bare Starlette", "me", "bare", AIM),
    Ratio("me_checks", "/me checks on / checks off", "me", "me_off", CHECKS_AIM),
    Ratio(
        "consents_checks",
        "/me/consents checks on / checks off",
        "consents",
        "consents_off",
        CHECKS_AIM,
    ),
)


def figures_of(targets: dict[str, Target], plan: Plan) -> dict[str, Any]:
    ratios = {}
    for ratio in RATIOS:
        top, bottom = targets[ratio.numerator], targets[ratio.denominator]
        value = top.median("requests_per_s") / bottom.median("requests_per_s")
        # The same ratio from the server's own CPU time per request (requests per CPU second):
        # far less sensitive than req/s to other load on a shared machine.
        cpu_value = bottom.median("cpu_us_per_request") / top.median("cpu_us_per_request")
        ratios[ratio.name] = {
            "label": ratio.label,
            "numerator": ratio.numerator,
            "denominator": ratio.denominator,
            "ratio": value,
            "aim": ratio.aim,
            "aim_met": value >= ratio.aim,
            "cpu_ratio": cpu_value,
            "per_round": [
                a.requests_per_s / b.requests_per_s
                for a, b in zip(top.runs, bottom.runs, strict=True)
            ],
        }
    return {
        "plan": asdict(plan),
        "loop": event_loop(),
        "cpus": os.cpu_count(),
        "targets": {
            t.name: {
                "label": t.label,
                "url_path": urllib.parse.urlsplit(t.url).path,
                "median_requests_per_s": t.median("requests_per_s"),
                "median_p50_ms": t.median("p50_ms"),
                "median_p99_ms": t.median("p99_ms"),
                "median_cpu_us_per_request": t.median("cpu_us_per_request"),
                "body_bytes": t.body_bytes,
                "runs": [asdict(run) for run in t.runs],
            }
            for t in targets.values()
        },
        "ratios": ratios,
    }


def report(figures: dict[str, Any]) -> None:
    plan = figures["plan"]
    print()
    print(
        f"API reads: {plan['rounds']} round(s) x {plan['duration_s']}s per target, alternating; "
        f"wrk -t{plan['threads']} -c{plan['connections']}; uvicorn 1 worker, "
        f"loop={figures['loop']}, http=httptools, {figures['cpus']} CPU(s)"
    )
    header = (
        f"{'target':<42}{'req/s (median)':>15}{'p50 ms':>9}{'p99 ms':>9}{'CPU us/req':>11}"
        f"{'body B':>8}  rounds"
    )
    print(header)
    print("-" * len(header))
    for target in figures["targets"].values():
        rounds = " ".join(f"{run['requests_per_s']:.0f}" for run in target["runs"])
        print(
            f"{target['label']:<42}{target['median_requests_per_s']:>15.0f}"
            f"{target['median_p50_ms']:>9.2f}{target['median_p99_ms']:>9.2f}"
            f"{target['median_cpu_us_per_request']:>11.0f}{target['body_bytes']:>8}  {rounds}"
        )
    print("-" * len(header))
    for ratio in figures["ratios"].values():
        per_round = " ".join(f"{value:.2f}" for value in ratio["per_round"])
        print(
            f"ratio {ratio['label'] + ' (median req/s):':<56} {ratio['ratio']:.2f}   "
            f"aim >= {ratio['aim']:.2f}: {'MET' if ratio['aim_met'] else 'NOT MET'}   "
            f"(per round: {per_round}; by server CPU/request: {ratio['cpu_ratio']:.2f})"
        )


def check_guard(log: Path, state: str) -> None:
    """The server said, from its own `Services`, that its purpose guard is `state`."""
    if f"{GUARD_LINE}{state}" not in log.read_text(errors="replace"):
        raise BenchError(f"{log.name}: the server did not report purpose checks {state}")


def run(plan: Plan, progress: bool = True) -> dict[str, Any]:
    """Start the servers, make the tokens, load every target; the figures (or BenchError)."""
    if shutil.which("wrk") is None:
        raise BenchError("wrk is not installed (Debian package `wrk`)")
    with tempfile.TemporaryDirectory(prefix="jobexp-bench-") as tmp:
        work = Path(tmp)
        with (
            server(
                "bench.serve_jobexp",
                "--data-dir",
                str(work / "data-on"),
                health_path="/healthz",
                log=work / "jobexp-on.log",
            ) as on,
            server(
                "bench.serve_jobexp",
                "--data-dir",
                str(work / "data-off"),
                "--no-purpose-checks",
                health_path="/healthz",
                log=work / "jobexp-off.log",
            ) as off,
            server("bench.serve_bare", health_path=BARE_PATH, log=work / "bare.log") as bare,
        ):
            check_guard(work / "jobexp-on.log", "on")
            check_guard(work / "jobexp-off.log", "off")
            on_auth = {"Authorization": f"Bearer {bearer_token(on.base)}"}
            off_auth = {"Authorization": f"Bearer {bearer_token(off.base)}"}

            def jobexp(name: str, path: str, checks: bool) -> Target:
                served, auth = (on, on_auth) if checks else (off, off_auth)
                label = f"JobExp GET {path}" + ("" if checks else ", checks off")
                return Target(name, label, served.base + path, auth, served.pid)

            # On/off twins sit next to each other, so they are loaded back to back every round.
            targets = [
                jobexp("me", ME_PATH, checks=True),
                jobexp("me_off", ME_PATH, checks=False),
                jobexp("consents", CONSENTS_PATH, checks=True),
                jobexp("consents_off", CONSENTS_PATH, checks=False),
                Target(
                    "bare", f"bare Starlette GET {BARE_PATH}", bare.base + BARE_PATH, {}, bare.pid
                ),
            ]
            for target in targets:
                check_once(target)
            measure(targets, plan, progress)
    return figures_of({t.name: t for t in targets}, plan)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="2 short rounds per target")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
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
