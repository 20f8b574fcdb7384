"""The access log of clause 3b / D12 reaches the database without a manual flush.

What each entry holds is proven in tests/conformance/test_clause_3b.py.
"""

from __future__ import annotations

import httpx
from sqlalchemy import select

from jobexp.adapters import tables as t
from jobexp.entrypoints.app import create_app
from jobexp.service_layer.context import Services
from tests.support.live_server import live_server


def test_the_log_is_written_even_when_nobody_flushes_by_hand(svc: Services) -> None:
    app = create_app(svc)
    with live_server(app) as url:
        httpx.get(f"{url}/healthz")
    # Shutting the server down flushes what the periodic writer had not yet written.
    with svc.database.engine.connect() as connection:
        paths = list(connection.execute(select(t.access_log.c.path)).scalars())
    assert paths == ["/healthz"]
