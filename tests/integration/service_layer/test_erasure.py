"""Erasure (clause 10, D7): nothing of an erased account is left in any table, or readable."""

from __future__ import annotations

from datetime import timedelta

import pytest

from jobexp.adapters.erasure_plan import erasure_order
from jobexp.adapters.keys import FieldCipher, KeyUnusable
from jobexp.adapters.partner_http import HttpPartnerNotifier
from jobexp.bootstrap import partner_notifier
from jobexp.clock import ManualClock
from jobexp.domain.disclosures import Disclosure
from jobexp.domain.errors import AuthenticationFailed, NotAuthenticated
from jobexp.service_layer import auth, deletion, discontinuation, erasure, ledger
from jobexp.service_layer.context import Services
from jobexp.types import UserId
from tests.support.deletion import (
    WEB,
    all_rows,
    ciphertexts,
    rows_mentioning,
    seed_account,
    vault_keys,
)
from tests.support.factories import PASSWORD
from tests.support.partner_server import partner_endpoint

# Records that outlive the account by design and name it only by its pseudonym.
PSEUDONYMOUS_RECORDS = {"audit_log", "deletion_requests", "erasure_outbox", "legal_holds"}
AFTER_WINDOW = timedelta(hours=24, seconds=1)


def _erase_now(svc: Services, clock: ManualClock, user_id: UserId) -> erasure.RunReport:
    deletion.request_deletion(svc, user_id, PASSWORD, WEB)
    clock.advance(AFTER_WINDOW)
    return erasure.run(svc, partner_notifier(svc.settings))


def test_erased_account_leaves_no_rows_in_any_table(svc: Services, clock: ManualClock) -> None:
    target = seed_account(svc, "target@example.com", serial=1)
    other = seed_account(svc, "other@example.com", serial=2)
    discontinuation.announce(svc, 30, WEB)  # a notice row for each account
    before = all_rows(svc.database.engine)
    for table in erasure_order():  # the seed reaches every table that can hold account rows
        assert rows_mentioning({table.name: before[table.name]}, target.user_id, target.index), (
            f"seed_account puts no row in {table.name}: give it one, so this test covers it"
        )
    backup = ciphertexts(svc.database.engine, target.user_id)
    assert len(backup) >= 4  # identifier, birth date, guardian name and contact

    report = _erase_now(svc, clock, target.user_id)

    assert len(report.erased) == 1
    after = all_rows(svc.database.engine)
    assert rows_mentioning(after, target.user_id, target.index, target.device_row) == {}
    by_pseudonym = rows_mentioning(after, target.ref)
    assert set(by_pseudonym) <= PSEUDONYMOUS_RECORDS, set(by_pseudonym)
    # Nothing left, in the database or the key vault, decrypts a backup of its ciphertext.
    keys = vault_keys(svc)
    assert target.user_id not in keys and other.user_id in keys
    for wrapped in keys.values():
        cipher = FieldCipher(svc.keys.unwrap(wrapped), target.user_id)
        for field, ciphertext in backup:
            with pytest.raises(KeyUnusable):
                cipher.decrypt(field, ciphertext)
    # The other account is untouched.
    mine = rows_mentioning(before, other.user_id, other.index)
    assert rows_mentioning(after, other.user_id, other.index) == mine


def test_the_receipt_says_what_was_erased_without_personal_data(
    svc: Services, clock: ManualClock
) -> None:
    target = seed_account(svc, "target@example.com", serial=1)
    [receipt_id] = _erase_now(svc, clock, target.user_id).erased
    view = deletion.receipt(svc, receipt_id)
    assert view.state == "erased"
    assert view.summary is not None
    assert view.summary["data_key_destroyed"] is True
    assert view.summary["rows"]["users"] == 1
    assert view.summary["recipients_notified"] == ["marketing_partner", "navigation_provider"]
    assert "account_identifier" in view.summary["categories"]
    text = repr(view)
    for secret in (target.user_id, target.index, target.ref, target.identifier):
        assert secret not in text


def test_an_erased_accounts_old_tokens_and_password_no_longer_work(
    svc: Services, clock: ManualClock
) -> None:
    target = seed_account(svc, "target@example.com", serial=1)
    _erase_now(svc, clock, target.user_id)
    with pytest.raises(NotAuthenticated):
        auth.authenticate(svc, target.token, WEB)
    with pytest.raises(AuthenticationFailed):
        auth.log_in(svc, auth.Credentials(target.identifier, PASSWORD), WEB)


def test_erasure_waits_within_the_cancel_window(svc: Services, clock: ManualClock) -> None:
    target = seed_account(svc, "target@example.com", serial=1)
    deletion.request_deletion(svc, target.user_id, PASSWORD, WEB)
    clock.advance(timedelta(hours=23))
    report = erasure.run(svc, partner_notifier(svc.settings))
    assert report.scheduled == 1 and report.erased == []
    status = deletion.status(svc, target.user_id)
    assert status is not None and status.state == "scheduled"
    deletion.cancel(svc, target.user_id, WEB)
    clock.advance(timedelta(days=5))
    assert erasure.run(svc, partner_notifier(svc.settings)).erased == []
    assert auth.authenticate(svc, target.token, WEB).user_id == target.user_id


