"""3x-a: search keywords are stored with no link to the account, by day, for 90 days (D13)."""

from __future__ import annotations

from datetime import UTC, timedelta

import httpx
import pytest
from sqlalchemy import select

from jobexp.adapters import tables as t
from jobexp.clock import ManualClock
from jobexp.domain.search import Searchable
from jobexp.service_layer import retention, search
from jobexp.service_layer.context import Services
from tests.conformance._http import PASSWORD, sign_up

pytestmark = pytest.mark.clause("3x-a")


def _signed_in(client: httpx.Client) -> None:
    sign_up(client, "searcher@example.com")
    body = {"identifier": "searcher@example.com", "password": PASSWORD}
    assert client.post("/api/v1/sessions", json=body).status_code in {200, 201}


def test_a_signed_in_search_keeps_only_the_keyword_its_language_and_the_day(
    client: httpx.Client, svc: Services
) -> None:
    _signed_in(client)
    response = client.get("/privacy/search", params={"q": "deletion"})
    assert response.status_code == 200 and "deletion" in response.text.casefold()
    assert {c.name for c in t.search_keywords.columns} == {"id", "keyword", "locale", "day"}
    with svc.database.engine.connect() as connection:
        [row] = connection.execute(select(t.search_keywords)).all()
    assert (row.keyword, row.locale) == ("deletion", "en")
    assert row.day.astimezone(UTC).time().isoformat() == "00:00:00"


def test_keywords_end_after_the_policy_period(svc: Services, clock: ManualClock) -> None:
    days = svc.policies.published().current.policy.category("search_keywords").retention
    assert days is not None and days.days == 90
    search.search_policy(svc, [Searchable("x", "x", "t", "text")], "text", "en")
    clock.advance(timedelta(days=91))
    retention.sweep(svc)
    with svc.database.engine.connect() as connection:
        assert connection.execute(select(t.search_keywords)).all() == []
