"""The assistant's API over HTTP: devices (bearer) and browsers (cookie + CSRF)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from jobexp.adapters import tables as t
from jobexp.clock import ManualClock
from jobexp.service_layer import ledger
from jobexp.service_layer.context import Services
from tests.e2e.api.helpers import (
    assert_clear_error,
    bearer,
    log_in_browser,
    register_device,
    sign_up,
    stored_data_unchanged,
)
from tests.support.assistant_servers import FakeOpenMeteo, FakeTicketPartner

ZH = {"accept-language": "zh-CN"}


def _device(
    client: httpx.Client, *consents: tuple[str, str | None], who: str = "ada"
) -> dict[str, str]:
    identifier = f"{who}@example.com"
    sign_up(client, identifier)
    auth = bearer(register_device(client, identifier))
    for purpose, recipient in consents:
        body = {"purpose": purpose, "recipient": recipient, "decision": "granted"}
        assert client.post("/api/v1/me/consents", headers=auth, json=body).status_code == 200
    return auth


def _due(clock: ManualClock, minutes: int) -> str:
    return (clock.now() + timedelta(minutes=minutes)).isoformat()


TASKS = ("task_appointments", None)


# -- weather --------------------------------------------------------------------------------


def test_weather_answers_for_a_point_sent_coarsened(
    client: httpx.Client, open_meteo: FakeOpenMeteo
) -> None:
    auth = _device(client, ("weather", None))
    body = {"latitude": 31.230416, "longitude": 121.473701}
    response = client.post("/api/v1/weather", headers=auth, json=body)
    assert response.status_code == 200, response.text
    forecast = response.json()
    assert (forecast["latitude"], forecast["longitude"]) == ("31.23", "121.47")
    assert forecast["days"][1]["sky"] == "Rain" and len(forecast["hours"]) == 12
    assert open_meteo.requests[0].params["latitude"] == "31.23"


def test_weather_in_chinese_names_the_city_and_the_sky(client: httpx.Client) -> None:
    auth = _device(client, ("weather", None))
    response = client.post("/api/v1/weather", headers={**auth, **ZH}, json={"city": "上海"})
    assert response.status_code == 200
    assert response.json()["place"] == "上海" and response.json()["days"][0]["sky"] == "多云"


def test_weather_without_its_consent_is_a_clear_403_and_nothing_is_sent(
    client: httpx.Client, open_meteo: FakeOpenMeteo
) -> None:
    auth = _device(client)
    response = client.post("/api/v1/weather", headers=auth, json={"city": "Shanghai"})
    assert_clear_error(response, 403, "purpose.no_consent")
    assert open_meteo.requests == []


@pytest.mark.parametrize("mode", ["down", "garbage", "slow"])
def test_an_unreachable_weather_service_is_a_localized_503(
    client: httpx.Client, open_meteo: FakeOpenMeteo, mode: str
) -> None:
    auth = _device(client, ("weather", None))
    open_meteo.mode = mode  # type: ignore[assignment]
    response = client.post("/api/v1/weather", headers={**auth, **ZH}, json={"city": "Shanghai"})
    assert response.status_code == 503
    error = response.json()["error"]
    assert error["code"] == "assistant.weather.unavailable" and "天气服务" in error["message"]


@pytest.mark.parametrize(
    "body",
    [
        {"latitude": 91, "longitude": 0},
        {"latitude": 31.2},
        {"city": "Shanghai", "latitude": 31.2, "longitude": 121.4},
        {},
        {"city": ""},
        {"city": "x" * 101},
        {"city": "Shanghai", "user_id": "someone"},
    ],
)
def test_bad_weather_requests_are_clear_422s(
    client: httpx.Client, open_meteo: FakeOpenMeteo, body: dict[str, Any]
) -> None:
    auth = _device(client, ("weather", None))
    assert_clear_error(client.post("/api/v1/weather", headers=auth, json=body), 422)
    assert open_meteo.requests == []


def test_an_unknown_city_is_a_clear_404(client: httpx.Client) -> None:
    auth = _device(client, ("weather", None))
    response = client.post("/api/v1/weather", headers=auth, json={"city": "Atlantis"})
    assert_clear_error(response, 404, "assistant.weather.city_unknown")


# -- tasks and reminders --------------------------------------------------------------------


def test_a_task_goes_through_its_whole_life(client: httpx.Client, clock: ManualClock) -> None:
    auth = _device(client, TASKS)
    body = {"title": "Call the landlord", "due_at": _due(clock, 30)}
    created = client.post("/api/v1/tasks", headers=auth, json=body)
    assert created.status_code == 201, created.text
    task = created.json()
    assert task["title"] == "Call the landlord" and task["completed"] is False
    assert [x["id"] for x in client.get("/api/v1/tasks", headers=auth).json()] == [task["id"]]
    assert client.get("/api/v1/reminders/due", headers=auth).json() == []
    clock.advance(timedelta(minutes=30))
    due = client.get("/api/v1/reminders/due", headers=auth).json()
    assert [x["id"] for x in due] == [task["id"]]
    done = client.post(f"/api/v1/tasks/{task['id']}/complete", headers=auth)
    assert done.status_code == 200 and done.json()["completed"] is True
    assert client.get("/api/v1/reminders/due", headers=auth).json() == []
    assert client.delete(f"/api/v1/tasks/{task['id']}", headers=auth).status_code == 204
    assert client.get("/api/v1/tasks", headers=auth).json() == []


def test_a_due_time_with_an_offset_is_the_same_instant_in_utc(
    client: httpx.Client, svc: Services
) -> None:
    auth = _device(client, TASKS)
    body = {"title": "Dinner", "due_at": "2026-11-30T19:00:00+08:00"}
    task = client.post("/api/v1/tasks", headers=auth, json=body).json()
    assert task["due_at"].startswith("2026-11-30T11:00:00")
    with svc.database.engine.connect() as connection:
        stored = connection.execute(select(t.assistant_tasks.c.title_enc)).scalar_one()
    assert b"Dinner" not in stored


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"title": "", "due_at": "2026-12-01T09:00:00+08:00"}, "request.invalid"),
        ({"title": "   ", "due_at": "2026-12-01T09:00:00+08:00"}, "assistant.task.title_empty"),
        ({"title": "x" * 201, "due_at": "2026-12-01T09:00:00+08:00"}, "request.invalid"),
        ({"title": "Tea", "due_at": "2026-12-01T09:00:00"}, "request.invalid"),
        ({"title": "Tea", "due_at": "2026-02-30T09:00:00+08:00"}, "request.invalid"),
        ({"title": "Tea", "due_at": "2026-11-29T09:00:00+08:00"}, "assistant.task.due_past"),
        ({"title": "Tea", "due_at": "9999-12-31T23:59:59-23:59"}, "assistant.task.due_too_far"),
        ({"title": "Tea"}, "request.invalid"),
        ({"title": "Tea\u0000", "due_at": "2026-12-01T09:00:00+08:00"}, "request.invalid"),
    ],
)
def test_a_bad_task_is_a_clear_422_and_nothing_is_stored(
    client: httpx.Client, svc: Services, body: dict[str, Any], code: str
) -> None:
    auth = _device(client, TASKS)
    with stored_data_unchanged(svc.database.engine):
        response = client.post("/api/v1/tasks", headers=auth, json=body)
    assert_clear_error(response, 422, code)


def test_unknown_and_other_users_tasks_are_404_alike(
    client: httpx.Client, clock: ManualClock
) -> None:
    owner = _device(client, TASKS)
    other = _device(client, TASKS, who="bob")
    body = {"title": "Private", "due_at": _due(clock, 30)}
    task_id = client.post("/api/v1/tasks", headers=owner, json=body).json()["id"]
    for target in (task_id, "0" * 32, "not-a-task"):
        for response in (
            client.post(f"/api/v1/tasks/{target}/complete", headers=other),
            client.delete(f"/api/v1/tasks/{target}", headers=other),
        ):
            error = assert_clear_error(response, 404, "assistant.task.not_found")
            assert "Private" not in error["message"]
    assert client.get("/api/v1/tasks", headers=owner).json()[0]["completed"] is False


def test_a_browser_needs_the_csrf_token_to_add_a_task(
    client: httpx.Client, clock: ManualClock
) -> None:
    auth = _device(client, TASKS)
    del auth
    browser = log_in_browser(client, "ada@example.com")
    body = {"title": "Water the plants", "due_at": _due(clock, 60)}
    refused = client.post("/api/v1/tasks", headers=browser.headers(), json=body)
    assert_clear_error(refused, 403, "csrf.failed")
    created = client.post("/api/v1/tasks", headers=browser.headers(csrf=True), json=body)
    assert created.status_code == 201
    assert len(client.get("/api/v1/tasks", headers=browser.headers()).json()) == 1


def test_tasks_without_their_consent_are_refused(client: httpx.Client) -> None:
    auth = _device(client)
    assert_clear_error(client.get("/api/v1/tasks", headers=auth), 403, "purpose.no_consent")
    assert_clear_error(client.get("/api/v1/reminders/due"), 401)


# -- saved places ----------------------------------------------------------------------------


def test_saved_places_can_be_added_listed_and_deleted(client: httpx.Client) -> None:
    auth = _device(client, TASKS)
    body = {"kind": "home", "label": "家", "latitude": 31.230416, "longitude": 121.473701}
    created = client.post("/api/v1/places", headers=auth, json=body)
    assert created.status_code == 201 and created.json()["latitude"] == 31.230416
    assert_clear_error(
        client.post("/api/v1/places", headers=auth, json=body), 409, "assistant.place.kind_taken"
    )
    place_id = created.json()["id"]
    assert [p["label"] for p in client.get("/api/v1/places", headers=auth).json()] == ["家"]
    assert client.delete(f"/api/v1/places/{place_id}", headers=auth).status_code == 204
    assert_clear_error(client.delete(f"/api/v1/places/{place_id}", headers=auth), 404)


@pytest.mark.parametrize(
    "body",
    [
        {"kind": "home", "label": "Home", "latitude": 95, "longitude": 0},
        {"kind": "home", "label": "Home", "latitude": 0, "longitude": -181},
        {"kind": "palace", "label": "Home", "latitude": 0, "longitude": 0},
        {"kind": "home", "label": "", "latitude": 0, "longitude": 0},
        {"kind": "home", "label": "Home", "latitude": "north", "longitude": 0},
    ],
)
def test_bad_places_are_clear_422s(
    client: httpx.Client, svc: Services, body: dict[str, Any]
) -> None:
    auth = _device(client, TASKS)
    with stored_data_unchanged(svc.database.engine):
        assert_clear_error(client.post("/api/v1/places", headers=auth, json=body), 422)


# -- navigation and tickets -----------------------------------------------------------------


def test_navigation_returns_the_url_and_the_notice_and_records_the_share(
    client: httpx.Client, svc: Services
) -> None:
    auth = _device(client, ("navigation_share", "navigation_provider"))
    response = client.post(
        "/api/v1/navigation", headers={**auth, **ZH}, json={"destination": "外滩"}
    )
    assert response.status_code == 200, response.text
    handoff = response.json()
    assert handoff["url"].startswith("https://uri.amap.com/search?keyword=")
    assert handoff["shares"] == ["destination"]
    assert "即将离开 JobExp" in handoff["notice"] and "您的目的地" in handoff["notice"]
    assert ledger.count(svc) == 1


def test_navigation_without_consent_is_refused(client: httpx.Client, svc: Services) -> None:
    auth = _device(client)
    response = client.post("/api/v1/navigation", headers=auth, json={"destination": "外滩"})
    assert_clear_error(response, 403, "purpose.no_consent")
    assert ledger.count(svc) == 0


def test_a_ticket_request_sends_only_allow_listed_fields(
    client: httpx.Client, svc: Services, ticket_partner: FakeTicketPartner
) -> None:
    auth = _device(client, ("ticket_booking_share", "ticket_booking_partner"))
    notice = client.get("/api/v1/tickets/notice", headers=auth).json()
    assert "Ticket-booking partner" in notice["notice"]
    body = {
        "query": "two tickets to Hangzhou",
        "near_latitude": 31.230416,
        "near_longitude": 121.473701,
        "notice_shown": True,
    }
    response = client.post("/api/v1/tickets", headers=auth, json=body)
    assert response.status_code == 200, response.text
    assert response.json()["reference"] == "TKT-0001"
    assert response.json()["shares"] == ["query", "near"]
    [sent] = ticket_partner.requests
    assert sent.body == {
        "query": "two tickets to Hangzhou",
        "near": {"latitude": "31.23", "longitude": "121.47"},
    }
    assert "authorization" not in sent.headers and "cookie" not in sent.headers
    assert ledger.count(svc) == 1


def test_a_failing_partner_is_a_clear_503(
    client: httpx.Client, ticket_partner: FakeTicketPartner
) -> None:
    auth = _device(client, ("ticket_booking_share", "ticket_booking_partner"))
    ticket_partner.mode = "down"
    body = {"query": "two tickets", "notice_shown": True}
    response = client.post("/api/v1/tickets", headers=auth, json=body)
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "assistant.tickets.unavailable"


def test_due_reminders_also_come_as_server_sent_events(
    client: httpx.Client, clock: ManualClock
) -> None:
    auth = _device(client, TASKS)
    body = {"title": "Stretch", "due_at": _due(clock, 10)}
    task_id = client.post("/api/v1/tasks", headers=auth, json=body).json()["id"]
    quiet = client.get("/api/v1/reminders/stream", headers=auth)
    assert quiet.headers["content-type"].startswith("text/event-stream")
    assert quiet.text == "retry: 30000\n\n"
    clock.advance(timedelta(minutes=10))
    stream = client.get("/api/v1/reminders/stream", headers=auth).text
    event, retry = stream.split("\n\n", 1)
    assert event.startswith(f"event: reminder\nid: {task_id}\ndata: {{")
    assert '"title":"Stretch"' in event and retry == "retry: 30000\n\n"
