"""Speaking to the API the way a browser or a device would, and reading what it stored."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from http.cookies import Morsel, SimpleCookie
from typing import Any

import httpx
from sqlalchemy import Engine, func, select

from jobexp.adapters.tables import metadata
from jobexp.bootstrap import Overrides, bootstrap
from jobexp.clock import Clock
from jobexp.config import Settings
from jobexp.domain.throttle import ThrottlePolicy
from jobexp.service_layer.context import Services

PASSWORD = "violet kayak under the moon"
NEW_PASSWORD = "seven quiet lanterns drifting"
DEVICE_ID = "a3" * 32
OTHER_DEVICE_ID = "5c" * 32
JSON = {"content-type": "application/json"}
# Tables that legitimately record refused attempts: everything else must stay untouched.
ATTEMPT_RECORDS = frozenset({"access_log", "audit_log", "audit_head", "login_failures"})


def current_documents(client: httpx.Client) -> dict[str, str]:
    response = client.get("/api/v1/documents")
    assert response.status_code == 200
    docs: dict[str, str] = response.json()
    return docs


def sign_up_body(client: httpx.Client, identifier: str, **overrides: Any) -> dict[str, Any]:
    docs = current_documents(client)
    return {
        "identifier": identifier,
        "password": PASSWORD,
        "birth_date": "1990-05-17",
        "accept_service_agreement": docs["service_agreement"],
        "accept_privacy_policy": docs["privacy_policy"],
        **overrides,
    }


def sign_up(client: httpx.Client, identifier: str, **overrides: Any) -> dict[str, Any]:
    response = client.post("/api/v1/accounts", json=sign_up_body(client, identifier, **overrides))
    assert response.status_code == 201, response.text
    account: dict[str, Any] = response.json()
    return account


def device_body(
    identifier: str, password: str = PASSWORD, device_id: str = DEVICE_ID, **device: str
) -> dict[str, Any]:
    return {
        "identifier": identifier,
        "password": password,
        "device": {
            "device_id": device_id,
            "network_code": "46000",
            "country_code": "CN",
            **device,
        },
    }


def register_device(client: httpx.Client, identifier: str, device_id: str = DEVICE_ID) -> str:
    """Register a device to the account; return its bearer token."""
    body = device_body(identifier, device_id=device_id)
    response = client.post("/api/v1/devices/register", json=body)
    assert response.status_code == 201, response.text
    token: str = response.json()["token"]
    return token


def bearer(token: str) -> dict[str, str]:
    return {"authorization": f"Bearer {token}"}


def set_cookies(response: httpx.Response) -> dict[str, Morsel[str]]:
    """The cookies a response sets, with their attributes."""
    jar: SimpleCookie = SimpleCookie()
    for header in response.headers.get_list("set-cookie"):
        jar.load(header)
    return dict(jar)


@dataclass(frozen=True)
class Browser:
    """A logged-in browser: its cookies and the CSRF token the login returned.

    The cookies are Secure, which a cookie jar rightly refuses to send over plain HTTP, so
    they travel in an explicit Cookie header.
    """

    cookies: Mapping[str, str]
    csrf_token: str

    def headers(self, *, csrf: bool = False) -> dict[str, str]:
        cookie = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        return {"cookie": cookie, **({"x-csrf-token": self.csrf_token} if csrf else {})}


def log_in(
    client: httpx.Client,
    identifier: str,
    password: str = PASSWORD,
    *,
    cookies: Mapping[str, str] | None = None,
) -> httpx.Response:
    headers = {"cookie": "; ".join(f"{k}={v}" for k, v in (cookies or {}).items())}
    return client.post(
        "/api/v1/sessions",
        json={"identifier": identifier, "password": password},
        headers=headers if cookies else None,
    )


def browser_from(response: httpx.Response) -> Browser:
    assert response.status_code == 201, response.text
    cookies = {name: morsel.value for name, morsel in set_cookies(response).items()}
    return Browser(cookies=cookies, csrf_token=response.json()["csrf_token"])


def log_in_browser(client: httpx.Client, identifier: str, password: str = PASSWORD) -> Browser:
    return browser_from(log_in(client, identifier, password))


def json_bytes(value: object) -> bytes:
    """JSON with every non-ASCII character escaped, so even lone surrogates can be sent."""
    return json.dumps(value).encode("ascii")


def assert_clear_error(
    response: httpx.Response, status: int | None = None, code: str | None = None
) -> dict[str, Any]:
    """A 4xx whose body is exactly {"error": {"code", "message", "fields"}}; return `error`."""
    assert 400 <= response.status_code < 500, (response.status_code, response.text)
    if status is not None:
        assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}, body
    error: dict[str, Any] = body["error"]
    assert set(error) == {"code", "message", "fields"}, error
    assert isinstance(error["code"], str)
    assert isinstance(error["message"], str)
    assert error["message"]
    assert "{" not in error["message"], "a message placeholder was left unfilled"
    assert isinstance(error["fields"], list)
    for field in error["fields"]:
        assert set(field) == {"field", "problem"}, field
    if code is not None:
        assert error["code"] == code, error
    return error


def stored_rows(engine: Engine) -> dict[str, int]:
    """How many rows each table holds, leaving out the records of attempts."""
    with engine.connect() as plain:
        connection = plain.execution_options(jobexp_readonly=True)
        return {
            table.name: connection.execute(select(func.count()).select_from(table)).scalar_one()
            for table in metadata.sorted_tables
            if table.name not in ATTEMPT_RECORDS
        }


@contextmanager
def stored_data_unchanged(engine: Engine) -> Iterator[None]:
    """Fail if the block adds or removes a row outside the attempt records."""
    before = stored_rows(engine)
    yield
    assert stored_rows(engine) == before


def serve_services(
    settings: Settings, clock: Clock, throttle: ThrottlePolicy
) -> Iterator[Services]:
    """Services like the shared `svc` fixture's, with a throttle policy of the test's choosing."""
    services = bootstrap(replace(settings, throttle=throttle), Overrides(clock=clock))
    yield services
    services.database.engine.dispose()
