"""Staff file deletion requests for users and follow the queue (clause 10, D7)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from jobexp.adapters import tables as t
from jobexp.clock import ManualClock
from jobexp.domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from jobexp.service_layer import deletion, deletion_staff
from jobexp.service_layer.context import RequestContext, Services
from jobexp.service_layer.staff import staff_tag
from jobexp.types import UserId
from tests.support.factories import PASSWORD, sign_up
from tests.support.governance import add_staff

CONSOLE = RequestContext("198.51.100.30", "web")
CONFIRMED = "Called back on the number on file; confirmed birth date"


def test_support_files_a_request_for_a_user_which_runs_as_their_own(svc: Services) -> None:
    user = sign_up(svc)
    support = add_staff(svc, "support")
    filed = deletion_staff.request_for_user(svc, support, user, CONFIRMED, CONSOLE)
    assert filed.request.requested_by == "staff"
    status = deletion.status(svc, user)
    assert status is not None and status.request.id == filed.request.id


def test_the_audit_entry_names_the_member_and_how_the_user_was_confirmed(svc: Services) -> None:
    user = sign_up(svc)
    support = add_staff(svc, "support")
    deletion_staff.request_for_user(svc, support, user, CONFIRMED, CONSOLE)
    with svc.database.engine.connect() as connection:
        row = connection.execute(
            select(t.audit_log.c.actor, t.audit_log.c.details)
            .where(t.audit_log.c.action == "privacy:deletion:requested")
        ).one()  # fmt: skip
    assert row.actor == staff_tag(svc, support.id)
    assert CONFIRMED in row.details


def test_an_administrator_may_not_file_or_see_deletions(svc: Services) -> None:
    user = sign_up(svc)
    admin = add_staff(svc, "administrator")
    with pytest.raises(Forbidden):
        deletion_staff.request_for_user(svc, admin, user, CONFIRMED, CONSOLE)
    with pytest.raises(Forbidden):
        deletion_staff.queue_page(svc, admin)


def test_a_request_without_a_statement_of_identity_is_refused(svc: Services) -> None:
    user = sign_up(svc)
    with pytest.raises(InvalidInput):
        deletion_staff.request_for_user(svc, add_staff(svc, "support"), user, " ok ", CONSOLE)
    assert deletion.status(svc, user) is None


def test_an_unknown_account_is_refused(svc: Services) -> None:
    with pytest.raises(NotFound):
        deletion_staff.request_for_user(
            svc, add_staff(svc, "support"), UserId("0" * 32), CONFIRMED, CONSOLE
        )


def test_a_second_request_is_refused(svc: Services) -> None:
    user = sign_up(svc)
    deletion.request_deletion(svc, user, PASSWORD, CONSOLE)
    with pytest.raises(Conflict):
        deletion_staff.request_for_user(svc, add_staff(svc, "support"), user, CONFIRMED, CONSOLE)


def test_the_queue_pages_oldest_first_and_knows_what_is_overdue(
    svc: Services, clock: ManualClock
) -> None:
    support = add_staff(svc, "support")
    users = [sign_up(svc, f"u{i}@example.com") for i in range(deletion_staff.PER_PAGE + 1)]
    for user in users:
        deletion_staff.request_for_user(svc, support, user, CONFIRMED, CONSOLE)
        clock.advance(timedelta(minutes=1))
    first = deletion_staff.queue_page(svc, support, 1)
    second = deletion_staff.queue_page(svc, support, 2)
    assert (first.pages, len(first.rows), len(second.rows)) == (2, deletion_staff.PER_PAGE, 1)
    assert second.rows[0].request.account_id == users[-1]
    clock.advance(timedelta(days=10))
    assert all(row.request.overdue(clock.now()) for row in first.rows)
