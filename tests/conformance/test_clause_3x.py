"""3x: the information the policy puts outside its scope is still protected as it says."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from jobexp.adapters import tables as t
from jobexp.domain.search import Searchable
from jobexp.service_layer import search
from jobexp.service_layer.context import Services

pytestmark = pytest.mark.clause("3x")


def test_a_search_keyword_names_no_one_even_when_the_searcher_typed_their_email(
    svc: Services,
) -> None:
    items = [Searchable("10", "clause-10", "Account deletion", "Delete your account")]
    hits = search.search_policy(svc, items, "delete ada@example.com", "en")
    assert [h.id for h in hits] == []  # every word must match; the email is not in the text
    with svc.database.engine.connect() as connection:
        kept = connection.execute(select(t.search_keywords.c.keyword)).scalars().all()
    assert kept == ["delete …"]
