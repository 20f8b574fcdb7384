"""The access log of clause 3b / D12, through a real server on loopback."""

from __future__ import annotations

import httpx
from sqlalchemy import select

from jobexp.adapters import tables as t
from jobexp.entrypoints.app import create_app
from jobexp.service_layer.context import Services
from tests.support.live_server import live_server

CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/156.0.0.0 Safari/537.36"


def test_each_request_is_logged_with_truncated_ip_browser_language_time_and_page(
    svc: Services,
) -> None:
    app = create_app(svc)
    with live_server(app) as url:
        httpx.get(
            f"{url}/login?next=/account&email=alice@example.com",
            headers={"User-Agent": CHROME, "Accept-Language": "zh-CN,zh;q=0.9"},
        )
    app.state.access_log.flush()
    with svc.engine.connect() as connection:
        rows = [dict(r._mapping) for r in connection.execute(select(t.access_log))]
    assert len(rows) == 1
    row = rows[0]
    assert (row["ip_prefix"], row["browser"], row["language"]) == (
        "127.0.0.0/24",
        "Chrome",
        "zh-CN",
    )
    assert (row["method"], row["path"], row["status"]) == ("GET", "/login", 200)
    assert row["at"] == svc.clock.now()
    assert "alice" not in repr(rows)


def test_the_log_is_written_even_when_nobody_flushes_by_hand(svc: Services) -> None:
    app = create_app(svc)
    with live_server(app) as url:
        httpx.get(f"{url}/healthz")
    # Shutting the server down flushes what the periodic writer had not yet written.
    with svc.engine.connect() as connection:
        paths = list(connection.execute(select(t.access_log.c.path)).scalars())
    assert paths == ["/healthz"]
