"""The pages in Simplified Chinese, chosen through the header's language link."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.browser.conftest import Screenshot
from tests.e2e.browser.flows import SHANGHAI_TIME_ZH, fill_sign_up, on_path, submit_sign_up

pytestmark = pytest.mark.browser


def test_whole_sign_up_flow_works_in_chinese(page: Page, screenshot: Screenshot) -> None:
    page.goto("/")
    screenshot(page, "home-en")
    page.get_by_role("link", name="中文").click()
    expect(page).to_have_url(on_path("/"))
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    expect(page.get_by_role("navigation").get_by_role("link", name="登录")).to_be_visible()

    page.get_by_role("navigation").get_by_role("link", name="注册").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("创建账户")
    screenshot(page, "signup-zh-CN")

    fill_sign_up(page, "zhang@example.com", password="12345678", locale="zh-CN")
    assert submit_sign_up(page, locale="zh-CN").status == 422
    expect(page.get_by_role("alert")).to_have_text(
        "该密码过于常见，请换一个；由几个词组成的短语效果很好。"
    )

    fill_sign_up(page, "zhang@example.com", locale="zh-CN")
    submit_sign_up(page, locale="zh-CN")
    expect(page).to_have_url(on_path("/account"))
    expect(page.get_by_role("heading", level=1)).to_have_text("我的账户")
    expect(page.get_by_test_id("age-status")).to_have_text("成年人")
    rows = page.get_by_test_id("acceptances").locator("tbody tr")
    expect(rows.filter(has_text="服务协议")).to_contain_text(SHANGHAI_TIME_ZH)
    expect(rows.filter(has_text="隐私政策")).to_contain_text(SHANGHAI_TIME_ZH)
    screenshot(page, "account-zh-CN")

    page.get_by_role("button", name="退出登录", exact=True).click()
    expect(page.get_by_role("status")).to_have_text("您已退出登录。")


def test_signup_page_is_in_english_by_default(page: Page, screenshot: Screenshot) -> None:
    page.goto("/signup")

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Create your account")
    screenshot(page, "signup-en")
