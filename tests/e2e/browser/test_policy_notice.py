"""The policy-update pop-up: material updates pause what they affect until accepted (11; D1)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from jobexp.domain.purposes import Access
from jobexp.service_layer import consents, policy_updates
from jobexp.service_layer.context import RequestContext, Services
from jobexp.types import UserId
from tests.e2e.browser.conftest import Screenshot
from tests.e2e.browser.flows import allowed, on_path, sign_in, submit, use_chinese
from tests.support.policy_files import material_update, minor_update

pytestmark = pytest.mark.browser
WEATHER = Access("weather", ("location_coarse",))
CLI = RequestContext(None, "cli")


def _weather_user(page: Page, svc: Services) -> UserId:
    """A signed-in user who gave the weather consent before the policy changed."""
    user_id = sign_in(page, svc, "member@example.com")
    consents.decide(svc, user_id, ("weather", None, "granted"), RequestContext(None, "api"))
    return user_id


def test_a_material_update_pops_up_naming_the_paused_feature(
    page: Page, svc: Services, screenshot: Screenshot
) -> None:
    user_id = _weather_user(page, svc)
    policy_updates.publish(svc, material_update(), "policy.yaml", CLI)

    page.goto("/account")

    popup = page.get_by_role("dialog")
    expect(popup).to_be_visible()
    expect(popup.get_by_test_id("policy-kind")).to_have_text("Material update")
    expect(popup).to_contain_text("Version 2026-12-15")
    expect(popup.get_by_test_id("policy-paused")).to_contain_text("Weather")
    expect(popup.get_by_test_id("policy-changes")).to_contain_text(
        "Purpose uses more data: Weather"
    )
    expect(popup.get_by_role("link", name="Read what changed in the policy")).to_have_attribute(
        "href", "/privacy#changes"
    )
    assert not allowed(svc, WEATHER, user_id)
    screenshot(page, "policy-popup-material-en")


def test_the_consent_page_marks_a_paused_consent(page: Page, svc: Services) -> None:
    _weather_user(page, svc)
    policy_updates.publish(svc, material_update(), "policy.yaml", CLI)
    page.goto("/privacy-center/consents")

    expect(page.get_by_test_id("consent-weather").get_by_test_id("paused")).to_be_visible()


def test_not_now_turns_the_pop_up_into_a_slim_banner_and_weather_stays_paused(
    page: Page, svc: Services, screenshot: Screenshot
) -> None:
    user_id = _weather_user(page, svc)
    policy_updates.publish(svc, material_update(), "policy.yaml", CLI)
    page.goto("/account")

    submit(page, "Not now", "/policy/later")

    expect(page).to_have_url(on_path("/account"))
    expect(page.get_by_role("dialog")).to_have_count(0)
    banner = page.get_by_test_id("policy-banner")
    expect(banner).to_contain_text("a material update is waiting for your acceptance")
    expect(banner).to_contain_text("Weather")
    page.goto("/privacy-center")
    expect(page.get_by_test_id("policy-banner")).to_be_visible()
    assert not allowed(svc, WEATHER, user_id)
    screenshot(page, "policy-banner-slim-en")


def test_accepting_removes_the_pop_up_and_weather_works_again(page: Page, svc: Services) -> None:
    user_id = _weather_user(page, svc)
    policy_updates.publish(svc, material_update(), "policy.yaml", CLI)
    page.goto("/privacy-center")

    page.get_by_role("dialog").get_by_role("button", name="Accept", exact=True).click()

    expect(page).to_have_url(on_path("/privacy-center"))
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(page.get_by_test_id("policy-banner")).to_have_count(0)
    assert allowed(svc, WEATHER, user_id)
    assert policy_updates.pending_notice(svc, user_id) is None


def test_accepting_from_the_slim_banner_works_too(page: Page, svc: Services) -> None:
    user_id = _weather_user(page, svc)
    policy_updates.publish(svc, material_update(), "policy.yaml", CLI)
    page.goto("/account")
    submit(page, "Not now", "/policy/later")

    page.get_by_test_id("policy-banner").get_by_role("button", name="Accept").click()

    expect(page.get_by_test_id("policy-banner")).to_have_count(0)
    assert allowed(svc, WEATHER, user_id)


def test_a_minor_update_pop_up_asks_only_for_an_acknowledgement(
    page: Page, svc: Services, screenshot: Screenshot
) -> None:
    user_id = _weather_user(page, svc)
    policy_updates.publish(svc, minor_update(), "policy.yaml", CLI)
    page.goto("/account")

    popup = page.get_by_role("dialog")
    expect(popup.get_by_test_id("policy-kind")).to_have_text("Minor update")
    expect(popup.get_by_test_id("policy-paused")).to_have_count(0)
    expect(popup.get_by_role("button", name="Accept", exact=True)).to_have_count(0)
    assert allowed(svc, WEATHER, user_id)
    screenshot(page, "policy-popup-minor-en")

    popup.get_by_role("button", name="Acknowledge").click()

    expect(page.get_by_role("dialog")).to_have_count(0)
    assert policy_updates.pending_notice(svc, user_id) is None


def test_visitors_who_are_not_signed_in_see_no_pop_up(page: Page, svc: Services) -> None:
    policy_updates.publish(svc, material_update(), "policy.yaml", CLI)

    page.goto("/")

    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(page.get_by_test_id("policy-banner")).to_have_count(0)


def test_the_pop_up_is_shown_and_accepted_in_chinese(
    page: Page, svc: Services, screenshot: Screenshot
) -> None:
    user_id = _weather_user(page, svc)
    policy_updates.publish(svc, material_update(), "policy.yaml", CLI)
    use_chinese(page, "/account")

    popup = page.get_by_role("dialog")
    expect(popup.get_by_test_id("policy-kind")).to_have_text("重大更新")
    expect(popup.get_by_role("heading", level=2)).to_have_text("隐私政策已变更，需要您的同意")
    expect(popup.get_by_test_id("policy-paused")).to_contain_text("天气查询")
    screenshot(page, "policy-popup-material-zh-CN")

    submit(page, "暂不处理", "/policy/later")
    expect(page.get_by_test_id("policy-banner")).to_contain_text("重大更新等待您接受")
    screenshot(page, "policy-banner-slim-zh-CN")
    page.get_by_test_id("policy-banner").get_by_role("button", name="接受").click()

    expect(page.get_by_test_id("policy-banner")).to_have_count(0)
    assert allowed(svc, WEATHER, user_id)
