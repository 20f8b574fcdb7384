"""Repositories of the assistant: task appointments and saved places, over one connection.

Every query names the owner: another user's row is never found, so it cannot leak.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, insert, select, update

from jobexp.adapters import tables as t
from jobexp.adapters.records import PlaceRecord, TaskRecord
from jobexp.adapters.repositories import _Repository
from jobexp.adapters.store import record, records, values
from jobexp.types import UserId

__all__ = ["SavedPlaces", "Tasks"]


class Tasks(_Repository):
    CATEGORIES = t.categories_of(t.assistant_tasks)

    def add(self, task: TaskRecord) -> None:
        self._c.execute(insert(t.assistant_tasks).values(values(task)))

    def for_user(self, user_id: UserId, *, due_by: datetime | None = None) -> list[TaskRecord]:
        tasks = t.assistant_tasks
        query = select(tasks).where(tasks.c.user_id == user_id)
        if due_by is not None:
            query = query.where(tasks.c.completed_at.is_(None), tasks.c.due_at <= due_by)
        query = query.order_by(tasks.c.due_at, tasks.c.id)
        return records(TaskRecord, self._c.execute(query))

    def get(self, user_id: UserId, task_id: str) -> TaskRecord | None:
        tasks = t.assistant_tasks
        query = select(tasks).where(tasks.c.user_id == user_id, tasks.c.id == task_id)
        row = self._c.execute(query).first()
        return None if row is None else record(TaskRecord, row)

    def complete(self, user_id: UserId, task_id: str, at: datetime) -> bool:
        tasks = t.assistant_tasks
        query = (
            update(tasks)
            .where(tasks.c.user_id == user_id, tasks.c.id == task_id)
            .values(completed_at=at)
        )
        return bool(self._c.execute(query).rowcount)

    def remove(self, user_id: UserId, task_id: str) -> bool:
        tasks = t.assistant_tasks
        query = delete(tasks).where(tasks.c.user_id == user_id, tasks.c.id == task_id)
        return bool(self._c.execute(query).rowcount)


class SavedPlaces(_Repository):
    CATEGORIES = t.categories_of(t.saved_places)

    def add(self, place: PlaceRecord) -> None:
        self._c.execute(insert(t.saved_places).values(values(place)))

    def for_user(self, user_id: UserId) -> list[PlaceRecord]:
        places = t.saved_places
        query = (
            select(places)
            .where(places.c.user_id == user_id)
            .order_by(places.c.created_at, places.c.id)
        )
        return records(PlaceRecord, self._c.execute(query))

    def kinds(self, user_id: UserId) -> list[str]:
        places = t.saved_places
        query = select(places.c.kind).where(places.c.user_id == user_id)
        return list(self._c.execute(query).scalars())

    def get(self, user_id: UserId, place_id: str) -> PlaceRecord | None:
        places = t.saved_places
        query = select(places).where(places.c.user_id == user_id, places.c.id == place_id)
        row = self._c.execute(query).first()
        return None if row is None else record(PlaceRecord, row)

    def remove(self, user_id: UserId, place_id: str) -> bool:
        places = t.saved_places
        query = delete(places).where(places.c.user_id == user_id, places.c.id == place_id)
        return bool(self._c.execute(query).rowcount)
