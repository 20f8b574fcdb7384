"""`POST /api/v1/ask` on a live server: each outcome, in English and Chinese, and bad input."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from jobexp import nlu
from jobexp.clock import ManualClock
from jobexp.nlu.followup import CAPABILITIES
from jobexp.service_layer import ledger
from jobexp.service_layer.context import Services
from tests.e2e.api.helpers import (
    assert_clear_error,
    bearer,
    json_bytes,
    log_in_browser,
    register_device,
    sign_up,
    stored_data_unchanged,
)
from tests.support.assistant_servers import FakeOpenMeteo, FakeTicketPartner

WEATHER = ("weather", None)
TASKS = ("task_appointments", None)
NAVIGATION = ("navigation_share", "navigation_provider")
TICKETS = ("ticket_booking_share", "ticket_booking_partner")
ZONE = "Asia/Shanghai"


@pytest.fixture(scope="module", autouse=True)
def _engine_built() -> None:
    """Build the shared engine once, before any request waits on it (it may train its model)."""
    nlu.shared()


def _device(client: httpx.Client, *consents: tuple[str, str | None]) -> dict[str, str]:
    sign_up(client, "ada@example.com")
    auth = bearer(register_device(client, "ada@example.com"))
    for purpose, recipient in consents:
        body = {"purpose": purpose, "recipient": recipient, "decision": "granted"}
        assert client.post("/api/v1/me/consents", headers=auth, json=body).status_code == 200
    return auth


def _ask(client: httpx.Client, auth: dict[str, str], text: str, **extra: str) -> dict[str, Any]:
    response = client.post("/api/v1/ask", headers=auth, json={"text": text, **extra})
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


def _understood(clock: ManualClock, text: str) -> dict[str, Any]:
    """What the shared engine says about `text`: the contract the answer must carry exactly."""
    return nlu.parse(text, now=clock.now(), tz=ZONE).to_dict()


# -- what runs at once ----------------------------------------------------------------------


def test_weather_runs_and_the_answer_carries_the_nlu_contract_exactly(
    client: httpx.Client, clock: ManualClock, open_meteo: FakeOpenMeteo
) -> None:
    auth = _device(client, WEATHER)
    text = "what's the weather in Shanghai tomorrow"
    answer = _ask(client, auth, text)
    assert {k: answer[k] for k in ("intent", "slots")} == _understood(clock, text)
    assert "problem" not in answer and "ambiguous" not in answer
    assert answer["lang"] == "en" and answer["missing"] is None and answer["question"] is None
    action = answer["action"]
    assert (action["feature"], action["status"]) == ("weather", "done")
    assert action["weather"]["place"] == "Shanghai" and action["day"] == "2026-12-01"
    assert action["message"] == "Shanghai on 2026-12-01: Rain, 11° / 7°C."
    assert [r.params["name"] for r in open_meteo.requests if "name" in r.params] == ["Shanghai"]


def test_weather_asked_in_chinese_is_answered_in_chinese(client: httpx.Client) -> None:
    auth = _device(client, WEATHER)
    answer = _ask(client, auth, "上海天气")
    assert answer["lang"] == "zh" and answer["slots"] == {"place": "上海"}
    assert answer["action"]["weather"]["days"][0]["sky"] == "多云"
    assert answer["action"]["message"].startswith("上海 2026-11-30：多云")


def test_weather_where_the_user_is_asks_for_a_city_the_server_cannot_see_a_location(
    client: httpx.Client, open_meteo: FakeOpenMeteo
) -> None:
    auth = _device(client, WEATHER)
    answer = _ask(client, auth, "weather")
    assert answer["missing"] == "place" and answer["question"] == "Which city?"
    assert answer["action"]["status"] == "needs_input" and open_meteo.requests == []


def test_a_reminder_is_created_in_the_users_time_zone(
    client: httpx.Client, clock: ManualClock
) -> None:
    auth = _device(client, TASKS)
    text = "remind me to buy milk tomorrow at 5pm"
    answer = _ask(client, auth, text)
    assert {k: answer[k] for k in ("intent", "slots")} == _understood(clock, text)
    action = answer["action"]
    assert (action["feature"], action["status"]) == ("task", "done")
    assert action["task"]["title"] == "buy milk"
    assert action["task"]["due_at"].startswith("2026-12-01T09:00:00")  # 17:00 in Shanghai
    assert action["message"] == "Added “buy milk”. I will remind you at 2026-12-01 17:00 (CST)."
    listed = client.get("/api/v1/tasks", headers=auth).json()
    assert [t["id"] for t in listed] == [action["task"]["id"]]


def test_a_chinese_reminder_for_a_day_without_an_hour_is_at_nine(client: httpx.Client) -> None:
    auth = _device(client, TASKS)
    action = _ask(client, auth, "提醒我明天买牛奶")["action"]
    assert action["task"]["title"] == "买牛奶"
    assert action["task"]["due_at"].startswith("2026-12-01T01:00:00")
    assert action["message"] == "已添加“买牛奶”，将在 2026年12月01日 09:00（CST） 提醒您。"


def test_the_task_list_is_read_back(client: httpx.Client) -> None:
    auth = _device(client, TASKS)
    _ask(client, auth, "remind me to buy milk tomorrow at 5pm")
    action = _ask(client, auth, "what's on my to-do list")["action"]
    assert action["status"] == "done" and [t["title"] for t in action["tasks"]] == ["buy milk"]


def test_a_task_without_its_consent_fails_clearly_and_keeps_nothing(
    client: httpx.Client, svc: Services
) -> None:
    auth = _device(client)
    with stored_data_unchanged(svc.database.engine):
        action = _ask(client, auth, "remind me to buy milk tomorrow at 5pm")["action"]
    assert action["status"] == "failed" and action["error"]["code"] == "purpose.no_consent"


# -- follow-up questions --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "missing", "question"),
    [
        ("remind me", "title", "Remind you of what?"),
        ("提醒我", "title", "提醒你什么？"),
        ("remind me to buy milk", "when", "When should I remind you?"),
        ("提醒我买牛奶", "when", "什么时候提醒你？"),
        ("book a train ticket to Hangzhou", "origin", "From where?"),
        ("订去杭州的火车票", "origin", "从哪里出发？"),
    ],
)
def test_a_missing_slot_gets_its_question_in_the_language_asked_in(
    client: httpx.Client, svc: Services, text: str, missing: str, question: str
) -> None:
    auth = _device(client, TASKS, TICKETS)
    with stored_data_unchanged(svc.database.engine):
        answer = _ask(client, auth, text)
    assert (answer["missing"], answer["question"]) == (missing, question)
    assert answer["action"]["status"] == "needs_input"
    assert answer["action"]["message"] == question


def test_an_impossible_date_is_reported_as_the_nlu_reports_it(
    client: httpx.Client, clock: ManualClock
) -> None:
    auth = _device(client, TASKS)
    text = "remind me to pay rent on February 30th"
    answer = _ask(client, auth, text)
    assert answer["problem"] == _understood(clock, text)["problem"]
    assert answer["missing"] == "when" and answer["action"]["status"] == "needs_input"


# -- third parties: proposed, then run only on confirmation ---------------------------------


def test_navigation_is_proposed_with_its_notice_and_shared_only_on_confirmation(
    client: httpx.Client, svc: Services
) -> None:
    auth = _device(client, NAVIGATION)
    action = _ask(client, auth, "navigate to the Bund")["action"]
    assert (action["feature"], action["status"]) == ("navigation", "needs_confirmation")
    assert action["recipient"] == "AMap" and action["shares"] == ["destination"]
    assert action["sends"] == {"destination": "Bund"}
    assert action["notice"].startswith("You are leaving JobExp for AMap.")
    assert action["message"] == action["notice"]
    assert ledger.count(svc) == 0  # nothing has left
    confirm = action["confirm"]
    assert confirm == {
        "method": "POST",
        "path": "/api/v1/navigation",
        "body": {"destination": "Bund"},
    }
    handed = client.post(confirm["path"], headers=auth, json=confirm["body"])
    assert handed.status_code == 200, handed.text
    assert handed.json()["url"] == "https://uri.amap.com/search?keyword=Bund&src=jobexp"
    assert ledger.count(svc) == 1


def test_a_ticket_is_proposed_and_reaches_the_partner_only_on_confirmation(
    client: httpx.Client, svc: Services, ticket_partner: FakeTicketPartner
) -> None:
    auth = _device(client, TICKETS)
    answer = _ask(client, auth, "从上海到杭州的火车票")
    action = answer["action"]
    assert (action["feature"], action["status"]) == ("ticket", "needs_confirmation")
    assert action["sends"] == {"query": "从上海到杭州的火车票"}
    assert action["shares"] == ["query"] and "仅会收到：您请求的文字内容" in action["notice"]
    assert ticket_partner.requests == [] and ledger.count(svc) == 0
    confirm = action["confirm"]
    assert confirm["path"] == "/api/v1/tickets"
    assert confirm["body"] == {"query": "从上海到杭州的火车票", "notice_shown": True}
    booked = client.post(confirm["path"], headers=auth, json=confirm["body"])
    assert booked.status_code == 200, booked.text
    assert [r.body for r in ticket_partner.requests] == [{"query": "从上海到杭州的火车票"}]
    assert ledger.count(svc) == 1


def test_an_english_ticket_request_sends_only_what_was_understood(client: httpx.Client) -> None:
    auth = _device(client, TICKETS)
    action = _ask(client, auth, "book a train ticket from Shanghai to Hangzhou")["action"]
    assert action["sends"] == {"query": "train tickets from Shanghai to Hangzhou"}


def test_a_share_without_its_consent_is_refused_before_it_is_proposed(
    client: httpx.Client, svc: Services
) -> None:
    auth = _device(client)
    action = _ask(client, auth, "导航到外滩")["action"]
    assert action["status"] == "failed" and action["error"]["code"] == "purpose.no_consent"
    assert "confirm" not in action and ledger.count(svc) == 0


# -- what the server does not do -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "feature", "says"),
    [
        ("call mom", "call", "Calls are made by the JobExp app on your phone"),
        ("text Bob I'm late", "message", "Messages are sent by the JobExp app on your phone"),
        ("what's on my calendar tomorrow", "calendar", "only by the JobExp app on your phone"),
        ("给妈妈打电话", "call", "打电话由您手机上的 JobExp 应用完成"),
    ],
)
def test_calls_messages_and_the_calendar_run_on_the_phone_app(
    client: httpx.Client, svc: Services, text: str, feature: str, says: str
) -> None:
    auth = _device(client, WEATHER, TASKS, NAVIGATION, TICKETS)
    with stored_data_unchanged(svc.database.engine):
        action = _ask(client, auth, text)["action"]
    assert (action["feature"], action["status"]) == (feature, "on_device")
    assert says in action["message"]


@pytest.mark.parametrize(
    ("text", "reply"), [("sing me a song", CAPABILITIES.en), ("唱首歌", CAPABILITIES.zh)]
)
def test_what_jobexp_does_not_do_gets_the_list_of_what_it_does(
    client: httpx.Client, text: str, reply: str
) -> None:
    auth = _device(client)
    answer = _ask(client, auth, text)
    assert answer["intent"] == "unknown" and answer["question"] == reply
    assert answer["action"] == {
        "feature": None,
        "status": "not_supported",
        "message": reply,
    }


# -- who may ask, and bad input ----------------------------------------------------------------


def test_asking_needs_a_signed_in_user_and_a_browser_needs_the_csrf_token(
    client: httpx.Client,
) -> None:
    assert_clear_error(client.post("/api/v1/ask", json={"text": "weather"}), 401)
    _device(client)
    browser = log_in_browser(client, "ada@example.com")
    body = {"text": "call mom"}
    refused = client.post("/api/v1/ask", headers=browser.headers(), json=body)
    assert_clear_error(refused, 403, "csrf.failed")
    allowed = client.post("/api/v1/ask", headers=browser.headers(csrf=True), json=body)
    assert allowed.status_code == 200 and allowed.json()["action"]["status"] == "on_device"


@pytest.mark.parametrize(
    ("body", "code", "field"),
    [
        ({"text": ""}, "request.invalid", "text"),
        ({"text": "   "}, "ask.text_empty", None),
        ({"text": "x" * 501}, "request.invalid", "text"),
        ({"text": 5}, "request.invalid", "text"),
        ({"text": None}, "request.invalid", "text"),
        ({"text": ["weather"]}, "request.invalid", "text"),
        ({}, "request.invalid", "text"),
        ({"text": "weather", "lang": "fr"}, "request.invalid", "lang"),
        ({"text": "weather", "user_id": "someone"}, "request.invalid", "user_id"),
        ({"text": "call\u0000mom"}, "request.invalid", "text"),
        ({"text": "call \ud800"}, "request.invalid", "text"),  # not encodable text
        (["weather"], "request.invalid", "body"),
    ],
)
def test_bad_input_is_a_clear_422_never_a_500(
    client: httpx.Client, svc: Services, body: object, code: str, field: str | None
) -> None:
    auth = _device(client, WEATHER, TASKS)
    headers = {**auth, "content-type": "application/json"}
    with stored_data_unchanged(svc.database.engine):
        response = client.post("/api/v1/ask", headers=headers, content=json_bytes(body))
    error = assert_clear_error(response, 422, code)
    if field is not None:
        assert field in {f["field"] for f in error["fields"]}


def test_a_bad_input_message_is_localized(client: httpx.Client) -> None:
    auth = _device(client)
    headers = {**auth, "accept-language": "zh-CN"}
    response = client.post("/api/v1/ask", headers=headers, json={"text": "  "})
    assert assert_clear_error(response, 422, "ask.text_empty")["message"] == (
        "请输入您想让 JobExp 做的事。"
    )


def test_the_openapi_document_describes_the_answer(client: httpx.Client) -> None:
    document = client.get("/openapi.json").json()
    operation = document["paths"]["/api/v1/ask"]["post"]
    schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert schema == {"$ref": "#/components/schemas/AskOut"}
    schemas = document["components"]["schemas"]
    assert set(schemas["AskOut"]["required"]) >= {"intent", "slots", "lang", "action"}
    assert set(schemas["AskActionOut"]["properties"]["status"]["enum"]) == {
        "done",
        "needs_input",
        "needs_confirmation",
        "on_device",
        "not_supported",
        "failed",
    }
    assert "422" in operation["responses"] and "401" in operation["responses"]


# -- the user's saved places -----------------------------------------------------------------


def _save(client: httpx.Client, auth: dict[str, str], kind: str, label: str) -> str:
    body = {"kind": kind, "label": label, "latitude": 31.230416, "longitude": 121.473701}
    response = client.post("/api/v1/places", headers=auth, json=body)
    assert response.status_code == 201, response.text
    place_id: str = response.json()["id"]
    return place_id


def test_saved_places_are_understood_and_proposed_by_reference(client: httpx.Client) -> None:
    auth = _device(client, TASKS, NAVIGATION)
    home = _save(client, auth, "home", "Lakeside flat")
    gym = _save(client, auth, "frequent", "Gym")
    action = _ask(client, auth, "take me home")["action"]
    assert action["sends"] == {"destination": "Lakeside flat"}
    assert action["confirm"]["body"] == {"destination_place_id": home}
    answer = _ask(client, auth, "navigate from home to the gym")
    assert answer["slots"]["destination"] == "Gym"  # the user's own spelling
    action = answer["action"]
    assert action["shares"] == ["destination", "origin"]
    assert action["sends"] == {"destination": "Gym", "origin": "Lakeside flat"}
    assert action["confirm"]["body"] == {"destination_place_id": gym, "origin_place_id": home}
    assert "your destination, your starting point" in action["notice"]


def test_home_without_a_saved_home_is_asked_for_again(client: httpx.Client) -> None:
    auth = _device(client, TASKS, NAVIGATION)
    answer = _ask(client, auth, "take me home")
    assert (answer["missing"], answer["question"]) == ("destination", "Where to?")
    assert answer["action"]["status"] == "needs_input"


def test_the_weather_at_a_saved_place_sends_only_its_coarse_point(
    client: httpx.Client, open_meteo: FakeOpenMeteo
) -> None:
    auth = _device(client, TASKS, WEATHER)
    _save(client, auth, "home", "Lakeside flat")
    action = _ask(client, auth, "the weather at home")["action"]
    assert action["status"] == "done" and action["message"].startswith("Lakeside flat on ")
    [sent] = open_meteo.requests
    assert (sent.params["latitude"], sent.params["longitude"]) == ("31.23", "121.47")


def test_an_unreachable_weather_service_fails_clearly_in_the_answer(
    client: httpx.Client, open_meteo: FakeOpenMeteo
) -> None:
    auth = _device(client, WEATHER)
    open_meteo.mode = "down"
    answer = _ask(client, auth, "上海天气")
    assert answer["intent"] == "weather" and answer["action"]["status"] == "failed"
    assert answer["action"]["error"]["code"] == "assistant.weather.unavailable"
    assert "天气服务" in answer["action"]["message"]
