"""The console's incident pages, staff views of a user and minors' approvals in Chromium
(3c, 8b; D16), in both languages where a member of staff reads them."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect
from sqlalchemy import Table, func, select

from jobexp.adapters import tables as t
from jobexp.i18n import translate
from jobexp.service_layer import incidents
from jobexp.service_layer.context import Services
from jobexp.types import Locale
from tests.e2e.browser.conftest import Screenshot
from tests.e2e.browser.flows import (
    MINOR_BIRTH_DATE,
    console_log_in,
    register,
    sign_in,
    submit,
    use_chinese,
)
from tests.support.factories import API
from tests.support.governance import add_staff, audit_rows

pytestmark = pytest.mark.browser
BOTH: list[Locale] = ["en", "zh-CN"]
REPORT = "A stranger phoned me quoting my JobExp email."
GHOST = "ef" * 16  # a well-formed user ID with no account
PURPOSE = "Ticket 9: the user phoned in"
# Every console form that names a user, and the table it would write to.
NAMING_A_USER = [
    ("/console/users/view", {"purpose": PURPOSE}, t.audit_log),
    ("/console/minor-access", {"purpose": PURPOSE}, t.minor_access_approvals),
    ("/console/violations", {"rule": "R7", "description": "Spam", "action_taken": "Warned"},
     t.violations),
    ("/console/disclosures", {"recipient": "Haidian PSB", "recipient_region": "CN", "basis": "5c",
     "categories": "account_identifier", "authority": "Haidian PSB", "reference": "R-1"},
     t.disclosure_requests),
    ("/console/deletions", {"verification": "Called back on the number on file"},
     t.deletion_requests),
]  # fmt: skip


def _t(locale: Locale, key: str, **params: object) -> str:
    return translate(key, locale, **params)


def _category(svc: Services, category_id: str, locale: Locale) -> str:
    return svc.policies.published().current.policy.category(category_id).name.in_locale(locale)


def _open_console(page: Page, email: str, path: str, locale: Locale) -> None:
    console_log_in(page, email)
    if locale == "zh-CN":
        use_chinese(page, path)
    else:
        page.goto(path)


def _record_incident(page: Page, svc: Services, locale: Locale, users: str = "") -> None:
    page.get_by_label(_category(svc, "account_identifier", locale), exact=True).check()
    page.get_by_label(_t(locale, "incident.cause"), exact=True).fill("Export mailed to a stranger")
    page.get_by_label(_t(locale, "incident.harm"), exact=True).fill("Email addresses seen")
    page.get_by_label(_t(locale, "incident.remedies"), exact=True).fill("Recipient deleted it")
    page.get_by_label(_t(locale, "incident.users"), exact=True).fill(users)


@pytest.mark.parametrize("locale", BOTH)
def test_a_privacy_officer_answers_a_leak_report_with_an_incident_its_reporter_then_sees(
    new_context: Callable[[], BrowserContext], svc: Services, screenshot: Screenshot, locale: Locale
) -> None:
    user = new_context().new_page()
    incidents.report_leak(svc, sign_in(user, svc, "member@example.com"), REPORT, API)
    page = new_context().new_page()
    _open_console(page, add_staff(svc, "privacy_officer").email, "/console/incidents", locale)
    page.get_by_role("checkbox", name=re.compile(re.escape(REPORT))).check()
    _record_incident(page, svc, locale)
    submit(page, _t(locale, "incident.open"), "/console/incidents")

    expect(page.get_by_test_id("message")).to_have_text(_t(locale, "console.done.opened"))
    incident = page.get_by_test_id("incident")
    expect(incident.get_by_role("heading")).to_contain_text(
        _category(svc, "account_identifier", locale)
    )
    expect(incident).to_contain_text("Export mailed to a stranger")
    expect(page.get_by_text(_t(locale, "incident.no_reports"))).to_be_visible()
    screenshot(page, f"console-incidents-{locale}")
    user.goto("/privacy-center/report-leak")
    expect(user.get_by_test_id("incident-notice")).to_contain_text("Export mailed to a stranger")


def test_an_incident_naming_an_unknown_user_is_refused_and_nothing_is_recorded(
    page: Page, svc: Services
) -> None:
    _open_console(page, add_staff(svc, "privacy_officer").email, "/console/incidents", "en")
    _record_incident(page, svc, "en", users="f" * 32)
    response = submit(page, "Record an incident", "/console/incidents")

    assert response.status == 422
    expect(page.get_by_test_id("error")).to_contain_text("No account has these user IDs")
    expect(page.get_by_text("No incidents recorded.")).to_be_visible()


def test_a_support_agent_sees_a_user_only_after_stating_why_and_the_view_is_audited(
    page: Page, svc: Services
) -> None:
    user_id = register(svc, "member@example.com")
    console_log_in(page, add_staff(svc, "support").email)
    page.get_by_label("User ID").first.fill(user_id)
    page.get_by_label("Purpose (for example the support ticket)").fill("Ticket 4711: login help")
    submit(page, "View", "/console/users/view")
    expect(page.get_by_test_id("stated-purpose")).to_contain_text("Ticket 4711: login help")
    expect(page.get_by_test_id("user-view")).to_contain_text("member@example.com")
    assert ("staff:user:viewed", "success") in audit_rows(svc)


def test_a_minors_data_is_shown_only_after_another_privacy_officer_approves(
    new_context: Callable[[], BrowserContext], svc: Services
) -> None:
    minor = register(svc, "young@example.com", birth_date=MINOR_BIRTH_DATE)
    agent = new_context().new_page()
    console_log_in(agent, add_staff(svc, "support").email)

    def view() -> int:
        agent.goto("/console")
        agent.get_by_label("User ID").first.fill(minor)
        agent.get_by_label("Purpose (for example the support ticket)").fill(
            "Ticket 815: a guardian"
        )
        return submit(agent, "View", "/console/users/view").status

    assert view() == 403
    expect(agent.get_by_test_id("error")).to_contain_text("a privacy officer")
    expect(agent.get_by_test_id("user-view")).to_have_count(0)
    submit(agent, "Ask a privacy officer for access", "/console/minor-access")
    expect(agent.get_by_test_id("message")).to_contain_text("sent to the privacy officers")

    officer = new_context().new_page()
    _open_console(officer, add_staff(svc, "privacy_officer").email, "/console", "zh-CN")
    approval = officer.get_by_test_id("minor-approval")
    expect(approval).to_contain_text("Ticket 815: a guardian")
    approval.get_by_role("button", name=_t("zh-CN", "console.approve"), exact=True).click()
    expect(officer.get_by_test_id("message")).to_have_text(_t("zh-CN", "console.done.decided"))

    assert view() == 200
    expect(agent.get_by_test_id("user-view")).to_contain_text("young@example.com")
    assert ("staff:minor_access:decided", "success") in audit_rows(svc)


def _rows(svc: Services, table: Table) -> int:
    with svc.database.engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(table)).scalar_one())


@pytest.mark.parametrize(("path", "form", "table"), NAMING_A_USER, ids=lambda v: str(v)[:24])
def test_a_console_form_naming_no_account_is_a_clear_404_and_writes_nothing(
    page: Page, svc: Services, path: str, form: dict[str, str], table: Table
) -> None:
    console_log_in(page, add_staff(svc, "support").email)
    token = page.locator("input[name=csrf_token]").first.get_attribute("value")
    before = _rows(svc, table)
    response = page.request.post(path, form={**form, "user_id": GHOST, "csrf_token": token or ""})

    assert response.status == 404
    assert "This account does not exist." in response.text()
    if table is not t.audit_log:  # a refusal may be audited; nothing else is written
        assert _rows(svc, table) == before
