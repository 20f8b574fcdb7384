"""The assistant page in English and Chinese: forms, times in the user's zone, notices first."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from jobexp.clock import ManualClock
from jobexp.i18n import translate
from jobexp.service_layer import ledger
from jobexp.service_layer.context import Services
from jobexp.types import Locale
from tests.e2e.browser.conftest import Screenshot
from tests.e2e.browser.flows import (
    consent_decision,
    on_path,
    open_assistant,
    sign_in,
    submit,
)
from tests.support.assistant_servers import FakeOpenMeteo, FakeTicketPartner

pytestmark = pytest.mark.browser


def _save_home(
    page: Page, locale: Locale = "en", *, kind: str = "home", label: str = "Home"
) -> None:
    def t(key: str) -> str:
        return translate(key, locale)

    places = page.get_by_test_id("places")
    places.get_by_label(t("assistant.places.field.kind"), exact=True).select_option(kind)
    places.get_by_label(t("assistant.places.field.label"), exact=True).fill(label)
    places.get_by_label(t("assistant.places.field.latitude"), exact=True).fill("31.230416")
    places.get_by_label(t("assistant.places.field.longitude"), exact=True).fill("121.473701")
    submit(page, t("assistant.places.add"), "/assistant/places")


def test_the_assistant_page_needs_a_signed_in_user(page: Page) -> None:
    page.goto("/assistant")
    expect(page).to_have_url(on_path("/login?next=/assistant"))


def test_without_consents_each_section_says_which_consent_it_needs(
    page: Page, svc: Services, screenshot: Screenshot
) -> None:
    sign_in(page, svc, "member@example.com")
    page.get_by_role("link", name="Assistant", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Assistant")
    expect(page.get_by_test_id("weather-needs-consent")).to_contain_text("“Weather”")
    tasks = page.get_by_test_id("tasks")
    expect(tasks.get_by_test_id("tasks-needs-consent")).to_contain_text("“Task appointments”")
    expect(page.get_by_test_id("navigation-needs-consent")).to_be_visible()
    expect(page.get_by_test_id("device-only")).to_contain_text("never uploaded")
    screenshot(page, "assistant-no-consent-en")


def test_a_consent_is_given_where_the_feature_is_used_with_its_reason(
    page: Page, svc: Services
) -> None:
    user_id = sign_in(page, svc, "member@example.com")
    page.goto("/assistant")
    weather = page.get_by_test_id("weather")
    expect(weather.get_by_test_id("weather-needs-consent")).to_contain_text(
        "The weather where you are, from a coarse location or a city you name."
    )
    with page.expect_response(lambda r: r.url.endswith("/assistant/consent")):
        weather.get_by_role("button", name="Give this consent", exact=True).click()
    expect(weather.get_by_label("City", exact=True)).to_be_visible()
    assert consent_decision(svc, user_id, "weather") == "granted"
    assert consent_decision(svc, user_id, "task_appointments") == "none"


def test_a_task_is_added_in_local_time_reminded_completed_and_deleted(
    page: Page, svc: Services, clock: ManualClock, screenshot: Screenshot
) -> None:
    open_assistant(page, svc)  # the clock stands at 10:00 in Shanghai
    tasks = page.get_by_test_id("tasks")
    tasks.get_by_label("Task", exact=True).fill("Pick up the parcel")
    tasks.get_by_label("Remind me at", exact=True).fill("2026-11-30T09:00")
    submit(page, "Add task", "/assistant/tasks")
    expect(page.get_by_test_id("error")).to_have_text(
        "The due time has already passed. Please choose a time in the future."
    )
    expect(page.get_by_test_id("task")).to_have_count(0)

    tasks.get_by_label("Remind me at", exact=True).fill("2026-11-30T10:20")
    submit(page, "Add task", "/assistant/tasks")
    expect(page.get_by_test_id("message")).to_have_text("Task added.")
    row = page.get_by_test_id("task")
    expect(row.get_by_test_id("task-due")).to_have_text("2026-11-30 10:20 (CST)")
    expect(row.get_by_test_id("task-state")).to_have_text("Upcoming")
    expect(page.get_by_test_id("reminders")).to_have_count(0)

    clock.advance(timedelta(minutes=21))  # within the web session's 30 idle minutes
    page.goto("/assistant")
    expect(page.get_by_test_id("reminders")).to_contain_text("Pick up the parcel")
    expect(row.get_by_test_id("task-state")).to_have_text("Due now")
    screenshot(page, "assistant-reminder-en")
    submit(page, "Done", "/complete")
    expect(row.get_by_test_id("task-state")).to_have_text("Done")
    expect(page.get_by_test_id("reminders")).to_have_count(0)
    submit(page, "Delete", "/delete")
    expect(page.get_by_test_id("message")).to_have_text("Task deleted.")
    expect(page.get_by_test_id("task")).to_have_count(0)


def test_weather_for_a_city_and_a_clear_notice_when_the_service_is_down(
    page: Page, svc: Services, open_meteo: FakeOpenMeteo, screenshot: Screenshot
) -> None:
    open_assistant(page, svc)
    page.get_by_test_id("weather").get_by_label("City", exact=True).fill("Shanghai")
    submit(page, "Show the weather", "/assistant/weather")
    expect(page.get_by_test_id("forecast-place")).to_have_text("Shanghai")
    expect(page.get_by_test_id("forecast")).to_contain_text("Rain")
    expect(page.get_by_test_id("forecast")).to_contain_text("14° / 8°C")
    screenshot(page, "assistant-weather-en")

    open_meteo.mode = "down"
    submit(page, "Show the weather", "/assistant/weather")
    expect(page.get_by_test_id("weather-unavailable")).to_have_text(
        "The weather service cannot be reached right now. Please try again in a few minutes."
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Assistant")


def test_navigation_shows_the_notice_before_the_hand_off(
    page: Page, svc: Services, screenshot: Screenshot
) -> None:
    user_id = open_assistant(page, svc)
    _save_home(page)
    expect(page.get_by_test_id("place-list")).to_contain_text("Home")
    page.get_by_label("Destination", exact=True).fill("The Bund")
    submit(page, "Continue to navigation", "/assistant/navigation")
    notice = page.get_by_test_id("handoff-notice")
    expect(notice).to_have_text(
        "You are leaving JobExp for AMap. It receives only: your destination. Its own terms "
        "and privacy policy apply there; please read them."
    )
    link = page.get_by_test_id("handoff-continue")
    expect(link).to_have_attribute(
        "href", "https://uri.amap.com/search?keyword=The+Bund&src=jobexp"
    )
    screenshot(page, "assistant-navigation-notice-en")
    assert [e.disclosure.fields for e in ledger.history(svc, user_id)] == [("destination",)]


def test_tickets_show_what_is_sent_then_the_partners_offer(
    page: Page, svc: Services, ticket_partner: FakeTicketPartner, screenshot: Screenshot
) -> None:
    open_assistant(page, svc)
    page.get_by_label("What do you want to book?", exact=True).fill("Two tickets to Hangzhou")
    submit(page, "Continue", "/assistant/tickets")
    expect(page.get_by_test_id("handoff-notice")).to_contain_text(
        "It receives only: the text of your request;"
    )
    assert ticket_partner.requests == []  # nothing leaves before the user says so
    screenshot(page, "assistant-tickets-notice-en")
    submit(page, "Send to Ticket-booking partner", "/assistant/tickets/send")
    expect(page.get_by_test_id("offer-reference")).to_have_text("TKT-0001")
    assert [r.body for r in ticket_partner.requests] == [{"query": "Two tickets to Hangzhou"}]


def test_the_page_in_chinese(
    page: Page, svc: Services, open_meteo: FakeOpenMeteo, screenshot: Screenshot
) -> None:
    open_assistant(page, svc, "zh-CN")
    expect(page.get_by_role("heading", level=1)).to_have_text("智能助手")
    _save_home(page, "zh-CN")
    expect(page.get_by_test_id("message")).to_have_text("地点已保存。")
    tasks = page.get_by_test_id("tasks")
    tasks.get_by_label("任务", exact=True).fill("取快递")
    tasks.get_by_label("提醒时间", exact=True).fill("2026-12-01T09:30")
    submit(page, "添加任务", "/assistant/tasks")
    expect(page.get_by_test_id("task-due")).to_have_text("2026年12月01日 09:30（CST）")
    page.get_by_test_id("weather").get_by_label("城市", exact=True).fill("上海")
    submit(page, "查看天气", "/assistant/weather")
    expect(page.get_by_test_id("forecast-place")).to_have_text("上海")
    expect(page.get_by_test_id("forecast")).to_contain_text("多云")
    expect(page.get_by_test_id("device-only")).to_contain_text("绝不上传")
    screenshot(page, "assistant-zh")
    page.get_by_label("目的地", exact=True).fill("外滩")
    submit(page, "继续前往导航", "/assistant/navigation")
    expect(page.get_by_test_id("handoff-notice")).to_contain_text("您即将离开 JobExp，前往AMap")


def test_the_origin_is_shared_only_when_the_box_is_ticked(page: Page, svc: Services) -> None:
    user_id = open_assistant(page, svc)
    _save_home(page)
    _save_home(page, kind="frequent", label="Gym")
    navigation = page.get_by_test_id("navigation")
    navigation.get_by_label("or one of your saved places").select_option(label="Gym")
    navigation.get_by_label("Starting point", exact=True).select_option(label="Home")
    navigation.get_by_role("checkbox", name="Also share this starting point").check()
    submit(page, "Continue to navigation", "/assistant/navigation")
    expect(page.get_by_test_id("handoff-notice")).to_contain_text(
        "It receives only: your destination, your starting point."
    )
    link = page.get_by_test_id("handoff-continue")
    expect(link).to_have_attribute("href", re.compile(r"to=121\.47\d*%2C31\.23\d*%2CGym.*from="))
    assert [e.disclosure.fields for e in ledger.history(svc, user_id)] == [
        ("destination", "origin")
    ]
