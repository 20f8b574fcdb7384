"""The support console's deletion queue in Chromium: deadlines, time left, overdue, on behalf."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from jobexp.clock import ManualClock
from jobexp.service_layer import deletion
from jobexp.service_layer.context import RequestContext, Services
from tests.e2e.browser.conftest import Screenshot
from tests.e2e.browser.flows import console_log_in, submit, use_chinese
from tests.support.factories import PASSWORD, sign_up
from tests.support.governance import add_staff

pytestmark = pytest.mark.browser
WEB = RequestContext("198.51.100.40", "web")


def test_support_files_a_request_for_a_user_and_sees_its_deadline_and_time_left(
    page: Page, svc: Services, screenshot: Screenshot
) -> None:
    user = sign_up(svc, "caller@example.com")
    support = add_staff(svc, "support")
    console_log_in(page, support.email)
    page.get_by_role("link", name="Deletion requests").click()
    expect(page.get_by_test_id("no-deletions")).to_be_visible()
    page.get_by_label("User ID").fill(user)
    page.get_by_label("How the user's identity was confirmed").fill(
        "Called back on the number on file"
    )
    submit(page, "File deletion request", "/console/deletions")
    expect(page.get_by_test_id("message")).to_contain_text("deletion request is filed")
    row = page.get_by_test_id("deletion-row")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("staff, for the user")
    expect(row.get_by_test_id("deletion-left")).to_contain_text(" d ")
    screenshot(page, "console-deletions")


def test_an_overdue_request_under_legal_hold_is_flagged_in_english_and_chinese(
    page: Page, svc: Services, clock: ManualClock
) -> None:
    user = sign_up(svc, "held@example.com")
    deletion.request_deletion(svc, user, PASSWORD, WEB)
    deletion.place_hold(svc, deletion.user_ref(svc, user), "court order 2026-17", "officer")
    clock.advance(timedelta(days=10))
    console_log_in(page, add_staff(svc, "privacy_officer").email)
    page.goto("/console/deletions")
    row = page.get_by_test_id("deletion-row")
    expect(row.get_by_test_id("overdue")).to_have_text("Overdue")
    expect(row.get_by_test_id("legal-hold")).to_have_text("Legal hold")
    use_chinese(page, "/console/deletions")
    expect(row.get_by_test_id("overdue")).to_have_text("已逾期")
    expect(row.get_by_test_id("legal-hold")).to_have_text("法律保全")


def test_a_refused_filing_is_shown_on_the_queue_page(page: Page, svc: Services) -> None:
    console_log_in(page, add_staff(svc, "support").email)
    page.goto("/console/deletions")
    page.get_by_label("User ID").fill("0" * 32)
    page.get_by_label("How the user's identity was confirmed").fill("Letter with ID copy")
    response = submit(page, "File deletion request", "/console/deletions")
    assert response.status == 404
    expect(page.get_by_test_id("error")).to_contain_text("does not exist")
