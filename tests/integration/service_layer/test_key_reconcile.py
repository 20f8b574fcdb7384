"""The sweep's last pass: a data key whose account is gone is destroyed (D7, D8)."""

from __future__ import annotations

from sqlalchemy import select

from jobexp.adapters import tables as t
from jobexp.clock import ManualClock
from jobexp.service_layer import retention
from jobexp.service_layer.context import Services
from jobexp.service_layer.key_reconcile import GRACE, destroy_orphan_keys
from tests.support.deletion import vault_keys
from tests.support.factories import sign_up


def test_a_key_with_no_account_is_destroyed_and_audited(svc: Services, clock: ManualClock) -> None:
    kept = sign_up(svc, "kept@example.com")
    svc.vault.put("0" * 32, b"left by a sign-up whose commit failed", clock.now())
    clock.advance(GRACE * 2)
    assert destroy_orphan_keys(svc) == 1
    assert set(vault_keys(svc)) == {kept}
    with svc.database.engine.connect() as connection:
        actions = connection.execute(select(t.audit_log.c.action)).scalars().all()
    assert "retention:data_keys:deleted" in actions


def test_a_sign_up_in_flight_keeps_its_key(svc: Services, clock: ManualClock) -> None:
    svc.vault.put("0" * 32, b"its account commits in a moment", clock.now())
    assert destroy_orphan_keys(svc) == 0
    assert set(vault_keys(svc)) == {"0" * 32}


def test_a_dry_run_counts_orphan_keys_and_destroys_none(svc: Services, clock: ManualClock) -> None:
    svc.vault.put("0" * 32, b"orphan", clock.now())
    clock.advance(GRACE * 2)
    assert retention.plan(svc)[-1] == retention.TableResult(
        "data_keys", "account_identifier", "delete", 1
    )
    assert set(vault_keys(svc)) == {"0" * 32}
