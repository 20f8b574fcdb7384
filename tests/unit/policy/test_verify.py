"""Per-clause coverage from conformance test records (the pure half of `policy verify`)."""

from __future__ import annotations

import json

import pytest

from jobexp.policy import Policy
from jobexp.policy.ids import ClauseId
from jobexp.policy.verify import TestRun, clause_statuses, parse_results, summary, unknown_clauses


def _run(test: str, outcome: str, *clauses: str) -> TestRun:
    return TestRun(test, clauses, outcome)  # type: ignore[arg-type]


def _statuses(policy: Policy, *runs: TestRun) -> dict[str, str]:
    return {s.clause: s.status for s in clause_statuses(policy, runs, lambda _name: True)}


def test_every_clause_gets_a_row_in_document_order(shipped: Policy) -> None:
    statuses = clause_statuses(shipped, [], lambda _name: True)

    assert [s.clause for s in statuses] == list(ClauseId)
    assert {s.status for s in statuses} == {"not yet covered"}


def test_a_passing_test_covers_each_clause_it_names(shipped: Policy) -> None:
    statuses = _statuses(shipped, _run("t.py::test_a", "passed", "8a", "7a"))

    assert (statuses["8a"], statuses["7a"], statuses["P1"]) == (
        "covered",
        "covered",
        "not yet covered",
    )


def test_one_failing_run_makes_the_clause_failing_even_beside_passing_tests(
    shipped: Policy,
) -> None:
    statuses = _statuses(
        shipped,
        _run("t.py::test_a", "passed", "8a"),
        _run("t.py::test_b", "passed", "8a"),
        _run("t.py::test_b", "failed", "8a"),  # the same test on the other backend
    )

    assert statuses["8a"] == "failing"


def test_a_skipped_test_covers_nothing(shipped: Policy) -> None:
    assert _statuses(shipped, _run("t.py::test_a", "skipped", "10"))["10"] == "not yet covered"


def test_parametrized_runs_are_one_test(shipped: Policy) -> None:
    text = json.dumps(
        [
            {"nodeid": "t.py::test_a[sqlite]", "clauses": ["8a"], "outcome": "passed"},
            {"nodeid": "t.py::test_a[postgresql]", "clauses": ["8a"], "outcome": "passed"},
        ]
    )

    (status,) = [s for s in clause_statuses(shipped, parse_results(text), bool) if s.clause == "8a"]

    assert [(t.test, t.outcome) for t in status.tests] == [("t.py::test_a", "passed")]


def test_an_unknown_outcome_in_the_records_is_refused() -> None:
    with pytest.raises(ValueError, match="outcome"):
        parse_results('[{"nodeid": "t", "clauses": ["8a"], "outcome": "maybe"}]')


def test_enforcers_that_do_not_resolve_are_marked_missing(shipped: Policy) -> None:
    statuses = clause_statuses(shipped, [], lambda name: not name.endswith("verify_chain"))
    (row,) = [s for s in statuses if s.clause == "8a"]

    assert row.missing_enforcers == ("jobexp.domain.audit.verify_chain",)


def test_tests_naming_clauses_the_policy_lacks_are_reported(shipped: Policy) -> None:
    assert unknown_clauses(shipped, [_run("t.py::x", "passed", "8a", "12z")]) == ["12z"]


def test_the_summary_counts_what_is_not_yet_covered(shipped: Policy) -> None:
    statuses = clause_statuses(
        shipped,
        [_run("t::a", "passed", "8a"), _run("t::b", "failed", "7a")],
        lambda _name: True,
    )

    assert summary(statuses) == (
        "1 of 42 clauses are covered by a passing conformance test. "
        "1 of 42 clauses have a failing conformance test. "
        "40 of 42 clauses are not yet covered by a conformance test: later issues "
        "(retention, deletion, disclosure) will cover them."
    )


def test_the_summary_says_so_when_everything_is_covered(shipped: Policy) -> None:
    runs = [_run("t::a", "passed", *ClauseId)]

    assert summary(clause_statuses(shipped, runs, lambda _name: True)) == (
        "All 42 clauses are covered by a passing conformance test."
    )
