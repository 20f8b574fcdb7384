"""7a: the one essential login cookie is HttpOnly, SameSite and, by default, Secure and
`__Host-` prefixed."""

from __future__ import annotations

import httpx
import pytest

from tests.conformance._http import PASSWORD, set_cookies, sign_up

pytestmark = pytest.mark.clause("7a")


def test_logging_in_sets_a_host_only_secure_httponly_samesite_session_cookie(
    client: httpx.Client,
) -> None:
    sign_up(client, "ann@example.com")

    response = client.post(
        "/api/v1/sessions", json={"identifier": "ann@example.com", "password": PASSWORD}
    )

    assert response.status_code == 201, response.text
    cookie = set_cookies(response)["__Host-jx_session"]
    assert cookie["httponly"] and cookie["secure"]
    assert cookie["samesite"].lower() == "lax"
    assert (cookie["path"], cookie["domain"]) == ("/", "")
    assert len(cookie.value) >= 22  # at least 128 random bits, URL-safe base64
