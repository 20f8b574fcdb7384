"""Searching the policy in force; the keywords are kept with no link to the searcher (3x-a)."""

from __future__ import annotations

from jobexp.adapters.search_keywords import SearchKeywords
from jobexp.domain.purposes import Access
from jobexp.domain.search import Hit, Searchable, keyword_to_keep, search
from jobexp.policy.ids import CategoryId, PurposeId
from jobexp.service_layer.context import Services
from jobexp.types import Locale

__all__ = ["KEEP_KEYWORD", "search_policy"]

KEEP_KEYWORD = Access(PurposeId.SEARCH, (CategoryId.SEARCH_KEYWORDS,), "write")


def search_policy(svc: Services, items: list[Searchable], query: str, locale: Locale) -> list[Hit]:
    """The clauses matching `query`; the keyword is kept (masked, by day) with no subject."""
    hits = search(items, query)
    keyword = keyword_to_keep(query)
    if keyword is not None:
        with svc.uow(KEEP_KEYWORD) as uow:
            uow.get(SearchKeywords).add(keyword, locale, svc.clock.now())
            uow.commit()
    return hits
