"""The privacy center: consents given and withdrawn in one click, with history (P1, 1d, 4c; D3)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from jobexp.domain.purposes import Access
from jobexp.service_layer import consents
from jobexp.service_layer.context import RequestContext, Services
from tests.e2e.browser.conftest import Screenshot
from tests.e2e.browser.flows import (
    CHILD_BIRTH_DATE,
    SHANGHAI_TIME,
    allowed,
    consent_decision,
    on_path,
    sign_in,
    use_chinese,
)

pytestmark = pytest.mark.browser
WEATHER = Access("weather", ("location_coarse",))
API = RequestContext(None, "api")


def test_privacy_center_sends_a_visitor_who_is_not_signed_in_to_login(page: Page) -> None:
    page.goto("/privacy-center/consents")

    expect(page).to_have_url(on_path("/login?next=/privacy-center/consents"))


def test_overview_links_to_consents_policy_and_account(
    page: Page, svc: Services, screenshot: Screenshot
) -> None:
    user_id = sign_in(page, svc, "member@example.com")
    total = len(consents.statuses(svc, user_id))
    page.get_by_role("link", name="Privacy center", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Privacy center")
    main = page.get_by_role("main")
    for name, path in (
        ("Your consents", "/privacy-center/consents"),
        ("Privacy Policy", "/privacy"),
        ("My account", "/account"),
    ):
        expect(main.get_by_role("link", name=name, exact=True)).to_have_attribute("href", path)
    expect(page.get_by_test_id("consent-count")).to_have_text(f"0 of {total} consents given.")
    screenshot(page, "privacy-center-en")


def test_consent_page_names_each_purpose_recipient_and_the_data_it_uses(
    page: Page, svc: Services, screenshot: Screenshot
) -> None:
    sign_in(page, svc, "member@example.com")
    page.goto("/privacy-center/consents")

    weather = page.get_by_test_id("consent-weather")
    expect(weather.get_by_role("heading")).to_have_text("Weather")
    expect(weather.get_by_test_id("categories")).to_have_text("Coarse location")
    expect(weather).to_contain_text("Your separate consent")
    expect(weather.get_by_test_id("state")).to_have_text("Not asked yet, so off")
    navigation = page.get_by_test_id("consent-navigation_share-navigation_provider")
    expect(navigation.get_by_test_id("recipient")).to_have_text("Navigation provider")
    expect(navigation.get_by_test_id("categories")).to_have_text(
        "Voice recognition results, Coarse location, Saved places"
    )
    marketing = page.get_by_test_id("consent-marketing-marketing_partner")
    expect(marketing.get_by_test_id("recipient")).to_have_text("Marketing partner")
    expect(marketing.get_by_test_id("categories")).to_have_text("Account identifier")
    expect(page.get_by_test_id("consent-personalization")).to_contain_text("Personalization")
    screenshot(page, "consents-en")


def test_giving_then_withdrawing_a_consent_takes_effect_at_once(
    page: Page, svc: Services, screenshot: Screenshot
) -> None:
    user_id = sign_in(page, svc, "member@example.com")
    page.goto("/privacy-center/consents")
    weather = page.get_by_test_id("consent-weather")

    weather.get_by_role("button", name="Give consent").click()
    expect(page.get_by_role("status")).to_have_text("Saved. It applies from now on.")
    expect(weather.get_by_test_id("state")).to_contain_text("Given since")
    expect(weather.get_by_test_id("state")).to_contain_text(SHANGHAI_TIME)
    assert consent_decision(svc, user_id, "weather") == "granted"
    assert allowed(svc, WEATHER, user_id)
    screenshot(page, "consents-given-en")

    weather.get_by_role("button", name="Withdraw consent").click()
    expect(weather.get_by_test_id("state")).to_contain_text("Withdrawn on")
    expect(weather.get_by_role("button", name="Give consent")).to_be_visible()
    assert consent_decision(svc, user_id, "weather") == "withdrawn"
    assert not allowed(svc, WEATHER, user_id)


def test_each_decision_is_listed_in_the_history(page: Page, svc: Services) -> None:
    sign_in(page, svc, "member@example.com")
    page.goto("/privacy-center/consents")
    card = page.get_by_test_id("consent-ticket_booking_share-ticket_booking_partner")
    card.get_by_role("button", name="Give consent").click()
    card.get_by_role("button", name="Withdraw consent").click()

    rows = page.get_by_test_id("history").locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("Ticket booking · Ticket-booking partner")
    expect(rows.nth(0)).to_contain_text("Withdrawn")
    expect(rows.nth(1)).to_contain_text("Given")
    expect(rows.nth(1)).to_contain_text("Website")


def test_a_refused_consent_says_when_without_nagging(page: Page, svc: Services) -> None:
    user_id = sign_in(page, svc, "member@example.com")
    consents.decide(svc, user_id, ("weather", None, "refused"), API)

    page.goto("/privacy-center/consents")

    weather = page.get_by_test_id("consent-weather")
    expect(weather.get_by_test_id("state")).to_have_text("You said no on 2026-11-30 10:00 (CST)")
    expect(weather.get_by_role("button", name="Give consent")).to_be_visible()
    expect(page.get_by_role("alert")).to_have_count(0)
    expect(page.get_by_role("status")).to_have_count(0)


def test_a_long_history_is_shown_twenty_decisions_a_page(page: Page, svc: Services) -> None:
    user_id = sign_in(page, svc, "member@example.com")
    for n in range(25):
        consents.decide(svc, user_id, ("weather", None, "withdrawn" if n % 2 else "granted"), API)

    page.goto("/privacy-center/consents")
    expect(page.get_by_test_id("history").locator("tbody tr")).to_have_count(20)
    expect(page.get_by_test_id("history-page")).to_have_text("Page 1 of 2")
    page.get_by_role("link", name="Older").click()

    expect(page).to_have_url(on_path("/privacy-center/consents?page=2"))
    expect(page.get_by_test_id("history").locator("tbody tr")).to_have_count(5)
    expect(page.get_by_role("link", name="Newer")).to_be_visible()


def test_a_child_cannot_give_marketing_consent_alone(
    page: Page, svc: Services, screenshot: Screenshot
) -> None:
    user_id = sign_in(page, svc, "kid@example.com", birth_date=CHILD_BIRTH_DATE)
    page.goto("/privacy-center/consents")
    marketing = page.get_by_test_id("consent-marketing-marketing_partner")
    expect(marketing.get_by_test_id("guardian-hint")).to_be_visible()

    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        marketing.get_by_role("button", name="Give consent").click()

    assert posted.value.status == 403
    expect(page.get_by_role("alert")).to_have_text(
        "For users under 14 this needs a parent's or guardian's consent; "
        "it cannot be switched on from this account alone."
    )
    expect(marketing.get_by_test_id("state")).to_have_text("Not asked yet, so off")
    assert consent_decision(svc, user_id, "marketing", "marketing_partner") == "none"
    screenshot(page, "consents-child-refused-en")


def test_privacy_center_and_consents_are_shown_in_chinese(
    page: Page, svc: Services, screenshot: Screenshot
) -> None:
    user_id = sign_in(page, svc, "member@example.com")
    total = len(consents.statuses(svc, user_id))
    use_chinese(page, "/privacy-center")
    expect(page.get_by_role("heading", level=1)).to_have_text("隐私中心")
    expect(page.get_by_test_id("consent-count")).to_have_text(f"已给予 0 项同意（共 {total} 项）。")
    screenshot(page, "privacy-center-zh-CN")

    page.get_by_role("link", name="您的同意", exact=True).click()
    navigation = page.get_by_test_id("consent-navigation_share-navigation_provider")
    expect(navigation.get_by_role("heading")).to_have_text("导航 · 导航服务提供方")
    expect(navigation.get_by_test_id("categories")).to_have_text(
        "语音识别结果、大致位置、保存的地点"
    )
    navigation.get_by_role("button", name="给予同意").click()

    expect(navigation.get_by_test_id("state")).to_contain_text("起已同意")
    assert consent_decision(svc, user_id, "navigation_share", "navigation_provider") == "granted"
    screenshot(page, "consents-zh-CN")
