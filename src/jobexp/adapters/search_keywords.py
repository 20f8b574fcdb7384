"""Search keywords: appended with the day only, never with anything naming who searched."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import insert, select

from jobexp.adapters import tables as t
from jobexp.adapters.repositories import _Repository


class SearchKeywords(_Repository):
    CATEGORIES = t.categories_of(t.search_keywords)

    def add(self, keyword: str, locale: str, at: datetime) -> None:
        day = at.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
        self._c.execute(insert(t.search_keywords).values(keyword=keyword, locale=locale, day=day))

    def all(self) -> list[tuple[str, str, datetime]]:
        query = select(
            t.search_keywords.c.keyword, t.search_keywords.c.locale, t.search_keywords.c.day
        )
        return [(row.keyword, row.locale, row.day) for row in self._c.execute(query)]
