"""Staff accounts, console sessions and purpose-stated views of a user's data."""

from __future__ import annotations

from datetime import timedelta

import pytest

from jobexp.clock import ManualClock
from jobexp.domain.errors import AuthenticationFailed, Forbidden, InvalidInput, NotAuthenticated
from jobexp.service_layer import staff
from jobexp.service_layer.context import Services
from tests.support.factories import guardian, sign_up
from tests.support.governance import CLI, STAFF_PASSWORD, add_staff, audit_rows


def test_a_staff_password_is_stored_as_an_argon2id_hash(svc: Services) -> None:
    member = add_staff(svc, "administrator")
    login = staff.log_in(svc, member.email, STAFF_PASSWORD, CLI)
    assert staff.authenticate(svc, login.token) == member
    with pytest.raises(AuthenticationFailed):
        staff.log_in(svc, member.email, "wrong password here", CLI)
    assert ("staff:session:login", "denied") in audit_rows(svc)


def test_a_console_session_ends_when_idle_and_at_log_out(svc: Services, clock: ManualClock) -> None:
    member = add_staff(svc, "support")
    login = staff.log_in(svc, member.email, STAFF_PASSWORD, CLI)
    clock.advance(timedelta(minutes=31))
    with pytest.raises(NotAuthenticated):
        staff.authenticate(svc, login.token)
    second = staff.log_in(svc, member.email, STAFF_PASSWORD, CLI)
    staff.log_out(svc, second.token)
    with pytest.raises(NotAuthenticated):
        staff.authenticate(svc, second.token)


def test_an_unknown_role_is_refused(svc: Services) -> None:
    with pytest.raises(InvalidInput):
        staff.add(svc, "x@jobexp.example", "root", STAFF_PASSWORD, CLI)


def test_viewing_a_users_data_needs_a_purpose_and_is_audited(svc: Services) -> None:
    user = sign_up(svc)
    member = add_staff(svc, "support")
    with pytest.raises(InvalidInput):
        staff.view_user(svc, member, user, "")
    view = staff.view_user(svc, member, user, "Ticket 881: user cannot sign in")
    assert view.identifier == "alice@example.com"
    assert ("staff:user:viewed", "success") in audit_rows(svc)


def test_an_administrator_sees_no_users_data(svc: Services) -> None:
    user = sign_up(svc)
    admin = add_staff(svc, "administrator")
    with pytest.raises(Forbidden):
        staff.view_user(svc, admin, user, "Just looking around today")


def test_a_minors_data_needs_another_privacy_officers_approval(svc: Services) -> None:
    from datetime import date

    child = sign_up(svc, "kid@example.com", birth_date=date(2014, 3, 1), guardian=guardian())
    support = add_staff(svc, "support")
    officer = add_staff(svc, "privacy_officer")
    purpose = "Guardian asked to correct the account"
    with pytest.raises(Forbidden):
        staff.view_user(svc, support, child, purpose)
    approval = staff.ask_minor_access(svc, support, child, purpose)
    with pytest.raises(Forbidden):
        staff.decide_minor_access(svc, support, approval, approve=True)
    staff.decide_minor_access(svc, officer, approval, approve=True)
    assert staff.view_user(svc, support, child, purpose).is_minor
    own = staff.ask_minor_access(svc, officer, child, purpose)
    with pytest.raises(Forbidden):
        staff.decide_minor_access(svc, officer, own, approve=True)
    assert ("staff:minor_access:decided", "denied") in audit_rows(svc)


def test_password_guessing_on_a_staff_account_is_throttled(svc: Services) -> None:
    from jobexp.domain.errors import Throttled

    member = add_staff(svc, "privacy_officer")
    for _ in range(svc.settings.throttle.account.limit):
        with pytest.raises(AuthenticationFailed):
            staff.log_in(svc, member.email, "not the password at all", CLI)
    with pytest.raises(Throttled):
        staff.log_in(svc, member.email, STAFF_PASSWORD, CLI)
