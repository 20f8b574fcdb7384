"""The disclosure ledger in a real database: appended with the share, tamper-evident."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import delete, update

from jobexp.adapters import tables as t
from jobexp.bootstrap import Overrides, bootstrap
from jobexp.clock import ManualClock
from jobexp.domain.disclosures import Disclosure
from jobexp.service_layer import ledger
from jobexp.service_layer.context import Services
from jobexp.types import UserId
from tests.support.factories import sign_up

SHARE = Disclosure(
    "navigation_provider", "navigation_share", "5b", ("location_precise",), ("destination",)
)


def _share(svc: Services, user_id: UserId | None, disclosure: Disclosure = SHARE) -> int:
    with svc.uow() as uow:
        seq = ledger.record(uow, svc, user_id, disclosure)
        uow.commit()
    return seq


def _execute(svc: Services, statement: object) -> None:
    with svc.database.engine.begin() as connection:
        connection.execute(statement)  # type: ignore[call-overload]


def test_recorded_disclosures_verify(svc: Services) -> None:
    user = sign_up(svc)
    for _ in range(3):
        _share(svc, user)
    assert ledger.verify(svc) is None
    assert ledger.count(svc) == 3


def test_an_entry_rolled_back_with_its_share_leaves_no_trace(svc: Services) -> None:
    user = sign_up(svc)
    with svc.uow() as uow:
        ledger.record(uow, svc, user, SHARE)  # no commit: the share did not happen
    assert ledger.count(svc) == 0
    assert _share(svc, user) == 1


def test_writers_in_two_processes_extend_one_chain(svc: Services, clock: ManualClock) -> None:
    other = bootstrap(svc.settings, Overrides(clock=clock))  # its own idea of the head
    user = sign_up(svc)
    try:
        seqs = [_share(writer, user) for writer in (svc, svc, other, svc, other, other, svc)]
    finally:
        other.database.engine.dispose()
    assert seqs == list(range(1, 8))
    assert ledger.verify(svc) is None


def test_the_user_sees_their_own_entries_only(svc: Services) -> None:
    alice, bob = sign_up(svc), sign_up(svc, "bob@example.com")
    _share(svc, alice)
    _share(svc, bob)
    _share(svc, alice)
    assert [e.seq for e in ledger.history(svc, alice)] == [3, 1]


def test_a_notice_hold_hides_the_entry_until_its_end_date(
    svc: Services, clock: ManualClock
) -> None:
    user = sign_up(svc)
    hold_end = (clock.now() + timedelta(days=10)).date()
    _share(
        svc,
        user,
        Disclosure(
            "authority",
            "legal_disclosure",
            "5c",
            ("account_identifier",),
            reference="case 42",
            hold_until=hold_end,
        ),
    )
    assert ledger.history(svc, user) == []
    assert len(ledger.history(svc, user, include_held=True)) == 1
    clock.advance(timedelta(days=11))
    assert len(ledger.history(svc, user)) == 1


def test_an_edited_entry_is_named(svc: Services) -> None:
    user = sign_up(svc)
    for _ in range(4):
        _share(svc, user)
    _execute(
        svc,
        update(t.disclosure_ledger)
        .where(t.disclosure_ledger.c.seq == 2)
        .values(recipient="marketing_partner"),
    )
    broken = ledger.verify(svc)
    assert broken is not None and broken.seq == 2


def test_a_removed_newest_entry_is_caught(svc: Services) -> None:
    user = sign_up(svc)
    for _ in range(3):
        _share(svc, user)
    _execute(svc, delete(t.disclosure_ledger).where(t.disclosure_ledger.c.seq == 3))
    broken = ledger.verify(svc)
    assert broken is not None and broken.seq == 3


def test_a_hold_date_round_trips(svc: Services) -> None:
    user = sign_up(svc)
    _share(
        svc,
        user,
        Disclosure(
            "authority",
            "legal_disclosure",
            "5c",
            ("account_identifier",),
            hold_until=date(2030, 1, 1),
        ),
    )
    (entry,) = ledger.history(svc, user, include_held=True)
    assert entry.disclosure.hold_until == date(2030, 1, 1)
