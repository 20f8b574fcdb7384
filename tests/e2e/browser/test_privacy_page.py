"""The published privacy policy page, in English and Chinese, rendered from the policy data."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from jobexp.entrypoints.app import create_app
from jobexp.entrypoints.web.privacy import router as privacy_router
from jobexp.policy.ids import ClauseId
from jobexp.service_layer.context import Services
from tests.e2e.browser.conftest import Screenshot
from tests.e2e.browser.flows import SHANGHAI_TIME, SHANGHAI_TIME_ZH
from tests.support.live_server import live_server

pytestmark = pytest.mark.browser


@pytest.fixture
def base_url(svc: Services) -> Iterator[str]:
    """The app, with the privacy page mounted if app.py does not mount it (yet)."""
    app = create_app(svc)
    if not any(getattr(route, "path", None) == "/privacy" for route in app.routes):
        app.include_router(privacy_router)
    with live_server(app) as url:
        yield url


def test_the_policy_page_in_english_shows_version_tables_and_clauses(
    page: Page, svc: Services, screenshot: Screenshot
) -> None:
    version = svc.policies.published().current.version

    page.goto("/privacy")

    expect(page.get_by_role("heading", level=1)).to_have_text("Privacy Policy")
    expect(page.get_by_test_id("version-label")).to_have_text("2026-11-29")
    expect(page.get_by_test_id("content-version")).to_have_text(version[:12])
    expect(page.get_by_test_id("content-version")).to_have_attribute("title", version)
    expect(page.get_by_test_id("published")).to_have_text(SHANGHAI_TIME)
    expect(page.get_by_test_id("changes")).to_contain_text("first published version")
    retention = page.get_by_test_id("retention-table").locator("tr[data-category=access_log]")
    expect(retention.locator("td")).to_have_text(
        ["Access log", "6 months (183 days)", "from collection", "deleted", "—"]
    )
    recipient = page.get_by_test_id("recipients-table").locator(
        "tr[data-recipient=navigation_provider]"
    )
    expect(recipient).to_contain_text("Third-party integration")
    expect(recipient).to_contain_text("Required: your separate consent naming this recipient")
    permissions = page.get_by_test_id("permissions-table").locator("tbody tr")
    expect(permissions).to_have_count(8)
    expect(permissions.filter(has_text="Approximate location").locator("td").nth(1)).to_have_text(
        "Weather"
    )
    for clause in ClauseId:
        expect(page.locator(f'[id="clause-{clause}"]')).to_have_count(1)
    expect(page.locator('[id="clause-8a"]')).to_contain_text("argon2id hash")
    screenshot(page, "privacy-en")


def test_the_policy_page_in_chinese_and_a_clause_anchor_link(
    page: Page, screenshot: Screenshot
) -> None:
    page.goto("/privacy")
    page.get_by_role("link", name="中文").click()

    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    expect(page.get_by_role("heading", level=1)).to_have_text("隐私政策")
    expect(page.get_by_test_id("published")).to_have_text(SHANGHAI_TIME_ZH)
    expect(page.get_by_test_id("storage-region")).to_have_text("中华人民共和国 (CN)")
    retention = page.get_by_test_id("retention-table").locator("tr[data-category=location_coarse]")
    expect(retention).to_contain_text("任务预约：1 年，自您最后一次使用起，期满后删除")
    expect(
        page.get_by_test_id("recipients-table").locator("tr[data-recipient=marketing_partner]")
    ).to_contain_text("营销合作方")
    expect(page.get_by_test_id("permissions-table")).to_contain_text("您首次查询所在地天气时。")
    screenshot(page, "privacy-zh-CN")

    page.goto("/privacy#clause-11")

    clause = page.locator('[id="clause-11"]')
    expect(clause).to_be_in_viewport()
    expect(clause).to_contain_text("继续使用服务绝不视为同意重大变更")
    screenshot(page, "privacy-zh-CN-clause-11")


def test_the_policy_can_be_searched_in_english_and_chinese(
    page: Page, screenshot: Screenshot
) -> None:
    page.goto("/privacy")
    page.get_by_label("Search the policy").fill("account deletion")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_test_id("search-count")).to_contain_text("account deletion")
    hit = page.get_by_test_id("search-hit").filter(has_text="Account deletion")
    expect(hit).to_have_count(1)
    screenshot(page, "privacy-search-en")
    hit.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/privacy#clause-10$"))
    page.goto("/lang/zh-CN?next=/privacy")
    page.get_by_label("搜索政策内容").fill("注销")
    page.get_by_role("button", name="搜索").click()
    expect(page.locator('[data-testid=search-hit] a[href="/privacy#clause-10"]')).to_have_count(1)
