"""Logging in and out through /login and the header's logout button."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from jobexp.entrypoints.cookies import SESSION
from jobexp.service_layer.context import Services
from tests.e2e.browser.conftest import Screenshot
from tests.e2e.browser.flows import PASSWORD, log_in, on_path, register

pytestmark = pytest.mark.browser
SESSION_COOKIE = f"__Host-{SESSION}"


def test_login_with_the_right_password_lands_on_account_page(page: Page, svc: Services) -> None:
    register(svc, "member@example.com")
    log_in(page, "member@example.com", PASSWORD)

    expect(page).to_have_url(on_path("/account"))
    expect(page.get_by_test_id("identifier")).to_have_text("member@example.com")


def test_login_with_a_wrong_password_stays_on_login_page_with_a_clear_error(
    page: Page, svc: Services, screenshot: Screenshot
) -> None:
    register(svc, "member@example.com")
    response = log_in(page, "member@example.com", "violet stapler evening")

    assert response.status == 401
    expect(page).to_have_url(on_path("/login"))
    expect(page.get_by_role("alert")).to_have_text(
        "The email/mobile number or the password is wrong."
    )
    expect(page.get_by_label("Email or mobile number", exact=True)).to_have_value(
        "member@example.com"
    )
    expect(page.get_by_label("Password", exact=True)).to_have_value("")
    screenshot(page, "login-wrong-password-en")


def test_login_with_a_wrong_password_shows_the_error_in_chinese(
    page: Page, svc: Services, screenshot: Screenshot
) -> None:
    register(svc, "member@example.com")
    page.goto("/login")
    page.get_by_role("link", name="中文").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("登录")
    response = log_in(page, "member@example.com", "violet stapler evening", locale="zh-CN")

    assert response.status == 401
    expect(page).to_have_url(on_path("/login"))
    expect(page.get_by_role("alert")).to_have_text("邮箱/手机号或密码错误。")
    screenshot(page, "login-wrong-password-zh-CN")


def test_mobile_number_account_logs_in(page: Page, svc: Services) -> None:
    register(svc, "13800138000")
    log_in(page, "138 0013 8000", PASSWORD)

    expect(page).to_have_url(on_path("/account"))
    expect(page.get_by_test_id("identifier")).to_have_text("+8613800138000")


def test_logout_ends_the_session_on_the_server(
    page: Page,
    context: BrowserContext,
    new_context: Callable[[], BrowserContext],
    svc: Services,
) -> None:
    register(svc, "member@example.com")
    log_in(page, "member@example.com", PASSWORD)
    expect(page).to_have_url(on_path("/account"))
    [session] = [c for c in context.cookies() if c["name"] == SESSION_COOKIE]
    # Another browser holding a copy of the cookie: it works before logout...
    thief = new_context()
    thief.add_cookies(
        [
            {
                "name": SESSION_COOKIE,
                "value": session["value"],
                "domain": session["domain"],
                "path": "/",
                "secure": True,
                "httpOnly": True,
                "sameSite": "Lax",
            }
        ]
    )
    stolen = thief.new_page()
    stolen.goto("/account")
    expect(stolen).to_have_url(on_path("/account"))

    page.get_by_role("button", name="Log out", exact=True).click()
    expect(page).to_have_url(on_path("/login?logged_out=1"))
    expect(page.get_by_role("status")).to_have_text("You have been logged out.")
    assert SESSION_COOKIE not in {c["name"] for c in context.cookies()}

    # ...and no longer after it: the server ended the session, not just the browser's cookie.
    stolen.goto("/account")
    expect(stolen).to_have_url(on_path("/login?next=/account"))
