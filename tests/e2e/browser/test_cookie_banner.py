"""The cookie banner and opt-in personalization (clauses 7a-7c, D11)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from jobexp.domain.purposes import Access
from jobexp.service_layer import consents
from jobexp.service_layer.context import RequestContext, Services
from tests.e2e.browser.conftest import Screenshot
from tests.e2e.browser.flows import (
    CHILD_BIRTH_DATE,
    PREFERENCES_COOKIE,
    RECENT_COOKIE,
    allowed,
    choose_personalization,
    consent_decision,
    cookie_names,
    fill_sign_up,
    log_in,
    on_path,
    sign_in,
    submit,
    submit_sign_up,
    use_chinese,
)

pytestmark = pytest.mark.browser
PERSONALIZE = Access("personalization", ("personalization_profile",))


def test_banner_is_shown_on_a_first_visit(page: Page, screenshot: Screenshot) -> None:
    page.goto("/")

    banner = page.get_by_test_id("cookie-banner")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("essential cookies only to keep you signed in")
    expect(banner).to_contain_text("Personalization is off unless you turn it on")
    expect(banner.get_by_role("button", name="Allow personalization")).to_be_visible()
    expect(banner.get_by_role("button", name="Keep it off")).to_be_visible()
    screenshot(page, "cookie-banner-en")


def test_the_two_banner_buttons_look_the_same(page: Page) -> None:
    page.goto("/")
    banner = page.get_by_test_id("cookie-banner")
    allow = banner.get_by_role("button", name="Allow personalization").bounding_box()
    refuse = banner.get_by_role("button", name="Keep it off").bounding_box()

    assert allow is not None and refuse is not None
    assert (allow["width"], allow["height"]) == (refuse["width"], refuse["height"])


def test_banner_is_not_shown_again_after_a_refusal(page: Page) -> None:
    page.goto("/login")
    choose_personalization(page, on=False)

    expect(page).to_have_url(on_path("/login"))
    expect(page.get_by_test_id("cookie-banner")).to_have_count(0)
    page.goto("/signup")
    expect(page.get_by_test_id("cookie-banner")).to_have_count(0)
    assert PREFERENCES_COOKIE in cookie_names(page)


def test_banner_is_not_shown_again_after_allowing_personalization(page: Page) -> None:
    page.goto("/")
    choose_personalization(page, on=True)

    expect(page).to_have_url(on_path("/"))
    expect(page.get_by_test_id("cookie-banner")).to_have_count(0)
    page.reload()
    expect(page.get_by_test_id("cookie-banner")).to_have_count(0)


def test_with_personalization_off_no_recent_pages_are_kept_and_no_shortcuts_shown(
    page: Page, svc: Services
) -> None:
    page.goto("/")
    choose_personalization(page, on=False)
    sign_in(page, svc, "member@example.com")
    for path in ("/account", "/privacy-center", "/terms"):
        page.goto(path)
    page.goto("/")

    expect(page.get_by_test_id("recent")).to_have_count(0)
    assert RECENT_COOKIE not in cookie_names(page)


def test_sign_up_login_account_and_privacy_center_work_with_personalization_off(
    page: Page, svc: Services
) -> None:
    page.goto("/")
    choose_personalization(page, on=False)
    fill_sign_up(page, "newcomer@example.com")
    submit_sign_up(page)
    expect(page).to_have_url(on_path("/account"))
    expect(page.get_by_test_id("identifier")).to_have_text("newcomer@example.com")

    page.get_by_role("button", name="Log out", exact=True).click()
    log_in(page, "newcomer@example.com", "violet stapler morning")
    expect(page).to_have_url(on_path("/account"))
    page.goto("/privacy-center")
    expect(page.get_by_role("heading", level=1)).to_have_text("Privacy center")
    page.goto("/privacy-center/consents")
    expect(page.get_by_test_id("consent-weather")).to_be_visible()
    assert RECENT_COOKIE not in cookie_names(page)


def test_with_personalization_on_the_home_page_offers_the_recent_pages(
    page: Page, svc: Services, screenshot: Screenshot
) -> None:
    sign_in(page, svc, "member@example.com")
    choose_personalization(page, on=True)
    for path in ("/terms", "/privacy-center", "/account"):
        page.goto(path)
    page.goto("/")

    recent = page.get_by_test_id("recent")
    expect(recent.get_by_role("heading")).to_have_text("Continue where you left off")
    expect(recent.get_by_role("link")).to_have_text(
        ["My account", "Privacy center", "Service Agreement"]
    )
    assert RECENT_COOKIE in cookie_names(page)
    screenshot(page, "home-shortcuts-en")


def test_switching_personalization_off_on_the_home_page_removes_the_shortcuts_at_once(
    page: Page,
) -> None:
    page.goto("/")
    choose_personalization(page, on=True)
    page.goto("/terms")
    page.goto("/")
    expect(page.get_by_test_id("recent")).to_be_visible()

    submit(page, "Switch personalization off", "/preferences/personalization")

    expect(page).to_have_url(on_path("/"))
    expect(page.get_by_test_id("recent")).to_have_count(0)
    assert RECENT_COOKIE not in cookie_names(page)


def test_switching_personalization_off_from_the_footer_link_removes_the_shortcuts(
    page: Page, screenshot: Screenshot
) -> None:
    page.goto("/")
    choose_personalization(page, on=True)
    page.goto("/terms")
    page.get_by_test_id("cookie-settings").click()
    expect(page.get_by_test_id("personalization-state")).to_have_text("Personalization is on.")
    screenshot(page, "cookie-settings-en")

    choose_personalization(page, on=False)

    expect(page).to_have_url(on_path("/terms"))
    assert RECENT_COOKIE not in cookie_names(page)
    page.goto("/")
    expect(page.get_by_test_id("recent")).to_have_count(0)


def test_a_signed_in_choice_is_recorded_as_the_personalization_consent(
    page: Page, svc: Services
) -> None:
    user_id = sign_in(page, svc, "member@example.com")
    expect(page.get_by_test_id("cookie-banner")).to_contain_text("your personalization consent")

    choose_personalization(page, on=True)

    assert consent_decision(svc, user_id, "personalization") == "granted"
    assert allowed(svc, PERSONALIZE, user_id)
    page.goto("/privacy-center/consents")
    expect(page.get_by_test_id("consent-personalization").get_by_test_id("state")).to_contain_text(
        "Given since"
    )


def test_a_signed_in_refusal_is_recorded_and_the_banner_stays_hidden(
    page: Page, svc: Services
) -> None:
    user_id = sign_in(page, svc, "member@example.com")

    choose_personalization(page, on=False)

    assert consent_decision(svc, user_id, "personalization") == "refused"
    page.goto("/account")
    expect(page.get_by_test_id("cookie-banner")).to_have_count(0)


def test_withdrawing_on_the_consent_page_stops_personalization_at_once(
    page: Page, svc: Services
) -> None:
    user_id = sign_in(page, svc, "member@example.com")
    choose_personalization(page, on=True)
    page.goto("/terms")
    page.goto("/")
    expect(page.get_by_test_id("recent")).to_be_visible()

    page.goto("/privacy-center/consents")
    card = page.get_by_test_id("consent-personalization")
    card.get_by_role("button", name="Withdraw consent").click()
    expect(card.get_by_test_id("state")).to_contain_text("Withdrawn on")

    assert not allowed(svc, PERSONALIZE, user_id)
    assert RECENT_COOKIE not in cookie_names(page)
    page.goto("/")
    expect(page.get_by_test_id("recent")).to_have_count(0)
    expect(page.get_by_test_id("cookie-banner")).to_have_count(0)


def test_a_consent_withdrawn_elsewhere_stops_personalization_on_the_next_page(
    page: Page, svc: Services
) -> None:
    user_id = sign_in(page, svc, "member@example.com")
    choose_personalization(page, on=True)
    page.goto("/terms")
    consents.decide(
        svc, user_id, ("personalization", None, "withdrawn"), RequestContext(None, "api")
    )

    page.goto("/")

    expect(page.get_by_test_id("recent")).to_have_count(0)
    assert RECENT_COOKIE not in cookie_names(page)


def test_a_child_cannot_switch_personalization_on_from_the_banner(
    page: Page, svc: Services
) -> None:
    user_id = sign_in(page, svc, "kid@example.com", birth_date=CHILD_BIRTH_DATE)

    response = choose_personalization(page, on=True)

    assert response.status == 403
    expect(page.get_by_role("alert")).to_contain_text("needs a parent's or guardian's consent")
    assert consent_decision(svc, user_id, "personalization") == "none"
    expect(page.get_by_test_id("cookie-banner")).to_be_visible()


def test_banner_is_shown_and_answered_in_chinese(page: Page, screenshot: Screenshot) -> None:
    use_chinese(page)
    banner = page.get_by_test_id("cookie-banner")
    expect(banner.get_by_role("heading")).to_have_text("Cookie 与个性化服务")
    expect(banner).to_contain_text("除非您主动开启，个性化服务始终关闭")
    screenshot(page, "cookie-banner-zh-CN")

    choose_personalization(page, on=True, locale="zh-CN")
    page.goto("/terms")
    page.goto("/")

    expect(page.get_by_test_id("cookie-banner")).to_have_count(0)
    expect(page.get_by_test_id("recent").get_by_role("heading")).to_have_text(
        "从上次离开的地方继续"
    )
    expect(page.get_by_test_id("recent").get_by_role("link")).to_have_text(["服务协议"])
    screenshot(page, "home-shortcuts-zh-CN")
