"""Error messages in the language the client asks for."""

from __future__ import annotations

import httpx

from tests.e2e.api.helpers import JSON, assert_clear_error


def _has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def test_a_validation_error_is_in_chinese_for_accept_language_zh_cn(client: httpx.Client) -> None:
    response = client.post(
        "/api/v1/sessions", content=b"{", headers={**JSON, "accept-language": "zh-CN,zh;q=0.9"}
    )

    error = assert_clear_error(response, 422, "request.bad_json")
    assert _has_chinese(error["message"])


def test_a_domain_error_is_in_chinese_for_accept_language_zh_cn(client: httpx.Client) -> None:
    response = client.post(
        "/api/v1/sessions",
        json={"identifier": "nobody@example.com", "password": "whatever it may be"},
        headers={"accept-language": "zh-CN"},
    )

    error = assert_clear_error(response, 401, "auth.failed")
    assert _has_chinese(error["message"])


def test_an_oversize_body_error_is_in_chinese_for_accept_language_zh_cn(
    client: httpx.Client,
) -> None:
    response = client.post(
        "/api/v1/sessions",
        content=b"x" * (64 * 1024 + 1),
        headers={**JSON, "accept-language": "zh-CN"},
    )

    error = assert_clear_error(response, 413, "request.too_large")
    assert _has_chinese(error["message"])
    assert "65536" in error["message"]


def test_errors_are_in_english_by_default(client: httpx.Client) -> None:
    response = client.get("/api/v1/me")

    error = assert_clear_error(response, 401)
    assert error["message"] == "Please log in first."
