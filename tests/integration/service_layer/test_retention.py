"""The retention sweep ends what the policy says has expired, and nothing else."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Table, func, insert, select, update

from jobexp.adapters import tables as t
from jobexp.bootstrap import Overrides, bootstrap
from jobexp.clock import ManualClock
from jobexp.config import Settings
from jobexp.service_layer import audit, auth, policy_updates, retention
from jobexp.service_layer.context import RequestContext, Services
from tests.support.deletion import vault_keys
from tests.support.factories import API, PASSWORD, sign_up
from tests.support.policy_files import Data, edited

DAY = timedelta(days=1)
CLI = RequestContext(None, "cli")


def _add_access_rows(svc: Services, at: datetime, count: int) -> None:
    row = {"ip_prefix": "203.0.113.0/24", "browser": "firefox", "language": "en"}
    rows = [{**row, "at": at, "method": "GET", "path": "/", "status": 200}] * count
    with svc.database.engine.begin() as connection:
        connection.execute(insert(t.access_log), rows)


def _count(svc: Services, table: Table) -> int:
    with svc.database.engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(table)).scalar_one())


def _ended(results: list[retention.TableResult]) -> dict[str, int]:
    return {r.table: r.rows for r in results if r.rows}


def test_access_log_rows_past_183_days_are_deleted_in_batches_and_newer_ones_kept(
    svc: Services, clock: ManualClock
) -> None:
    now = clock.now()
    _add_access_rows(svc, now - 184 * DAY, 25)
    _add_access_rows(svc, now - 182 * DAY, 3)
    seen: list[int] = []
    results = retention.sweep(svc, batch_size=10, progress=lambda _table, n: seen.append(n))
    assert _ended(results)["access_log"] == 25
    assert sum(seen) == 25 and max(seen) <= 10 and len(seen) >= 3
    assert _count(svc, t.access_log) == 3


def test_a_second_sweep_does_nothing(svc: Services, clock: ManualClock) -> None:
    _add_access_rows(svc, clock.now() - 200 * DAY, 5)
    retention.sweep(svc)
    entries = audit.count(svc)
    assert _ended(retention.sweep(svc)) == {}
    assert audit.count(svc) == entries


def test_a_dry_run_counts_per_table_and_changes_nothing(svc: Services, clock: ManualClock) -> None:
    _add_access_rows(svc, clock.now() - 200 * DAY, 7)
    assert _ended(retention.plan(svc))["access_log"] == 7
    assert _count(svc, t.access_log) == 7


def test_an_account_inactive_past_its_period_is_deleted_with_everything_it_owns(
    svc: Services, clock: ManualClock
) -> None:
    idle = sign_up(svc, "idle@example.com")
    active = sign_up(svc, "active@example.com")
    clock.advance(1000 * DAY)
    auth.log_in(svc, auth.Credentials("active@example.com", PASSWORD), API)
    clock.advance(96 * DAY)
    results = _ended(retention.sweep(svc))
    assert results["users"] == 1
    with svc.database.engine.connect() as connection:
        left = set(connection.execute(select(t.users.c.id)).scalars())
        consents = set(connection.execute(select(t.policy_acceptances.c.user_id)).scalars())
    keys = set(vault_keys(svc))
    assert left == keys == consents == {active}
    assert idle not in left


def test_sessions_past_120_days_are_deleted(svc: Services, clock: ManualClock) -> None:
    sign_up(svc)
    auth.log_in(svc, auth.Credentials("alice@example.com", PASSWORD), API)
    clock.advance(121 * DAY)
    auth.log_in(svc, auth.Credentials("alice@example.com", PASSWORD), API)
    assert _ended(retention.sweep(svc))["sessions"] == 1
    assert _count(svc, t.sessions) == 1


def test_pruning_the_audit_log_keeps_the_chain_verifiable(
    svc: Services, clock: ManualClock
) -> None:
    sign_up(svc)
    for _ in range(5):
        auth.log_in(svc, auth.Credentials("alice@example.com", PASSWORD), API)
    clock.advance(184 * DAY)
    auth.log_in(svc, auth.Credentials("alice@example.com", PASSWORD), API)
    results = _ended(retention.sweep(svc, batch_size=2))
    assert results["audit_log"] == 6  # the sign-up and the first five logins
    assert audit.verify(svc) is None
    with svc.database.engine.connect() as connection:
        first = connection.execute(select(func.min(t.audit_log.c.seq))).scalar_one()
    assert first == 7


def test_a_forged_prune_record_is_reported_by_verify(svc: Services, clock: ManualClock) -> None:
    sign_up(svc)
    clock.advance(184 * DAY)
    auth.log_in(svc, auth.Credentials("alice@example.com", PASSWORD), API)
    retention.sweep(svc)
    with svc.database.engine.begin() as connection:
        connection.execute(update(t.audit_prune).values(through_seq=2))
    problem = audit.verify(svc)
    assert problem is not None
    assert "seal" in problem.reason


def test_an_anonymized_access_log_keeps_no_address_browser_or_language(
    settings: Settings, clock: ManualClock, tmp_path: Path
) -> None:
    def anonymize_access_log(data: Data) -> None:
        category = next(c for c in data["categories"] if c["id"] == "access_log")
        category["retention"]["then"] = "anonymize"

    policy = tmp_path / "policy.yaml"
    policy.write_text(edited(anonymize_access_log), encoding="utf-8")
    svc = bootstrap(dataclasses.replace(settings, policy_file=policy), Overrides(clock=clock))
    try:
        _add_access_rows(svc, clock.now() - 200 * DAY, 4)
        assert _ended(retention.sweep(svc))["access_log"] == 4
        with svc.database.engine.connect() as connection:
            rows = connection.execute(select(t.access_log)).all()
        assert len(rows) == 4
        for row in rows:
            assert (row.ip_prefix, row.browser, row.language) == ("", "", "")
        assert _ended(retention.sweep(svc)) == {}
    finally:
        svc.database.engine.dispose()


def test_a_batch_size_below_one_is_refused(svc: Services) -> None:
    with pytest.raises(ValueError, match="batch size"):
        retention.sweep(svc, batch_size=0)


def test_a_material_update_waiting_for_acceptance_never_pauses_the_sweep(
    svc: Services, clock: ManualClock
) -> None:
    def longer_access_log(data: Data) -> None:
        category = next(c for c in data["categories"] if c["id"] == "access_log")
        category["retention"]["days"] = 200

    release = policy_updates.publish(svc, edited(longer_access_log), "longer.yaml", CLI)
    assert release.kind == "material" and "retention" in release.affected
    _add_access_rows(svc, clock.now() - 201 * DAY, 2)
    assert _ended(retention.sweep(svc))["access_log"] == 2
