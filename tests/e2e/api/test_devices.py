"""Devices: registration, login, bearer tokens, and refusing any device data but three fields."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from jobexp.adapters.tables import devices, sessions
from jobexp.service_layer.context import Services
from tests.e2e.api.helpers import (
    DEVICE_ID,
    OTHER_DEVICE_ID,
    assert_clear_error,
    bearer,
    device_body,
    register_device,
    sign_up,
    stored_data_unchanged,
)

FORBIDDEN_DEVICE_DATA = {
    "imei": "490154203237518",
    "mac": "00:1A:2B:3C:4D:5E",
    "phone_number": "+8613800138000",
    "contacts": [{"name": "Bo", "phone": "+8613900139000"}],
}


def test_registering_a_device_returns_a_bearer_token_that_opens_me(
    client: httpx.Client, svc: Services
) -> None:
    account = sign_up(client, "ann@example.com")

    response = client.post("/api/v1/devices/register", json=device_body("ann@example.com"))

    assert response.status_code == 201
    body = response.json()
    assert body["token_type"] == "bearer"
    me = client.get("/api/v1/me", headers=bearer(body["token"]))
    assert me.status_code == 200
    assert me.json()["id"] == account["id"]
    with svc.database.engine.connect() as connection:
        stored = connection.execute(
            select(devices.c.device_id, devices.c.network_code, devices.c.country_code)
        ).all()
    assert stored == [(DEVICE_ID, "46000", "CN")]


def test_device_login_after_registration_opens_a_new_session(client: httpx.Client) -> None:
    sign_up(client, "ann@example.com")
    first = register_device(client, "ann@example.com")

    response = client.post("/api/v1/devices/login", json=device_body("ann@example.com"))

    assert response.status_code == 200
    token = response.json()["token"]
    assert token != first
    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 200


def test_device_login_before_registration_is_404_and_opens_no_session(
    client: httpx.Client, svc: Services
) -> None:
    sign_up(client, "ann@example.com")
    register_device(client, "ann@example.com", device_id=OTHER_DEVICE_ID)

    with stored_data_unchanged(svc.database.engine):
        response = client.post("/api/v1/devices/login", json=device_body("ann@example.com"))

    assert_clear_error(response, 404, "device.not_registered")


def test_device_login_with_a_wrong_password_is_401(client: httpx.Client) -> None:
    sign_up(client, "ann@example.com")
    register_device(client, "ann@example.com")

    response = client.post(
        "/api/v1/devices/login", json=device_body("ann@example.com", "wrong password, sorry")
    )

    assert_clear_error(response, 401, "auth.failed")


def _with_extra(name: str, value: object, *, inside_device: bool) -> dict[str, Any]:
    body = device_body("ann@example.com")
    (body["device"] if inside_device else body)[name] = value
    return body


@pytest.mark.parametrize("endpoint", ["/api/v1/devices/register", "/api/v1/devices/login"])
def test_device_data_beyond_the_three_allowed_fields_is_refused_and_nothing_is_stored(
    client: httpx.Client, svc: Services, endpoint: str
) -> None:
    sign_up(client, "ann@example.com")
    if endpoint.endswith("login"):
        register_device(client, "ann@example.com")

    for field, value in FORBIDDEN_DEVICE_DATA.items():
        for inside_device in (True, False):
            body = _with_extra(field, value, inside_device=inside_device)
            with stored_data_unchanged(svc.database.engine):
                response = client.post(endpoint, json=body)

            error = assert_clear_error(response, 422, "device.extra_fields")
            assert "IMEI" in error["message"]
            where = f"device.{field}" if inside_device else field
            assert [f["field"] for f in error["fields"]] == [where]


def test_refused_device_data_leaves_no_device_row_and_no_session(
    client: httpx.Client, svc: Services
) -> None:
    sign_up(client, "ann@example.com")

    response = client.post(
        "/api/v1/devices/register",
        json=_with_extra("imei", FORBIDDEN_DEVICE_DATA["imei"], inside_device=True),
    )

    assert response.status_code == 422
    with svc.database.engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(devices)).scalar_one() == 0
        assert connection.execute(select(func.count()).select_from(sessions)).scalar_one() == 0


WRONG_SHAPES = [
    ("device_id", "490154203237518"),  # a raw IMEI is not an anonymized identifier
    ("device_id", DEVICE_ID.upper()),
    ("device_id", DEVICE_ID + "\n"),
    ("network_code", "46"),
    ("country_code", "cn"),
]


def test_a_device_field_of_the_wrong_shape_is_refused(client: httpx.Client, svc: Services) -> None:
    sign_up(client, "ann@example.com")

    for name, value in WRONG_SHAPES:
        body = device_body("ann@example.com", **{name: value})
        with stored_data_unchanged(svc.database.engine):
            response = client.post("/api/v1/devices/register", json=body)

        error = assert_clear_error(response, 422, "request.invalid")
        assert [f["field"] for f in error["fields"]] == [f"device.{name}"]
