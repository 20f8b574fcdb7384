"""The purpose check against pycasbin enforcing the same decisions, in the same run.

    python -m bench.bench_purpose [--quick] [--requests N] [--json PATH]

JobExp's side is the function the service calls on every access,
`PurposeRules.decide(Access(purpose, (category,)), UserChoices | None, today)`, with the rules
compiled from the packaged policy.yaml. pycasbin's side is a `casbin.Enforcer` whose model is
the text below and whose policy lines are generated from the same policy.yaml: one line per
(purpose, category) the policy allows, saying whether consent is required. The request carries
(subject, purpose, category, consent present).

A deterministic workload (random subjects, purposes including unknown ones, categories including
device-only, unknown and not-allowed ones, consent present or absent) is decided by every
engine first; the allow/deny vectors must be identical or the benchmark fails (exit 1). Then
the engines are timed in alternating rounds over the same workload and the medians compared.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from importlib.metadata import version
from pathlib import Path
from typing import Any

import casbin
from casbin.model import FastModel, Model

from jobexp.domain.purposes import CONSENT_BASES, NO_RECIPIENT, Access, PurposeRules, UserChoices
from jobexp.policy.loader import load_policy
from jobexp.policy.model import Policy

AIM = 10.0  # JobExp's decisions/s at least this many times pycasbin's
SEED = 20261129
TODAY = date(2026, 11, 29)
UNKNOWN_PURPOSES = ("ad_targeting", "data_brokerage", "")
UNKNOWN_CATEGORIES = ("biometrics", "health_records", "")
CONSENT_REQUIRED, CONSENT_NOT_REQUIRED = "required", "not_required"
PRESENT, ABSENT = "present", "absent"
ANY_SUBJECT = "*"

# p.sub is always "*" (the policy is the same for every subject); it is there so that the request
# and policy fields line up position by position, which FastEnforcer's index needs.
CASBIN_MODEL = f"""
[request_definition]
r = sub, purpose, category, consent

[policy_definition]
p = sub, purpose, category, consent

[policy_effect]
e = some(where (p.eft == allow))

