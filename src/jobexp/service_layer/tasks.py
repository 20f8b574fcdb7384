"""Task appointments and their reminders (1b), each use case inside one checked unit of work.

Titles are the user's own words: encrypted with the user's data key. Due times are UTC
instants; pages show them in the user's time zone.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, replace
from datetime import datetime

from jobexp.adapters.assistant_repositories import Tasks
from jobexp.adapters.keys import FieldCipher
from jobexp.adapters.records import TaskRecord
from jobexp.domain.errors import NotFound
from jobexp.domain.purposes import Access
from jobexp.domain.tasks import Task, check_due, clean_title
from jobexp.policy.ids import CategoryId, PurposeId
from jobexp.service_layer.context import Services
from jobexp.service_layer.data_keys import USER_KEY, cipher_for
from jobexp.types import UserId

__all__ = ["NewTask", "complete", "create", "due_reminders", "list_tasks", "remove"]

READ = Access(PurposeId.TASK_APPOINTMENTS, (CategoryId.LOCATION_COARSE,), "read")
WRITE = Access(PurposeId.TASK_APPOINTMENTS, (CategoryId.LOCATION_COARSE,), "write")
DELETE = Access(PurposeId.TASK_APPOINTMENTS, (CategoryId.LOCATION_COARSE,), "delete")
TITLE = "task_title"


@dataclass(frozen=True)
class NewTask:
    title: str
    due_at: datetime  # aware; any zone


def create(svc: Services, user_id: UserId, command: NewTask) -> Task:
    """Validate everything first: a refused task leaves nothing behind."""
    now = svc.clock.now()
    title = clean_title(command.title)
    due_at = check_due(command.due_at, now)
    task = Task(secrets.token_hex(16), title, due_at, now, None)
    with svc.uow(WRITE, USER_KEY, subject=user_id) as uow:
        cipher = cipher_for(svc, user_id)
        uow.get(Tasks).add(
            TaskRecord(
                id=task.id,
                user_id=user_id,
                title_enc=cipher.encrypt(TITLE, title),
                due_at=due_at,
                created_at=now,
                completed_at=None,
            )
        )
        uow.commit()
    return task


def list_tasks(svc: Services, user_id: UserId) -> list[Task]:
    with svc.uow(READ, USER_KEY, subject=user_id, readonly=True) as uow:
        cipher = cipher_for(svc, user_id)
        return [_task(cipher, row) for row in uow.get(Tasks).for_user(user_id)]


def due_reminders(svc: Services, user_id: UserId) -> list[Task]:
    """Open tasks whose time has come: what a device polling for reminders shows."""
    now = svc.clock.now()
    with svc.uow(READ, USER_KEY, subject=user_id, readonly=True) as uow:
        cipher = cipher_for(svc, user_id)
        return [_task(cipher, row) for row in uow.get(Tasks).for_user(user_id, due_by=now)]


def complete(svc: Services, user_id: UserId, task_id: str) -> Task:
    """Mark done (idempotent: completing twice keeps the first time)."""
    now = svc.clock.now()
    with svc.uow(WRITE, USER_KEY, subject=user_id) as uow:
        row = _owned(uow.get(Tasks).get(user_id, task_id))
        if row.completed_at is None:
            uow.get(Tasks).complete(user_id, task_id, now)
        cipher = cipher_for(svc, user_id)
        task = _task(cipher, replace(row, completed_at=row.completed_at or now))
        uow.commit()
    return task


def remove(svc: Services, user_id: UserId, task_id: str) -> None:
    with svc.uow(DELETE, subject=user_id) as uow:
        if not uow.get(Tasks).remove(user_id, task_id):
            raise NotFound("assistant.task.not_found")
        uow.commit()


def _owned(row: TaskRecord | None) -> TaskRecord:
    if row is None:  # absent or another user's: the same answer, so nothing leaks
        raise NotFound("assistant.task.not_found")
    return row


def _task(cipher: FieldCipher, row: TaskRecord) -> Task:
    return Task(
        id=row.id,
        title=cipher.decrypt(TITLE, row.title_enc),
        due_at=row.due_at,
        created_at=row.created_at,
        completed_at=row.completed_at,
    )
