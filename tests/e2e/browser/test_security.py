"""What the browser is told to protect: the session cookie and the headers of personal pages."""

from __future__ import annotations

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.e2e.browser.flows import (
    choose_personalization,
    fill_sign_up,
    on_path,
    submit_sign_up,
    use_chinese,
)

pytestmark = pytest.mark.browser


def _sign_up(page: Page) -> None:
    fill_sign_up(page, "careful@example.com")
    submit_sign_up(page)
    expect(page).to_have_url(on_path("/account"))


def test_session_cookie_is_host_prefixed_httponly_secure_and_lax(
    page: Page, context: BrowserContext
) -> None:
    _sign_up(page)

    cookies = {c["name"]: c for c in context.cookies()}
    session = cookies["__Host-jx_session"]
    assert session["httpOnly"] is True
    assert session["secure"] is True
    assert session["sameSite"] == "Lax"
    assert session["path"] == "/"
    assert session["domain"] == "127.0.0.1"  # host-only: no Domain attribute
    assert "jx_session" not in cookies


def test_every_cookie_is_host_prefixed_secure_httponly_and_lax(
    page: Page, context: BrowserContext
) -> None:
    use_chinese(page)
    choose_personalization(page, on=True, locale="zh-CN")
    fill_sign_up(page, "cookies@example.com", locale="zh-CN")
    submit_sign_up(page, locale="zh-CN")
    page.goto("/privacy")

    cookies = context.cookies()
    assert {c["name"] for c in cookies} >= {"__Host-jx_session", "__Host-jx_lang"}
    for cookie in cookies:
        assert cookie["name"].startswith("__Host-"), cookie["name"]
        assert (cookie["secure"], cookie["httpOnly"], cookie["sameSite"]) == (True, True, "Lax")


def test_account_page_is_not_cached_and_carries_security_headers(page: Page) -> None:
    _sign_up(page)
    response = page.goto("/account")

    assert response is not None
    assert response.status == 200
    headers = response.headers
    assert headers["cache-control"] == "no-store"
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert "script-src 'self'" in headers["content-security-policy"]
    assert headers["x-frame-options"] == "DENY"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] in {"no-referrer", "same-origin"}


def test_pages_run_under_the_content_security_policy_without_violations(page: Page) -> None:
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    _sign_up(page)

    for path in ("/", "/signup", "/login", "/account", "/terms"):
        page.goto(path)
        page.wait_for_load_state("load")
    assert problems == []


@pytest.mark.postgres
@pytest.mark.parametrize("backend", ["postgresql"])
def test_adult_signs_up_on_postgresql(page: Page) -> None:
    _sign_up(page)

    expect(page.get_by_test_id("identifier")).to_have_text("careful@example.com")
