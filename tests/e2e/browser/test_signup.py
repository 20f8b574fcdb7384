"""Signing up through /signup: adults, minors with and without a guardian, password rules."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from jobexp.service_layer.context import Services
from tests.e2e.browser.conftest import Screenshot
from tests.e2e.browser.flows import (
    CHILD_BIRTH_DATE,
    MINOR_BIRTH_DATE,
    SHANGHAI_TIME,
    Guardian,
    fill_sign_up,
    on_path,
    stored_accounts,
    submit_sign_up,
)

pytestmark = pytest.mark.browser


def test_adult_signs_up_and_lands_on_account_page(page: Page, screenshot: Screenshot) -> None:
    fill_sign_up(page, "Violet.Adult@Example.com")
    submit_sign_up(page)

    expect(page).to_have_url(on_path("/account"))
    expect(page.get_by_role("heading", level=1)).to_have_text("My account")
    expect(page.get_by_test_id("identifier")).to_have_text("violet.adult@example.com")
    expect(page.get_by_test_id("age-status")).to_have_text("Adult")
    rows = page.get_by_test_id("acceptances").locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.filter(has_text="Service Agreement")).to_contain_text(SHANGHAI_TIME)
    expect(rows.filter(has_text="Privacy Policy")).to_contain_text(SHANGHAI_TIME)
    screenshot(page, "account-en")


def test_minor_without_guardian_consent_is_refused_and_nothing_is_stored(
    page: Page, svc: Services, screenshot: Screenshot
) -> None:
    fill_sign_up(page, "teen@example.com", birth_date=MINOR_BIRTH_DATE)
    response = submit_sign_up(page)

    assert response.status == 422
    expect(page).to_have_url(on_path("/signup"))
    expect(page.get_by_role("alert")).to_have_text(
        "Users under 18 need a parent's or legal guardian's consent: "
        "fill in the guardian section and tick their consent."
    )
    expect(page.get_by_label("Email or mobile number", exact=True)).to_have_value(
        "teen@example.com"
    )
    assert stored_accounts(svc) == 0
    screenshot(page, "signup-guardian-error-en")


def test_minor_with_guardian_consent_signs_up_and_sees_minor_status(page: Page) -> None:
    fill_sign_up(page, "teen@example.com", birth_date=MINOR_BIRTH_DATE, guardian=Guardian())
    submit_sign_up(page)

    expect(page).to_have_url(on_path("/account"))
    expect(page.get_by_test_id("age-status")).to_have_text("Minor (14–17), with guardian's consent")
    expect(page.get_by_test_id("guardian")).to_have_text(SHANGHAI_TIME)


def test_child_under_fourteen_has_all_data_treated_as_sensitive(page: Page) -> None:
    guardian = Guardian(
        name="Li Wei", contact="guardian@example.com", relationship="legal_guardian"
    )
    fill_sign_up(page, "child@example.com", birth_date=CHILD_BIRTH_DATE, guardian=guardian)
    submit_sign_up(page)

    expect(page).to_have_url(on_path("/account"))
    expect(page.get_by_test_id("age-status")).to_contain_text("all data treated as sensitive")
    expect(page.get_by_test_id("guardian")).to_have_text(SHANGHAI_TIME)


@pytest.mark.parametrize("common", ["password", "12345678", "iloveyou"])
def test_common_password_is_refused_at_sign_up(page: Page, svc: Services, common: str) -> None:
    fill_sign_up(page, "common@example.com", password=common)
    response = submit_sign_up(page)

    assert response.status == 422
    expect(page.get_by_role("alert")).to_have_text(
        "This password is too common. Choose another; a phrase of several words works well."
    )
    assert stored_accounts(svc) == 0


def test_browser_does_not_send_a_password_shorter_than_eight_characters(page: Page) -> None:
    posts: list[str] = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    fill_sign_up(page, "short@example.com", password="violet7")
    page.get_by_role("button", name="Create account", exact=True).click()

    password = page.get_by_label("Password", exact=True)
    assert password.evaluate("input => input.validity.tooShort") is True
    expect(page).to_have_url(on_path("/signup"))
    assert posts == []


def test_server_refuses_a_password_shorter_than_eight_characters(page: Page, svc: Services) -> None:
    fill_sign_up(page, "short@example.com", password="violet7")
    # What a browser without form validation (or a hand-made request) would send.
    page.get_by_label("Password", exact=True).evaluate(
        "input => input.removeAttribute('minlength')"
    )
    response = submit_sign_up(page)

    assert response.status == 422
    expect(page.get_by_role("alert")).to_have_text("The password must be at least 8 characters.")
    assert stored_accounts(svc) == 0


def test_sign_up_with_a_tampered_csrf_token_is_refused(page: Page, svc: Services) -> None:
    fill_sign_up(page, "forged@example.com")
    page.locator("main input[name=csrf_token]").evaluate("input => { input.value = 'forged' }")
    response = submit_sign_up(page)

    assert response.status == 403
    expect(page.get_by_role("alert")).to_have_text(
        "This form has expired or did not come from JobExp. Reload the page and try again."
    )
    assert stored_accounts(svc) == 0


def test_sign_up_without_a_csrf_token_is_refused(page: Page, svc: Services) -> None:
    fill_sign_up(page, "forged@example.com")
    page.locator("main input[name=csrf_token]").evaluate("input => input.remove()")
    response = submit_sign_up(page)

    assert response.status == 403
    expect(page.get_by_role("alert")).to_have_text(
        "This form has expired or did not come from JobExp. Reload the page and try again."
    )
    assert stored_accounts(svc) == 0
