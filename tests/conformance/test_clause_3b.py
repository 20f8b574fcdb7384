"""3b: a visit records browser type, language, time and page, with the IP cut to its network."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import select

from jobexp.adapters import tables as t
from jobexp.entrypoints.app import create_app
from jobexp.service_layer.context import Services
from tests.support.live_server import live_server

pytestmark = pytest.mark.clause("3b")
FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0"


def test_a_visit_is_logged_with_a_truncated_ip_and_without_the_query_string(
    svc: Services,
) -> None:
    app = create_app(svc)
    with live_server(app) as url:
        httpx.get(
            f"{url}/login?next=/account&identifier=bob@example.com",
            headers={"User-Agent": FIREFOX, "Accept-Language": "en-GB,en;q=0.8"},
        )
    app.state.access_log.flush()

    with svc.database.engine.connect() as connection:
        rows = [dict(r._mapping) for r in connection.execute(select(t.access_log))]
    assert len(rows) == 1
    row = rows[0]
    assert (row["ip_prefix"], row["browser"], row["language"]) == (
        "127.0.0.0/24",
        "Firefox",
        "en-GB",
    )
    assert (row["path"], row["at"]) == ("/login", svc.clock.now())
    assert "127.0.0.1" not in repr(rows)
    assert "bob" not in repr(rows) and "next=" not in repr(rows)
