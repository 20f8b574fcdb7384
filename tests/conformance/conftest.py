"""Conformance tests: each proves one promise of the published policy against the real code.

Every test names its clause with `@pytest.mark.clause("8a")` (one or more ids). When
JOBEXP_CLAUSE_RESULTS names a file, the outcome of every marked test is written there as JSON
for `jobexp policy verify`, which runs this directory and reports coverage per clause.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import httpx
import pytest

from jobexp.domain.purposes import PurposeRules
from jobexp.entrypoints.app import create_app
from jobexp.policy.loader import load_policy
from jobexp.policy.model import Policy
from jobexp.policy.verify import RESULTS_ENV
from jobexp.service_layer.context import Services
from tests.support.live_server import live_server

_collected: list[dict[str, object]] = []  # this process's records, written at the end


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "clause(*ids): the policy clause(s) this conformance test proves"
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Refuse an unknown clause id; carry the ids on each report (also across xdist workers)."""
    declared = load_policy().clause_ids
    for item in items:
        ids = tuple(i for marker in item.iter_markers("clause") for i in marker.args)
        if not ids:
            continue
        unknown = [i for i in ids if i not in declared]
        if unknown:
            raise pytest.UsageError(f"{item.nodeid}: unknown clause id(s) {', '.join(unknown)}")
        item.user_properties.append(("clauses", list(ids)))


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    clauses = next((value for key, value in report.user_properties if key == "clauses"), None)
    if clauses is None:
        return
    if report.failed:
        outcome = "failed"  # a failing setup or teardown breaks the promise as much as the call
    elif report.skipped:
        outcome = "skipped"
    elif report.when == "call":
        outcome = "passed"
    else:
        return
    _record(report.nodeid, clauses, outcome)


def _record(nodeid: str, clauses: object, outcome: str) -> None:
    _collected.append({"nodeid": nodeid, "clauses": clauses, "outcome": outcome})


def pytest_sessionfinish(session: pytest.Session) -> None:
    target = os.environ.get(RESULTS_ENV)
    if not target or hasattr(session.config, "workerinput"):  # xdist: the controller writes
        return
    Path(target).write_text(json.dumps(_collected, indent=1), encoding="utf-8")


# -- Fixtures ------------------------------------------------------------------------------

TODAY = date(2026, 11, 30)  # the suite's clock; every partner grant is still live


@pytest.fixture(scope="session")
def policy() -> Policy:
    """The policy shipped with JobExp: the one a fresh deployment publishes as release 1."""
    return load_policy()


@pytest.fixture(scope="session")
def rules(policy: Policy) -> PurposeRules:
    """The purpose check compiled from the shipped policy, as the service compiles it."""
    return PurposeRules.compile(policy)


@pytest.fixture
def client(svc: Services) -> Iterator[httpx.Client]:
    """An HTTP client for the app served by uvicorn on loopback."""
    with live_server(create_app(svc)) as url, httpx.Client(base_url=url, timeout=30) as http:
        yield http
