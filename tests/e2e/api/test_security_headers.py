"""Security headers on every API response, success or error."""

from __future__ import annotations

import re

import httpx
import pytest

from tests.e2e.api.helpers import JSON

# Policies that never send a URL (which may carry personal data) to another origin.
PRIVATE_REFERRERS = {"no-referrer", "same-origin"}
REQUESTS = [
    ("GET", "/api/v1/documents", b""),
    ("GET", "/api/v1/me", b""),
    ("POST", "/api/v1/sessions", b"{"),
    ("POST", "/api/v1/sessions", b"x" * (64 * 1024 + 1)),
    ("GET", "/api/v1/no-such-thing", b""),
    ("GET", "/healthz", b""),
]


@pytest.mark.parametrize(("method", "path", "body"), REQUESTS)
def test_api_responses_carry_the_security_headers(
    client: httpx.Client, method: str, path: str, body: bytes
) -> None:
    response = client.request(method, path, content=body or None, headers=JSON)

    headers = response.headers
    assert headers["cache-control"] == "no-store"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] in PRIVATE_REFERRERS
    assert "default-src 'self'" in headers["content-security-policy"]
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-frame-options"] == "DENY"
    assert headers["strict-transport-security"].startswith("max-age=")


def test_no_response_header_names_a_software_version(client: httpx.Client) -> None:
    response = client.get("/api/v1/documents")

    assert "x-powered-by" not in response.headers
    assert not re.search(r"\d+\.\d+", response.headers.get("server", ""))
