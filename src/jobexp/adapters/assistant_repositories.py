"""Repositories of the assistant: task appointments and saved places, over one connection.

Every query names the owner: another user's row is never found, so it cannot leak.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import RowMapping, delete, insert, select, update

from jobexp.adapters import tables as t
from jobexp.adapters.repositories import _Repository

__all__ = ["SavedPlaces", "Tasks"]


class Tasks(_Repository):
    CATEGORIES = t.categories_of(t.assistant_tasks)

    def add(self, **values: object) -> None:
        self._c.execute(insert(t.assistant_tasks).values(**values))

    def for_user(self, user_id: str, *, due_by: datetime | None = None) -> list[RowMapping]:
        tasks = t.assistant_tasks
        query = select(tasks).where(tasks.c.user_id == user_id)
        if due_by is not None:
            query = query.where(tasks.c.completed_at.is_(None), tasks.c.due_at <= due_by)
        query = query.order_by(tasks.c.due_at, tasks.c.id)
        return [row._mapping for row in self._c.execute(query)]

    def get(self, user_id: str, task_id: str) -> RowMapping | None:
        tasks = t.assistant_tasks
        query = select(tasks).where(tasks.c.user_id == user_id, tasks.c.id == task_id)
        row = self._c.execute(query).first()
        return None if row is None else row._mapping

    def complete(self, user_id: str, task_id: str, at: datetime) -> bool:
        tasks = t.assistant_tasks
        query = (
            update(tasks)
            .where(tasks.c.user_id == user_id, tasks.c.id == task_id)
            .values(completed_at=at)
        )
        return bool(self._c.execute(query).rowcount)

    def remove(self, user_id: str, task_id: str) -> bool:
        tasks = t.assistant_tasks
        query = delete(tasks).where(tasks.c.user_id == user_id, tasks.c.id == task_id)
        return bool(self._c.execute(query).rowcount)


class SavedPlaces(_Repository):
    CATEGORIES = t.categories_of(t.saved_places)

    def add(self, **values: object) -> None:
        self._c.execute(insert(t.saved_places).values(**values))

    def for_user(self, user_id: str) -> list[RowMapping]:
        places = t.saved_places
        query = (
            select(places)
            .where(places.c.user_id == user_id)
            .order_by(places.c.created_at, places.c.id)
        )
        return [row._mapping for row in self._c.execute(query)]

    def kinds(self, user_id: str) -> list[str]:
        places = t.saved_places
        query = select(places.c.kind).where(places.c.user_id == user_id)
        return list(self._c.execute(query).scalars())

    def get(self, user_id: str, place_id: str) -> RowMapping | None:
        places = t.saved_places
        query = select(places).where(places.c.user_id == user_id, places.c.id == place_id)
        row = self._c.execute(query).first()
        return None if row is None else row._mapping

    def remove(self, user_id: str, place_id: str) -> bool:
        places = t.saved_places
        query = delete(places).where(places.c.user_id == user_id, places.c.id == place_id)
        return bool(self._c.execute(query).rowcount)
