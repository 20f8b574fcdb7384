"""Which clauses are proven by a passing conformance test: the pure half of `policy verify`.

Conformance tests carry `@pytest.mark.clause("8a")`; a pytest plugin (tests/conformance)
writes one JSON record per test run. This module reads those records and says, per clause in
document order, which code enforces it and whether a conformance test shows that it does.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from jobexp.policy.model import Policy

__all__ = [
    "ClauseStatus",
    "Outcome",
    "Status",
    "TestRun",
    "clause_statuses",
    "parse_results",
    "summary",
]

Outcome = Literal["passed", "failed", "skipped"]
Status = Literal["covered", "failing", "not yet covered"]
RESULTS_ENV = "JOBEXP_CLAUSE_RESULTS"  # where the pytest plugin writes its JSON records
OUTCOMES: tuple[str, ...] = ("passed", "failed", "skipped")


@dataclass(frozen=True)
class TestRun:
    """One run of one conformance test (a parametrized test runs once per parameter)."""

    __test__ = False  # not a pytest test class, despite the name

    test: str  # the node id without parameters: one name however many backends it ran on
    clauses: tuple[str, ...]
    outcome: Outcome


@dataclass(frozen=True)
class TestOutcome:
    __test__ = False

    test: str
    outcome: Outcome  # failed if any run failed, passed if any passed, else skipped


@dataclass(frozen=True)
class ClauseStatus:
    clause: str
    enforcers: tuple[tuple[str, bool], ...]  # dotted name, whether it resolves to real code
    tests: tuple[TestOutcome, ...]
    status: Status

    @property
    def missing_enforcers(self) -> tuple[str, ...]:
        return tuple(name for name, found in self.enforcers if not found)


def parse_results(text: str) -> list[TestRun]:
    """Records as the plugin writes them: [{"nodeid", "clauses", "outcome"}, ...]."""
    runs = []
    for record in json.loads(text):
        outcome = record["outcome"]
        if outcome not in OUTCOMES:
            raise ValueError(f"unknown test outcome {outcome!r}")
        runs.append(
            TestRun(
                test=str(record["nodeid"]).split("[", 1)[0],
                clauses=tuple(str(c) for c in record["clauses"]),
                outcome=outcome,
            )
        )
    return runs


def clause_statuses(
    policy: Policy, runs: Iterable[TestRun], resolves: Callable[[str], bool]
) -> list[ClauseStatus]:
    """One status per clause of the policy, in document order."""
    by_clause: dict[str, dict[str, list[Outcome]]] = {}
    for run in runs:
        for clause in run.clauses:
            by_clause.setdefault(clause, {}).setdefault(run.test, []).append(run.outcome)
    return [
        _status(
            clause.id,
            tuple((name, resolves(name)) for name in clause.enforced_by),
            tuple(
                TestOutcome(test, _combined(o)) for test, o in by_clause.get(clause.id, {}).items()
            ),
        )
        for clause in policy.clauses
    ]


def _combined(outcomes: Sequence[Outcome]) -> Outcome:
    if "failed" in outcomes:
        return "failed"
    return "passed" if "passed" in outcomes else "skipped"


def _status(
    clause: str, enforcers: tuple[tuple[str, bool], ...], tests: tuple[TestOutcome, ...]
) -> ClauseStatus:
    outcomes = {t.outcome for t in tests}
    status: Status
    if "failed" in outcomes:
        status = "failing"  # a broken promise outweighs any test that still passes
    elif "passed" in outcomes:
        status = "covered"
    else:
        status = "not yet covered"
    return ClauseStatus(clause, enforcers, tests, status)


def unknown_clauses(policy: Policy, runs: Iterable[TestRun]) -> list[str]:
    """Clause ids that tests name but the policy does not have (a typo in a marker)."""
    known = {c.id for c in policy.clauses}
    return sorted({c for run in runs for c in run.clauses if c not in known})


def summary(statuses: Sequence[ClauseStatus]) -> str:
    """One plain sentence: all covered, or how many are failing and not yet covered."""
    total = len(statuses)
    failing = sum(s.status == "failing" for s in statuses)
    uncovered = sum(s.status == "not yet covered" for s in statuses)
    covered = total - failing - uncovered
    if covered == total:
        return f"All {total} clauses are covered by a passing conformance test."
    parts = [f"{covered} of {total} clauses are covered by a passing conformance test."]
    if failing:
        parts.append(f"{failing} of {total} clauses have a failing conformance test.")
    if uncovered:
        parts.append(
            f"{uncovered} of {total} clauses are not yet covered by a conformance test: later "
            "issues (retention, deletion, disclosure) will cover them."
        )
    return " ".join(parts)
