"""Signing up and logging in over HTTP, the way a browser or device does."""

from __future__ import annotations

from http.cookies import Morsel, SimpleCookie
from typing import Any

import httpx

PASSWORD = "violet kayak under the moon"
DEVICE_ID = "a3" * 32  # what the app sends: a keyed hash of its per-install secret


def sign_up(client: httpx.Client, identifier: str) -> None:
    docs = client.get("/api/v1/documents").json()
    body = {
        "identifier": identifier,
        "password": PASSWORD,
        "birth_date": "1990-05-17",
        "accept_service_agreement": docs["service_agreement"],
        "accept_privacy_policy": docs["privacy_policy"],
    }
    response = client.post("/api/v1/accounts", json=body)
    assert response.status_code == 201, response.text


def device_body(identifier: str, **device: Any) -> dict[str, Any]:
    facts = {"device_id": DEVICE_ID, "network_code": "46000", "country_code": "CN", **device}
    return {"identifier": identifier, "password": PASSWORD, "device": facts}


def set_cookies(response: httpx.Response) -> dict[str, Morsel[str]]:
    jar: SimpleCookie = SimpleCookie()
    for header in response.headers.get_list("set-cookie"):
        jar.load(header)
    return dict(jar)
