"""Account deletion in the privacy center, in English and Chinese (clause 10, D7)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from jobexp.bootstrap import partner_notifier
from jobexp.clock import ManualClock
from jobexp.domain.working_days import deletion_deadline
from jobexp.i18n import translate
from jobexp.service_layer import deletion, erasure
from jobexp.service_layer.context import Services
from jobexp.types import Locale
from tests.e2e.browser.conftest import Screenshot
from tests.e2e.browser.flows import (
    PASSWORD,
    SHANGHAI_TIME,
    SHANGHAI_TIME_ZH,
    on_path,
    sign_in,
    submit,
    use_chinese,
)

pytestmark = pytest.mark.browser
PAGE = "/privacy-center/deletion"
REMAINING = {
    "en": re.compile(r"^\d+ d \d+ h \d+ min$"),
    "zh-CN": re.compile(r"^\d+ 天 \d+ 小时 \d+ 分钟$"),
}
TIME = {"en": SHANGHAI_TIME, "zh-CN": SHANGHAI_TIME_ZH}


def _request_cancel_and_check(
    page: Page, svc: Services, clock: ManualClock, locale: Locale, screenshot: Screenshot
) -> None:
    def t(key: str, **params: object) -> str:
        return translate(key, locale, **params)

    page.goto("/privacy-center")
    page.get_by_role("link", name=t("deletion.title"), exact=True).click()
    expect(page).to_have_url(on_path(PAGE))
    expect(page.get_by_role("heading", level=1)).to_have_text(t("deletion.title"))

    page.get_by_label(t("deletion.password"), exact=True).fill("not my password")
    refused = submit(page, t("deletion.confirm"), PAGE)
    assert refused.status == 401
    expect(page.get_by_test_id("error")).to_have_text(t("deletion.password_wrong"))

    page.get_by_label(t("deletion.password"), exact=True).fill(PASSWORD)
    submit(page, t("deletion.confirm"), PAGE)
    expect(page.get_by_test_id("message")).to_have_text(t("deletion.requested_notice"))
    expect(page.get_by_test_id("deletion-state")).to_have_text(t("deletion.state.requested"))
    deadline = deletion_deadline(clock.now()).day.isoformat()
    expect(page.get_by_test_id("deletion-deadline")).to_have_attribute("data-date", deadline)
    expect(page.get_by_test_id("deletion-deadline")).to_contain_text(deadline)
    expect(page.get_by_test_id("deletion-remaining")).to_have_text(REMAINING[locale])
    expect(page.get_by_test_id("deletion-requested-at")).to_have_text(TIME[locale])
    receipt = page.get_by_test_id("deletion-receipt-link")
    expect(receipt).to_have_attribute("href", re.compile(r"^/deletion-receipts/[\w-]{43}$"))
    screenshot(page, f"deletion-requested-{locale}")

    submit(page, t("deletion.cancel"), "/privacy-center/deletion/cancel")
    expect(page.get_by_test_id("message")).to_have_text(t("deletion.cancelled_notice"))
    expect(page.get_by_test_id("deletion-previous")).to_contain_text(TIME[locale])
    expect(page.get_by_role("button", name=t("deletion.confirm"), exact=True)).to_be_visible()
    screenshot(page, f"deletion-cancelled-{locale}")


def test_a_user_requests_deletion_sees_its_deadline_and_cancels_it_in_english(
    page: Page, svc: Services, clock: ManualClock, screenshot: Screenshot
) -> None:
    user_id = sign_in(page, svc, "leaving@example.com")
    _request_cancel_and_check(page, svc, clock, "en", screenshot)
    status = deletion.status(svc, user_id)
    assert status is not None and status.state == "cancelled"


def test_a_user_requests_deletion_sees_its_deadline_and_cancels_it_in_chinese(
    page: Page, svc: Services, clock: ManualClock, screenshot: Screenshot
) -> None:
    user_id = sign_in(page, svc, "leaving@example.com")
    use_chinese(page)
    _request_cancel_and_check(page, svc, clock, "zh-CN", screenshot)
    status = deletion.status(svc, user_id)
    assert status is not None and status.state == "cancelled"


def test_a_second_tab_cannot_open_a_second_request(page: Page, svc: Services) -> None:
    sign_in(page, svc, "leaving@example.com")
    page.goto(PAGE)
    second = page.context.new_page()
    second.goto(PAGE)
    page.get_by_label("Your current password", exact=True).fill(PASSWORD)
    submit(page, "Delete my account", PAGE)
    second.get_by_label("Your current password", exact=True).fill(PASSWORD)
    refused = submit(second, "Delete my account", PAGE)
    assert refused.status == 409
    expect(second.get_by_test_id("error")).to_have_text(
        translate("deletion.already_requested", "en")
    )


def test_after_erasure_the_session_is_gone_and_the_receipt_remains(
    page: Page, svc: Services, clock: ManualClock, screenshot: Screenshot
) -> None:
    sign_in(page, svc, "leaving@example.com")
    page.goto(PAGE)
    page.get_by_label("Your current password", exact=True).fill(PASSWORD)
    submit(page, "Delete my account", PAGE)
    href = page.get_by_test_id("deletion-receipt-link").get_attribute("href")
    assert href is not None
    page.goto(href)
    expect(page.get_by_test_id("receipt-pending")).to_be_visible()

    clock.advance(timedelta(hours=24, minutes=1))
    assert len(erasure.run(svc, partner_notifier(svc.settings)).erased) == 1
    page.goto(PAGE)
    expect(page).to_have_url(on_path(f"/login?next={PAGE}"))
    page.goto(href)
    expect(page.get_by_test_id("receipt-state")).to_have_text("Erased")
    expect(page.get_by_test_id("receipt-categories")).to_contain_text("Account identifier")
    expect(page.get_by_test_id("receipt-key")).to_be_visible()
    screenshot(page, "deletion-receipt-en")
    use_chinese(page, href)
    expect(page.get_by_test_id("receipt-state")).to_have_text("已删除")
