"""The audit chain in a real database: tamper-evident, and one chain under concurrency."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import delete, select, update

from jobexp.adapters import tables as t
from jobexp.domain.audit import AuditEvent
from jobexp.service_layer import audit
from jobexp.service_layer.context import Services


def _append(svc: Services, count: int, prefix: str = "test:event") -> None:
    for i in range(count):
        audit.record_alone(svc, AuditEvent(f"{prefix}:{i}"))


def _execute(svc: Services, statement: object) -> None:
    with svc.database.engine.begin() as connection:
        connection.execute(statement)  # type: ignore[call-overload]


def test_appended_events_verify(svc: Services) -> None:
    _append(svc, 10)
    assert audit.verify(svc) is None


def test_an_edited_entry_is_named(svc: Services) -> None:
    _append(svc, 5)
    _execute(svc, update(t.audit_log).where(t.audit_log.c.seq == 3).values(outcome="failure"))
    broken = audit.verify(svc)
    assert broken is not None and broken.seq == 3


def test_a_removed_entry_is_named(svc: Services) -> None:
    _append(svc, 5)
    _execute(svc, delete(t.audit_log).where(t.audit_log.c.seq == 2))
    broken = audit.verify(svc)
    assert broken is not None and broken.seq == 2


def test_removing_the_newest_entries_is_caught(svc: Services) -> None:
    _append(svc, 5)
    _execute(svc, delete(t.audit_log).where(t.audit_log.c.seq >= 4))
    broken = audit.verify(svc)
    assert broken is not None and broken.seq == 4


def test_reordered_entries_are_caught(svc: Services) -> None:
    _append(svc, 5)
    _execute(svc, update(t.audit_log).where(t.audit_log.c.seq == 2).values(seq=-2))
    _execute(svc, update(t.audit_log).where(t.audit_log.c.seq == 3).values(seq=2))
    _execute(svc, update(t.audit_log).where(t.audit_log.c.seq == -2).values(seq=3))
    broken = audit.verify(svc)
    assert broken is not None and broken.seq == 2


def test_concurrent_writers_build_one_unbroken_chain(svc: Services) -> None:
    with ThreadPoolExecutor(max_workers=6) as pool:
        futures = [pool.submit(_append, svc, 15, f"test:worker{w}") for w in range(6)]
    for future in futures:
        future.result()
    assert audit.verify(svc) is None
    with svc.database.engine.connect() as connection:
        seqs = list(
            connection.execute(select(t.audit_log.c.seq).order_by(t.audit_log.c.seq)).scalars()
        )
    assert seqs == list(range(1, 91))


def test_an_event_in_a_rolled_back_transaction_leaves_no_trace(svc: Services) -> None:
    with svc.uow() as uow:
        audit.record(uow, svc, AuditEvent("test:event:abandoned"))
    assert audit.verify(svc) is None
    with svc.database.engine.connect() as connection:
        assert connection.execute(select(t.audit_log)).first() is None
