"""Who asks and how refusals show, handled once for every route: sign-in redirects, the
page's own refusal view, the API's 401 before anything else about the request."""

from __future__ import annotations

import httpx

from tests.e2e.api.helpers import log_in_browser, sign_up

HTML = {"accept": "text/html"}


def test_a_signed_out_form_post_goes_to_sign_in_and_comes_back_to_its_page(
    client: httpx.Client,
) -> None:
    response = client.post("/assistant/tasks", data={"title": "Dentist"}, headers=HTML)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/assistant"


def test_a_signed_out_console_page_goes_to_the_console_sign_in(client: httpx.Client) -> None:
    for path in ("/console", "/console/deletions", "/console/grants"):
        response = client.get(path, headers=HTML)
        assert response.status_code == 303
        assert response.headers["location"] == "/console/login"


def test_a_refused_form_shows_its_page_again_in_the_readers_language_with_what_was_typed(
    client: httpx.Client,
) -> None:
    sign_up(client, "ada@example.com")
    browser = log_in_browser(client, "ada@example.com")
    consent = {"purpose": "task_appointments", "recipient": None, "decision": "granted"}
    given = client.post("/api/v1/me/consents", json=consent, headers=browser.headers(csrf=True))
    assert given.status_code == 200, given.text
    form = {"title": "牙医", "due": "not a time", "csrf_token": browser.csrf_token}
    headers = {**browser.headers(), **HTML, "accept-language": "zh-CN"}
    response = client.post("/assistant/tasks", data=form, headers=headers)
    assert response.status_code == 422
    assert "请输入有效的日期和时间。" in response.text
    assert 'value="牙医"' in response.text


def test_the_api_says_401_to_a_signed_out_request_before_reading_its_body(
    client: httpx.Client,
) -> None:
    response = client.post("/api/v1/tasks", json={"title": ""})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "auth.required"
