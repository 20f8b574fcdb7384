"""The ask text is never stored or logged: not in any statement sent to the database, not in
any row afterwards (access log and audit log included), not in any log record."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
from sqlalchemy import event, select

from jobexp import nlu
from jobexp.adapters.tables import metadata
from jobexp.entrypoints.app import create_app
from jobexp.service_layer.context import Services
from tests.e2e.api.helpers import bearer, register_device, sign_up
from tests.support.live_server import live_server

# A word no feature turns into anything it keeps (the task's title is encrypted).
MARKER = "zanzibar"
ASKS = [
    "remind me to water the zanzibar fern tomorrow at 5pm",
    "please juggle seventeen purple zanzibar zebras",
    "call zanzibar mom",
    "navigate to the zanzibar bund",
    "weather",
    "   ",
    "zanzibar" * 70,
]
CONSENTS = [
    ("task_appointments", None),
    ("weather", None),
    ("navigation_share", "navigation_provider"),
]


@pytest.fixture(scope="module", autouse=True)
def _engine_built() -> None:
    """Build the shared engine once, before any request waits on it (it may train its model)."""
    nlu.shared()


@contextmanager
def statements_sent(svc: Services) -> Iterator[list[str]]:
    """Every statement and its parameters, as the database driver receives them."""
    seen: list[str] = []

    def record(*args: Any) -> None:
        statement, parameters = args[2], args[3]
        seen.append(f"{statement} {parameters!r}")

    event.listen(svc.database.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(svc.database.engine, "before_cursor_execute", record)


def every_row(svc: Services) -> str:
    """The whole database as text, bytes decoded where they decode."""
    parts: list[str] = []
    with svc.database.engine.connect() as connection:
        for table in metadata.sorted_tables:
            for row in connection.execute(select(table)):
                for value in row:
                    if isinstance(value, bytes | memoryview):
                        parts.append(bytes(value).decode("utf-8", "replace"))
                    else:
                        parts.append(str(value))
    return "\n".join(parts)


def test_the_ask_text_leaves_no_trace_in_the_database_or_the_logs(
    svc: Services, caplog: pytest.LogCaptureFixture
) -> None:
    app = create_app(svc)
    caplog.set_level(logging.DEBUG)
    with live_server(app) as url, httpx.Client(base_url=url, timeout=30) as client:
        sign_up(client, "ada@example.com")
        auth = bearer(register_device(client, "ada@example.com"))
        for purpose, recipient in CONSENTS:
            body = {"purpose": purpose, "recipient": recipient, "decision": "granted"}
            client.post("/api/v1/me/consents", headers=auth, json=body)
        with statements_sent(svc) as seen:
            answers = [client.post("/api/v1/ask", headers=auth, json={"text": t}) for t in ASKS]
        app.state.access_log.flush()
    assert [a.status_code for a in answers] == [200, 200, 200, 200, 200, 422, 422]
    assert answers[0].json()["action"]["task"]["title"] == "water the zanzibar fern"
    assert seen, "the asks sent no statement at all: the scan would prove nothing"
    assert not [s for s in seen if MARKER in s]
    stored = every_row(svc)
    assert "/api/v1/ask" in stored  # the access log has the path, and only that
    assert MARKER not in stored
    assert not [r for r in caplog.records if MARKER in r.getMessage()]