def test_a_legal_hold_freezes_erasure_until_released(svc: Services, clock: ManualClock) -> None:
    target = seed_account(svc, "target@example.com", serial=1)
    deletion.place_hold(svc, target.ref, "court order 2026-17", "legal@jobexp")
    assert deletion.is_under_legal_hold(svc, target.user_id)
    report = _erase_now(svc, clock, target.user_id)
    assert report.erased == [] and report.held == [target.ref]
    status = deletion.status(svc, target.user_id)
    assert status is not None and status.state == "on_hold"
    assert auth.authenticate(svc, target.token, WEB).user_id == target.user_id  # frozen, kept

    assert deletion.release_hold(svc, target.ref, "legal@jobexp") == 1
    assert not deletion.is_under_legal_hold(svc, target.user_id)
    assert len(erasure.run(svc, partner_notifier(svc.settings)).erased) == 1


def test_an_interrupted_erasure_resumes_where_it_stopped(
    svc: Services, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = seed_account(svc, "target@example.com", serial=1)
    deletion.request_deletion(svc, target.user_id, PASSWORD, WEB)
    clock.advance(AFTER_WINDOW)
    erasure.schedule_requested(svc)
    real = erasure._erase_table
    calls = 0

    def crash_on_third(*args: object) -> None:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise RuntimeError("power cut")
        real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(erasure, "_erase_table", crash_on_third)
    request = deletion.status(svc, target.user_id)
    assert request is not None
    with pytest.raises(RuntimeError):
        erasure.erase(svc, request.request.id)
    # The key went first: the half-erased account is already unreadable and locked out.
    assert target.user_id not in vault_keys(svc)
    with pytest.raises(NotAuthenticated):
        auth.authenticate(svc, target.token, WEB)
    monkeypatch.setattr(erasure, "_erase_table", real)
    assert len(erasure.run(svc, partner_notifier(svc.settings)).erased) == 1
    assert rows_mentioning(all_rows(svc.database.engine), target.user_id) == {}
    status = deletion.receipt(svc, request.request.receipt_id)
    assert status.summary is not None and status.summary["rows"]["users"] == 1


def test_running_again_after_erasure_changes_nothing(svc: Services, clock: ManualClock) -> None:
    target = seed_account(svc, "target@example.com", serial=1)
    _erase_now(svc, clock, target.user_id)
    before = all_rows(svc.database.engine)
    report = erasure.run(svc, notifier=None)
    assert report.erased == [] and report.scheduled == 0
    after = all_rows(svc.database.engine)
    assert {
        k: v for k, v in after.items() if k not in {"audit_log", "audit_head", "erasure_outbox"}
    } == {k: v for k, v in before.items() if k not in {"audit_log", "audit_head", "erasure_outbox"}}


def test_partners_are_told_with_retries_until_they_acknowledge(
    svc: Services, clock: ManualClock
) -> None:
    target = seed_account(svc, "target@example.com", serial=1, marketing=False)
    deletion.request_deletion(svc, target.user_id, PASSWORD, WEB)
    clock.advance(AFTER_WINDOW)
    with partner_endpoint() as partner:
        notifier = HttpPartnerNotifier({"navigation_provider": partner.url})
        partner.statuses.extend([503, 500])
        first = erasure.run(svc, notifier)
        assert (first.delivered, first.failed) == (0, 1)
        assert erasure.run(svc, notifier).failed == 0  # not due again before the backoff
        clock.advance(timedelta(minutes=1))
        assert erasure.run(svc, notifier).failed == 1
        clock.advance(timedelta(minutes=2))
        assert erasure.run(svc, notifier).delivered == 1
        clock.advance(timedelta(hours=1))
        assert erasure.run(svc, notifier).delivered == 0  # acknowledged: never sent again
    assert len(partner.received) == 3
    assert {n["subject"] for n in partner.received} == {target.ref}
    [message] = all_rows(svc.database.engine)["erasure_outbox"]
    assert message["attempts"] == 3 and message["acknowledged_at"] is not None
    assert message["last_error"] is None
    view = deletion.receipt(svc, first.erased[0])
    assert [(r, at is not None) for r, at in view.notices] == [("navigation_provider", True)]


def test_partners_the_ledger_shows_received_data_are_told_and_the_ledger_stays_intact(
    svc: Services, clock: ManualClock
) -> None:
    target = seed_account(svc, "shared@example.com", serial=1)
    with svc.uow() as uow:
        share = Disclosure("ticket_booking_partner", "ticket_booking_share", "5b", ("x",))
        ledger.record(uow, svc, target.user_id, share)
        authority = Disclosure("public_security_bureau", "legal_disclosure", "5c", ("x",))
        ledger.record(uow, svc, target.user_id, authority)
        uow.commit()
    _erase_now(svc, clock, target.user_id)
    recipients = {row["recipient"] for row in all_rows(svc.database.engine)["erasure_outbox"]}
    assert "ticket_booking_partner" in recipients
    assert "public_security_bureau" not in recipients  # told under a legal duty, not a partner
    assert ledger.verify(svc) is None
