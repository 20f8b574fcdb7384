"""Never a password, hash or token in a log or a URL (D10)."""

from __future__ import annotations

import httpx
from sqlalchemy import select

from jobexp.adapters import tables as t
from jobexp.entrypoints.app import create_app
from jobexp.service_layer.context import Services
from tests.e2e.api.helpers import PASSWORD, register_device, sign_up
from tests.support.live_server import live_server


def test_logs_hold_no_password_hash_token_or_identifier(svc: Services) -> None:
    app = create_app(svc)
    with live_server(app) as url, httpx.Client(base_url=url, timeout=30) as client:
        sign_up(client, "ada@example.com")
        token = register_device(client, "ada@example.com")
        client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
        client.post("/api/v1/sessions", json={"identifier": "ada@example.com", "password": "nope"})
    app.state.access_log.flush()
    with svc.database.engine.connect() as connection:
        password_hash = connection.execute(select(t.users.c.password_hash)).scalar_one()
        logs = repr(
            [
                *connection.execute(select(t.access_log)).all(),
                *connection.execute(select(t.audit_log)).all(),
                *connection.execute(select(t.login_failures)).all(),
            ]
        )
    for secret in (PASSWORD, "nope", password_hash, token, "ada@example.com"):
        assert secret not in logs