[matchers]
m = r.purpose == p.purpose && r.category == p.category \
&& (p.consent == "{CONSENT_NOT_REQUIRED}" || r.consent == "{PRESENT}")
"""
FAST_KEY_ORDER = (1, 2)  # FastEnforcer narrows the policy lines on (purpose, category) first


class BenchError(Exception):
    """The engines disagreed, or the workload could not be built."""


@dataclass(frozen=True)
class Plan:
    requests: int
    rounds: int
    min_sample_s: float  # JobExp repeats the workload within a round until it has run this long


FULL = Plan(requests=20_000, rounds=5, min_sample_s=0.5)
QUICK = Plan(requests=5_000, rounds=3, min_sample_s=0.2)


# --- the two engines, built from one policy ---------------------------------------------------


def casbin_policy_lines(policy: Policy) -> list[list[str]]:
    """One allow line per (purpose, category) the policy permits on the server.

    Device-only categories get no line: the policy forbids any server-side purpose to touch
    them whatever the purpose lists (clauses 1a, 1c, 9c), as `PurposeRules` does.
    """
    device_only = {c.id for c in policy.categories if c.processed_on == "device"}
    lines: list[list[str]] = []
    for purpose in policy.purposes:
        consent = CONSENT_REQUIRED if purpose.legal_basis in CONSENT_BASES else CONSENT_NOT_REQUIRED
        lines.extend(
            [ANY_SUBJECT, purpose.id, category, consent]
            for category in purpose.categories
            if category not in device_only
        )
    return lines


def casbin_enforcer(lines: Sequence[Sequence[str]], *, fast: bool = False) -> Any:
    """A pycasbin enforcer with the model from text and the lines added programmatically."""
    model = FastModel(list(FAST_KEY_ORDER)) if fast else Model()
    model.load_model_from_text(CASBIN_MODEL)
    enforcer = (
        casbin.FastEnforcer(model, cache_key_order=list(FAST_KEY_ORDER))
        if fast
        else casbin.Enforcer(model)
    )
    enforcer.add_policies([list(line) for line in lines])
    return enforcer


# --- the workload -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Request:
    subject: str
    purpose: str
    category: str
    choices: UserChoices | None  # None: a subject whose choices are not known (never consented)

    @property
    def consent(self) -> bool:
        return self.choices is not None and (self.purpose, NO_RECIPIENT) in self.choices.consents


@dataclass
class Workload:
    requests: list[Request]
    jobexp: list[tuple[Access, UserChoices | None]] = field(default_factory=list)
    casbin: list[tuple[str, str, str, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        # The inputs each engine takes, built once: the timed loops only decide.
        self.jobexp = [(Access(r.purpose, (r.category,)), r.choices) for r in self.requests]
        self.casbin = [
            (r.subject, r.purpose, r.category, PRESENT if r.consent else ABSENT)
            for r in self.requests
        ]


def make_workload(policy: Policy, n: int, seed: int = SEED) -> Workload:
    rng = random.Random(seed)
    purposes = [p.id for p in policy.purposes]
    consent_based = [p.id for p in policy.purposes if p.legal_basis in CONSENT_BASES]
    own = {p.id: list(p.categories) for p in policy.purposes}
    categories = [c.id for c in policy.categories]
    device_only = [c.id for c in policy.categories if c.processed_on == "device"]
    if not device_only or not consent_based:
        raise BenchError("the policy has no device-only category or no consent-based purpose")

    subjects: list[tuple[str, UserChoices | None]] = []
    for number in range(500):
        choices = None
        if rng.random() >= 0.1:  # one subject in ten is unknown to the consent store
            granted = [p for p in consent_based if rng.random() < 0.5]
            choices = UserChoices(frozenset((p, NO_RECIPIENT) for p in granted), 1)
        subjects.append((f"user-{number:04d}", choices))

    requests = []
    for _ in range(n):
        subject, choices = rng.choice(subjects)
        roll = rng.random()
        if roll < 0.08:
            purpose = rng.choice(UNKNOWN_PURPOSES)
        elif roll < 0.58:
            purpose = rng.choice(consent_based)
        else:
            purpose = rng.choice(purposes)
        roll = rng.random()
        if roll < 0.55 and own.get(purpose):
            category = rng.choice(own[purpose])  # may still be device-only
        elif roll < 0.70:
            category = rng.choice(device_only)
        elif roll < 0.75:
            category = rng.choice(UNKNOWN_CATEGORIES)
        else:
            category = rng.choice(categories)  # mostly not allowed for this purpose
        requests.append(Request(subject, purpose, category, choices))
    return Workload(requests)


# --- deciding and timing ----------------------------------------------------------------------

Engine = Callable[[Workload, int], float]  # (workload, passes) -> seconds


def jobexp_decisions(rules: PurposeRules, work: Workload) -> list[bool]:
    return [rules.decide(access, choices, TODAY).allowed for access, choices in work.jobexp]


def casbin_decisions(enforcer: Any, work: Workload) -> list[bool]:
    return [bool(enforcer.enforce(*request)) for request in work.casbin]


def time_jobexp(rules: PurposeRules) -> Engine:
    def run(work: Workload, passes: int) -> float:
        decide = rules.decide
        calls = work.jobexp
        start = time.perf_counter()
        for _ in range(passes):
            for access, choices in calls:
                decide(access, choices, TODAY)
        return time.perf_counter() - start

    return run


def time_casbin(enforcer: Any) -> Engine:
    def run(work: Workload, passes: int) -> float:
        enforce = enforcer.enforce
        calls = work.casbin
        start = time.perf_counter()
        for _ in range(passes):
            for request in calls:
                enforce(*request)
        return time.perf_counter() - start

    return run


@dataclass
class EngineResult:
    name: str
    label: str
    passes: int = 1
    rates: list[float] = field(default_factory=list)  # decisions per second, one per round

    @property
    def median(self) -> float:
        return statistics.median(self.rates)


def check_same(work: Workload, reference: list[bool], other: list[bool], name: str) -> None:
    if reference == other:
        return
    wrong = [i for i, (a, b) in enumerate(zip(reference, other, strict=True)) if a != b]
    lines = [
        f"  #{i}: {work.requests[i].purpose!r} {work.requests[i].category!r} "
        f"consent={work.requests[i].consent} JobExp={reference[i]} {name}={other[i]}"
        for i in wrong[:10]
    ]
    raise BenchError(
        f"{name} and JobExp disagree on {len(wrong)} of {len(reference)} decisions:\n"
        + "\n".join(lines)
    )


def calibrate(engine: Engine, work: Workload, min_seconds: float) -> int:
    """Passes over the workload that make one timed sample last at least `min_seconds`."""
    once = max(engine(work, 1), 1e-6)
    return max(1, round(min_seconds / once + 0.5))


def measure(
    engines: list[tuple[EngineResult, Engine]], work: Workload, plan: Plan, progress: bool
) -> None:
    for result, engine in engines:
        result.passes = calibrate(engine, work, plan.min_sample_s)
    for round_no in range(plan.rounds):
        order = engines if round_no % 2 == 0 else list(reversed(engines))
        for result, engine in order:
            seconds = engine(work, result.passes)
            result.rates.append(len(work.requests) * result.passes / seconds)
            if progress:
                print(
                    f"  round {round_no + 1}/{plan.rounds}  {result.label:<34} "
                    f"{result.rates[-1]:>12,.0f} decisions/s",
                    file=sys.stderr,
                    flush=True,
                )


def run(plan: Plan, progress: bool = True) -> dict[str, Any]:
    """Build, cross-check and time the engines; the figures (raises BenchError on disagreement)."""
    policy = load_policy()
    rules = PurposeRules.compile(policy, ())
    lines = casbin_policy_lines(policy)
    work = make_workload(policy, plan.requests)

    reasons = Counter(rules.decide(a, c, TODAY).reason for a, c in work.jobexp)
    reference = jobexp_decisions(rules, work)
    enforcer = casbin_enforcer(lines)
    fast = casbin_enforcer(lines, fast=True)
    # Deciding the whole workload once is also each engine's warm-up.
    check_same(work, reference, casbin_decisions(enforcer, work), "pycasbin Enforcer")
    check_same(work, reference, casbin_decisions(fast, work), "pycasbin FastEnforcer")

    jobexp = EngineResult("jobexp", "JobExp PurposeRules.decide")
    base = EngineResult("casbin", "pycasbin Enforcer")
    indexed = EngineResult("casbin_fast", "pycasbin FastEnforcer (indexed)")
    measure(
        [
            (jobexp, time_jobexp(rules)),
            (base, time_casbin(enforcer)),
            (indexed, time_casbin(fast)),
        ],
        work,
        plan,
        progress,
    )
    return {
        "plan": asdict(plan),
        "python": platform.python_version(),
        "pycasbin": version("pycasbin"),
        "policy_version": policy.version,
        "casbin_model": CASBIN_MODEL.strip(),
        "casbin_policy_lines": len(lines),
        "requests": len(work.requests),
        "allowed": sum(reference),
        "reasons": dict(reasons.most_common()),
        "consent_present": sum(r.consent for r in work.requests),
        "decisions_identical": True,
        "engines": {
            r.name: {
                "label": r.label,
                "median_decisions_per_s": r.median,
                "passes_per_round": r.passes,
                "rounds": r.rates,
            }
            for r in (jobexp, base, indexed)
        },
        "ratio": jobexp.median / base.median,
        "ratio_fast": jobexp.median / indexed.median,
        "aim": AIM,
        "aim_met": jobexp.median / base.median >= AIM,
    }


def report(figures: dict[str, Any]) -> None:
    plan = figures["plan"]
    engines = figures["engines"]
    print()
    print(
        f"Purpose check vs pycasbin {figures['pycasbin']}: {figures['requests']} requests, "
        f"{plan['rounds']} alternating round(s), median; Python {figures['python']}, "
        f"{figures['casbin_policy_lines']} casbin policy lines from policy.yaml"
    )
    reasons = ", ".join(f"{key} {count}" for key, count in figures["reasons"].items())
    print(
        f"workload: {figures['allowed']} allowed / {figures['requests'] - figures['allowed']} "
        f"refused, consent present on {figures['consent_present']}; JobExp reasons: {reasons}"
    )
    print("decisions identical across the three engines: yes")
    header = f"{'engine':<36}{'decisions/s (median)':>21}{'us/decision':>13}  rounds"
    print(header)
    print("-" * len(header))
    for name in ("casbin", "casbin_fast", "jobexp"):
        engine = engines[name]
        rounds = " ".join(f"{rate:,.0f}" for rate in engine["rounds"])
        median = engine["median_decisions_per_s"]
        print(f"{engine['label']:<36}{median:>21,.0f}{1e6 / median:>13.2f}  {rounds}")
    print("-" * len(header))
    per_round = " ".join(
        f"{a / b:,.0f}"
        for a, b in zip(engines["jobexp"]["rounds"], engines["casbin"]["rounds"], strict=True)
    )
    print(
        f"ratio JobExp/pycasbin Enforcer: {figures['ratio']:,.1f}x   aim >= {AIM:.0f}x: "
        f"{'MET' if figures['aim_met'] else 'NOT MET'}   (per round: {per_round})"
    )
    print(f"ratio JobExp/pycasbin FastEnforcer: {figures['ratio_fast']:,.1f}x   (for information)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a smaller workload, 3 rounds")
    parser.add_argument("--requests", type=int, help="workload size (default 20000, quick 5000)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    plan = QUICK if args.quick else FULL
    if args.requests:
        plan = Plan(args.requests, plan.rounds, plan.min_sample_s)
    try:
        figures = run(plan)
    except BenchError as error:
        print(f"bench: FAILED: {error}", file=sys.stderr)
        return 1
    report(figures)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
