"""Disclosure history, leak reports and the console's approval flow in Chromium (5.0, 8b; D4)."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from jobexp.service_layer import disclosure_requests, incidents
from jobexp.service_layer.context import Services
from jobexp.types import UserId
from tests.e2e.browser.conftest import Screenshot
from tests.e2e.browser.flows import (
    SHANGHAI_TIME,
    SHANGHAI_TIME_ZH,
    console_log_in,
    sign_in,
    submit,
    use_chinese,
)
from tests.support.governance import add_staff, authority_filing

pytestmark = pytest.mark.browser


def _disclosed(svc: Services, user_id: UserId) -> None:
    support, officer = add_staff(svc, "support"), add_staff(svc, "privacy_officer")
    request_id = disclosure_requests.file(svc, support, authority_filing(user_id))
    disclosure_requests.decide(svc, officer, request_id, approve=True)
    disclosure_requests.execute(svc, officer, request_id)


def test_the_user_sees_each_disclosure_in_their_time_zone_in_english_and_chinese(
    page: Page, svc: Services, screenshot: Screenshot
) -> None:
    user_id = sign_in(page, svc, "member@example.com")
    page.goto("/privacy-center")
    page.get_by_test_id("disclosures-link").click()
    expect(page.get_by_test_id("no-disclosures")).to_be_visible()
    _disclosed(svc, user_id)
    page.reload()
    row = page.get_by_test_id("disclosure-row")
    expect(row).to_have_count(1)
    expect(row.get_by_test_id("recipient")).to_have_text("Haidian Public Security Bureau")
    expect(row.get_by_test_id("basis")).to_have_text("5c · Required by law")
    expect(row.get_by_test_id("categories")).to_have_text("Account identifier")
    expect(row.get_by_test_id("when")).to_have_text(SHANGHAI_TIME)
    screenshot(page, "disclosures-en")
    use_chinese(page, "/privacy-center/disclosures")
    expect(row.get_by_test_id("basis")).to_have_text("5c · 法律要求")
    expect(row.get_by_test_id("categories")).to_have_text("账号标识")
    expect(row.get_by_test_id("when")).to_have_text(SHANGHAI_TIME_ZH)


def test_a_leak_report_is_sent_in_one_form_and_the_incident_notice_appears(
    page: Page, svc: Services
) -> None:
    user_id = sign_in(page, svc, "member@example.com")
    page.goto("/privacy-center/report-leak")
    expect(page.get_by_test_id("no-notices")).to_be_visible()
    page.get_by_label("What happened?").fill("A stranger phoned me quoting my JobExp email.")
    submit(page, "Send report", "/privacy-center/report-leak")
    expect(page.get_by_test_id("message")).to_be_visible()
    officer = add_staff(svc, "privacy_officer")
    [report] = incidents.open_reports(svc, officer)
    new = incidents.NewIncident(
        ("account_identifier",), "Misdirected export", "Email seen", "Deleted", (report.id,)
    )
    incidents.open_incident(svc, officer, new)
    page.reload()
    expect(page.get_by_test_id("incident-notice")).to_contain_text("Misdirected export")
    assert user_id


def test_a_privacy_officer_approves_in_the_console_and_a_5g_self_approval_is_refused(
    new_context: Callable[[], BrowserContext], svc: Services, screenshot: Screenshot
) -> None:
    from tests.support.factories import sign_up

    user_id = sign_up(svc, "member@example.com")
    officer = add_staff(svc, "privacy_officer")
    second = add_staff(svc, "privacy_officer", "second@jobexp.example")
    page = new_context().new_page()
    console_log_in(page, officer.email)
    page.get_by_role("link", name="Disclosure requests").click()
    form = page.get_by_test_id("file-request")
    form.get_by_label("User ID").fill(user_id)
    form.get_by_label("Recipient").fill("Platform trust & safety review")
    form.get_by_label("Ground").select_option("5g")
    form.get_by_label("Account identifier").check()
    form.get_by_label("Law or platform rule, cited in full (5g)").fill(
        "Platform rule 12.3: impersonation reports are answered to the victim"
    )
    submit(page, "File request", "/console/disclosures")
    expect(page.get_by_test_id("message")).to_contain_text("filed")
    row = page.get_by_test_id(re.compile(r"^request-"))
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        row.get_by_test_id("approve").click()
    assert posted.value.status == 403
    expect(page.get_by_test_id("error")).to_contain_text("second approver")
    screenshot(page, "console-self-approval")

    other = new_context().new_page()
    console_log_in(other, second.email)
    other.goto("/console/disclosures")
    other.get_by_test_id(re.compile(r"^request-")).get_by_test_id("approve").click()
    expect(other.get_by_test_id("message")).to_contain_text("approved")
    other.get_by_test_id(re.compile(r"^request-")).get_by_test_id("execute").click()
    expect(other.get_by_test_id("message")).to_contain_text("disclosure ledger")
    expect(other.get_by_test_id("nothing-pending")).to_be_visible()
    use_chinese(other, "/console/disclosures")
    expect(other.get_by_role("heading", level=1)).to_have_text("披露请求")


def test_the_console_cookie_is_host_prefixed_and_http_only(page: Page, svc: Services) -> None:
    officer = add_staff(svc, "privacy_officer")
    console_log_in(page, officer.email)
    [cookie] = [c for c in page.context.cookies() if c["name"] == "__Host-jx_staff"]
    assert cookie["httpOnly"] and cookie["secure"] and cookie["sameSite"] == "Lax"
    page.goto("/console/grants")
    expect(page.get_by_test_id("error")).to_contain_text("does not allow")


def test_an_administrator_issues_a_grant_key_once_and_terminates_the_grant(
    page: Page, svc: Services
) -> None:
    admin = add_staff(svc, "administrator")
    console_log_in(page, admin.email)
    page.get_by_role("link", name="Partner grants").click()
    page.get_by_label("Recipient").select_option("marketing_partner")
    page.get_by_label("Purpose").select_option("marketing")
    page.get_by_label("Account identifier").check()
    page.get_by_label("Ends on").fill("2027-03-31")
    submit(page, "Create grant", "/console/grants")
    key = page.get_by_test_id("api-key").inner_text()
    assert key.startswith("jxp_")
    page.goto("/console/grants")
    expect(page.get_by_test_id("api-key")).to_have_count(0)
    page.get_by_placeholder("Reason (for example the misuse)").fill("Resold user data")
    submit(page, "Terminate", "/terminate")
    expect(page.get_by_test_id("grant-status")).to_contain_text("Terminated: Resold user data")
    expect(page.get_by_test_id("grant-status")).to_contain_text("not yet received")
    submit(page, "Attestation received", "/attestation")
    expect(page.get_by_test_id("grant-status")).to_contain_text("deletion attested")
