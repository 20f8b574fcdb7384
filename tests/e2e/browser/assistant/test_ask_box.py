"""The "Ask JobExp" box in Chromium, in English and Chinese: answers, follow-ups, notices."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from jobexp import nlu
from jobexp.i18n import translate
from jobexp.nlu.followup import CAPABILITIES
from jobexp.service_layer import ledger
from jobexp.service_layer.context import Services
from jobexp.types import Locale
from tests.e2e.browser.conftest import Screenshot
from tests.e2e.browser.flows import open_assistant, submit
from tests.support.assistant_servers import FakeTicketPartner

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module", autouse=True)
def _engine_built() -> None:
    """Build the shared engine once, before any request waits on it (it may train its model)."""
    nlu.shared()


def _ask(page: Page, text: str, locale: Locale = "en") -> None:
    page.get_by_label(translate("ask.field", locale), exact=True).fill(text)
    submit(page, translate("ask.submit", locale), "/assistant/ask")


def _answer(page: Page, value: str, locale: Locale = "en") -> None:
    page.get_by_test_id("ask-answer").locator("#ask-answer-field").fill(value)
    submit(page, translate("ask.answer_submit", locale), "/assistant/ask/more")


def test_the_ask_box_is_at_the_top_and_the_forms_follow_as_more_options(
    page: Page, svc: Services
) -> None:
    open_assistant(page, svc)
    ask = page.get_by_test_id("ask")
    expect(ask.get_by_role("heading", level=2)).to_have_text("Ask JobExp")
    expect(page.get_by_test_id("more-options")).to_have_text("More options")
    top = ask.bounding_box()
    more = page.get_by_test_id("more-options").bounding_box()
    weather = page.get_by_test_id("weather").bounding_box()
    assert top and more and weather and top["y"] < more["y"] < weather["y"]


def test_weather_for_a_city_is_answered_in_english(
    page: Page, svc: Services, screenshot: Screenshot
) -> None:
    open_assistant(page, svc)
    _ask(page, "what's the weather in Shanghai tomorrow")
    answer = page.get_by_test_id("ask-answer")
    expect(answer.get_by_test_id("ask-intent")).to_have_text("Weather forecast")
    expect(answer.get_by_test_id("ask-slot-place")).to_have_text("Shanghai")
    expect(answer.get_by_test_id("ask-slot-when")).to_have_text("2026-12-01")
    expect(answer.get_by_test_id("ask-message")).to_have_text(
        "Shanghai on 2026-12-01: Rain, 11° / 7°C."
    )
    expect(answer.locator("tr.asked")).to_contain_text("2026-12-01")
    expect(page.get_by_label("What can JobExp do for you?")).to_have_value(
        "what's the weather in Shanghai tomorrow"
    )
    screenshot(page, "assistant-ask-weather-en")


def test_a_reminder_is_created_through_its_follow_up_questions(
    page: Page, svc: Services, screenshot: Screenshot
) -> None:
    open_assistant(page, svc)
    _ask(page, "remind me")
    answer = page.get_by_test_id("ask-answer")
    expect(answer.get_by_test_id("ask-intent")).to_have_text("New task or reminder")
    expect(answer.get_by_test_id("ask-question")).to_have_text("Remind you of what?")
    _answer(page, "buy milk")
    expect(answer.get_by_test_id("ask-slot-title")).to_have_text("buy milk")
    expect(answer.get_by_test_id("ask-question")).to_have_text("When should I remind you?")
    screenshot(page, "assistant-ask-follow-up-en")
    _answer(page, "2026-12-01T17:00")
    expect(answer.get_by_test_id("ask-message")).to_have_text(
        "Added “buy milk”. I will remind you at 2026-12-01 17:00 (CST)."
    )
    row = page.get_by_test_id("tasks").get_by_test_id("task")
    expect(row).to_contain_text("buy milk")
    expect(row.get_by_test_id("task-due")).to_have_text("2026-12-01 17:00 (CST)")


def test_a_whole_reminder_is_created_at_once(page: Page, svc: Services) -> None:
    open_assistant(page, svc)
    _ask(page, "remind me to buy milk tomorrow at 5pm")
    expect(page.get_by_test_id("ask-message")).to_have_text(
        "Added “buy milk”. I will remind you at 2026-12-01 17:00 (CST)."
    )


def test_calls_messages_and_the_calendar_are_left_to_the_phone_app(
    page: Page, svc: Services
) -> None:
    open_assistant(page, svc)
    _ask(page, "call mom")
    answer = page.get_by_test_id("ask-answer")
    expect(answer.get_by_test_id("ask-intent")).to_have_text("Make a call")
    expect(answer.get_by_test_id("ask-slot-contact")).to_have_text("mom")
    expect(answer.get_by_test_id("ask-message")).to_contain_text(
        "Calls are made by the JobExp app on your phone"
    )
    _ask(page, "what's on my calendar tomorrow")
    expect(answer.get_by_test_id("ask-message")).to_contain_text(
        "Your calendar is read and changed only by the JobExp app on your phone"
    )


def test_what_jobexp_does_not_do_gets_the_list_of_what_it_does(page: Page, svc: Services) -> None:
    open_assistant(page, svc)
    _ask(page, "sing me a song")
    expect(page.get_by_test_id("ask-intent")).to_have_text("Not something JobExp does")
    expect(page.get_by_test_id("ask-message")).to_have_text(CAPABILITIES.en)


def test_navigation_shows_the_notice_and_shares_only_after_confirmation(
    page: Page, svc: Services, screenshot: Screenshot
) -> None:
    user_id = open_assistant(page, svc)
    _ask(page, "navigate to the Bund")
    answer = page.get_by_test_id("ask-answer")
    expect(answer.get_by_test_id("ask-notice")).to_have_text(
        "You are leaving JobExp for AMap. It receives only: your destination. Its own terms "
        "and privacy policy apply there; please read them."
    )
    expect(answer.get_by_test_id("ask-sends")).to_contain_text("Bund")
    assert ledger.history(svc, user_id) == []
    screenshot(page, "assistant-ask-navigation-en")
    submit(page, "Continue to AMap", "/assistant/navigation")
    expect(page.get_by_test_id("handoff-continue")).to_have_attribute(
        "href", "https://uri.amap.com/search?keyword=Bund&src=jobexp"
    )
    assert [e.disclosure.fields for e in ledger.history(svc, user_id)] == [("destination",)]


def test_a_ticket_reaches_the_partner_only_after_confirmation(
    page: Page, svc: Services, ticket_partner: FakeTicketPartner
) -> None:
    open_assistant(page, svc)
    _ask(page, "book a train ticket from Shanghai to Hangzhou")
    answer = page.get_by_test_id("ask-answer")
    expect(answer.get_by_test_id("ask-notice")).to_contain_text(
        "It receives only: the text of your request;"
    )
    expect(answer.get_by_test_id("ask-sends")).to_contain_text(
        "train tickets from Shanghai to Hangzhou"
    )
    assert ticket_partner.requests == []
    submit(page, "Send to Ticket-booking partner", "/assistant/tickets/send")
    expect(page.get_by_test_id("offer-reference")).to_have_text("TKT-0001")
    assert [r.body for r in ticket_partner.requests] == [
        {"query": "train tickets from Shanghai to Hangzhou"}
    ]


def test_a_feature_without_its_consent_offers_the_consent_in_the_answer(
    page: Page, svc: Services
) -> None:
    open_assistant(page, svc, consents_given=False)
    _ask(page, "weather in Shanghai")
    answer = page.get_by_test_id("ask-answer")
    expect(answer.get_by_test_id("ask-message")).to_contain_text("This needs your consent")
    expect(answer.get_by_test_id("weather-needs-consent")).to_contain_text("“Weather”")


def test_an_empty_request_is_refused_clearly(page: Page, svc: Services) -> None:
    open_assistant(page, svc)
    _ask(page, "   ")
    expect(page.get_by_test_id("ask-error")).to_have_text(
        "Please type what you would like JobExp to do."
    )
    expect(page.get_by_test_id("ask-answer")).to_have_count(0)


def test_the_ask_box_in_chinese(page: Page, svc: Services, screenshot: Screenshot) -> None:
    open_assistant(page, svc, "zh-CN")
    ask = page.get_by_test_id("ask")
    expect(ask.get_by_role("heading", level=2)).to_have_text("问问 JobExp")
    expect(page.get_by_test_id("more-options")).to_have_text("更多选项")

    _ask(page, "上海明天天气怎么样", "zh-CN")
    answer = page.get_by_test_id("ask-answer")
    expect(answer.get_by_test_id("ask-intent")).to_have_text("天气预报")
    expect(answer.get_by_test_id("ask-slot-place")).to_have_text("上海")
    rain = translate("assistant.sky.rain", "zh-CN")
    expect(answer.get_by_test_id("ask-message")).to_have_text(
        f"上海 2026-12-01：{rain}，11° / 7°C。"
    )
    screenshot(page, "assistant-ask-weather-zh")

    _ask(page, "提醒我", "zh-CN")
    expect(answer.get_by_test_id("ask-question")).to_have_text("提醒你什么？")
    _answer(page, "买牛奶", "zh-CN")
    expect(answer.get_by_test_id("ask-question")).to_have_text("什么时候提醒你？")
    _answer(page, "2026-12-01T09:30", "zh-CN")
    expect(answer.get_by_test_id("ask-message")).to_have_text(
        "已添加“买牛奶”，将在 2026年12月01日 09:30（CST） 提醒您。"
    )
    expect(page.get_by_test_id("task-due")).to_have_text("2026年12月01日 09:30（CST）")
    screenshot(page, "assistant-ask-task-zh")

    _ask(page, "给妈妈打电话", "zh-CN")
    expect(answer.get_by_test_id("ask-intent")).to_have_text("打电话")
    expect(answer.get_by_test_id("ask-message")).to_contain_text(
        "打电话由您手机上的 JobExp 应用完成"
    )
    screenshot(page, "assistant-ask-phone-zh")


def test_a_tampered_follow_up_is_refused_and_keeps_nothing(page: Page, svc: Services) -> None:
    open_assistant(page, svc)
    _ask(page, "remind me")
    form = page.get_by_test_id("ask-follow-up")
    form.locator("input[name=intent]").evaluate("field => { field.value = 'call'; }")
    page.get_by_test_id("ask-answer").locator("#ask-answer-field").fill("mom")
    response = submit(page, "Answer", "/assistant/ask/more")
    assert response.status == 422
    expect(page.get_by_test_id("ask-error")).to_have_text(
        "This follow-up could not be used. Please ask again."
    )


def test_asking_needs_the_pages_csrf_token(page: Page, svc: Services) -> None:
    open_assistant(page, svc)
    refused = page.request.post("/assistant/ask", form={"text": "call mom"})
    assert refused.status == 403


def test_switching_language_after_an_answer_comes_back_to_the_page(
    page: Page, svc: Services
) -> None:
    open_assistant(page, svc)
    _ask(page, "call mom")
    page.get_by_role("link", name="中文").click()
    expect(page.get_by_test_id("ask").get_by_role("heading", level=2)).to_have_text("问问 JobExp")
    expect(page.get_by_test_id("ask-answer")).to_have_count(0)
