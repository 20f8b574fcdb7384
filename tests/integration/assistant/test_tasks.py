"""Task appointments and reminders through the service layer, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from jobexp.adapters import tables as t
from jobexp.clock import ManualClock
from jobexp.domain.errors import InvalidInput, NotFound
from jobexp.domain.purposes import PurposeDenied
from jobexp.service_layer import tasks
from jobexp.service_layer.context import Services
from jobexp.types import UserId
from tests.e2e.api.helpers import stored_rows
from tests.support.assistant_fixtures import grant, withdraw
from tests.support.factories import sign_up

TITLE = "Dentist at Ruijin hospital"


def _user(svc: Services, identifier: str = "alice@example.com") -> UserId:
    user_id = sign_up(svc, identifier)
    grant(svc, user_id, "task_appointments")
    return user_id


def _in(svc: Services, minutes: int) -> datetime:
    return svc.clock.now() + timedelta(minutes=minutes)


def test_a_task_is_stored_with_its_title_encrypted_and_its_time_in_utc(svc: Services) -> None:
    user_id = _user(svc)
    beijing = datetime(2026, 11, 30, 18, 0, tzinfo=UTC).astimezone()
    task = tasks.create(svc, user_id, tasks.NewTask(TITLE, beijing))
    with svc.database.engine.connect() as connection:
        row = connection.execute(select(t.assistant_tasks)).one()
    assert TITLE.encode() not in row.title_enc and b"Dentist" not in row.title_enc
    assert row.due_at == datetime(2026, 11, 30, 18, 0, tzinfo=UTC) == task.due_at
    assert [x.title for x in tasks.list_tasks(svc, user_id)] == [TITLE]


def test_tasks_are_listed_soonest_first(svc: Services) -> None:
    user_id = _user(svc)
    for title, minutes in (("later", 120), ("sooner", 30)):
        tasks.create(svc, user_id, tasks.NewTask(title, _in(svc, minutes)))
    assert [x.title for x in tasks.list_tasks(svc, user_id)] == ["sooner", "later"]


def test_a_reminder_is_due_once_its_time_comes_and_stops_when_done(
    svc: Services, clock: ManualClock
) -> None:
    user_id = _user(svc)
    task = tasks.create(svc, user_id, tasks.NewTask(TITLE, _in(svc, 30)))
    assert tasks.due_reminders(svc, user_id) == []
    clock.advance(timedelta(minutes=31))
    assert [r.id for r in tasks.due_reminders(svc, user_id)] == [task.id]
    done = tasks.complete(svc, user_id, task.id)
    assert done.completed and done.completed_at == clock.now()
    assert tasks.due_reminders(svc, user_id) == []
    clock.advance(timedelta(minutes=5))
    assert tasks.complete(svc, user_id, task.id).completed_at == done.completed_at


def test_a_deleted_task_is_gone(svc: Services) -> None:
    user_id = _user(svc)
    task = tasks.create(svc, user_id, tasks.NewTask(TITLE, _in(svc, 30)))
    tasks.remove(svc, user_id, task.id)
    assert tasks.list_tasks(svc, user_id) == []
    with pytest.raises(NotFound):
        tasks.remove(svc, user_id, task.id)


def test_another_users_task_is_not_found_and_stays_untouched(svc: Services) -> None:
    owner = _user(svc)
    other = _user(svc, "bob@example.com")
    task = tasks.create(svc, owner, tasks.NewTask(TITLE, _in(svc, 30)))
    for act in (tasks.complete, tasks.remove):
        with pytest.raises(NotFound) as refused:
            act(svc, other, task.id)
        assert refused.value.message_key == "assistant.task.not_found"
    assert [x.completed for x in tasks.list_tasks(svc, owner)] == [False]
    assert tasks.list_tasks(svc, other) == []


@pytest.mark.parametrize(
    ("title", "minutes", "key"),
    [
        ("   ", 30, "assistant.task.title_empty"),
        ("x" * 201, 30, "assistant.task.title_too_long"),
        (TITLE, -60, "assistant.task.due_past"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_stored(
    svc: Services, title: str, minutes: int, key: str
) -> None:
    user_id = _user(svc)
    before = stored_rows(svc.database.engine)
    with pytest.raises(InvalidInput) as refused:
        tasks.create(svc, user_id, tasks.NewTask(title, _in(svc, minutes)))
    assert refused.value.message_key == key
    assert stored_rows(svc.database.engine) == before


def test_tasks_need_the_task_appointments_consent(svc: Services) -> None:
    user_id = sign_up(svc)
    with pytest.raises(PurposeDenied) as refused:
        tasks.create(svc, user_id, tasks.NewTask(TITLE, _in(svc, 30)))
    assert refused.value.message_key == "purpose.no_consent"
    grant(svc, user_id, "task_appointments")
    tasks.create(svc, user_id, tasks.NewTask(TITLE, _in(svc, 30)))
    withdraw(svc, user_id, "task_appointments")
    with pytest.raises(PurposeDenied):
        tasks.list_tasks(svc, user_id)
