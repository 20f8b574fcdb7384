"""Account deletion over the API (clause 10, D7): request, follow, cancel, bad input."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from sqlalchemy import func, select

from jobexp.adapters import tables as t
from jobexp.adapters.deletion_records import DeletionRecords
from jobexp.clock import ManualClock
from jobexp.domain.working_days import deletion_deadline
from jobexp.service_layer import deletion, erasure
from jobexp.service_layer.context import Services
from tests.e2e.api.helpers import (
    PASSWORD,
    assert_clear_error,
    bearer,
    log_in_browser,
    register_device,
    sign_up,
)

ME = "/api/v1/me/deletion"
IDENTIFIER = "leaving@example.com"


@pytest.fixture
def token(client: httpx.Client) -> str:
    sign_up(client, IDENTIFIER)
    return register_device(client, IDENTIFIER)


def _requests(svc: Services) -> int:
    with svc.database.engine.connect() as connection:
        return connection.execute(
            select(func.count()).select_from(t.deletion_requests)
        ).scalar_one()


def test_a_request_with_the_password_is_accepted_with_its_deadline(
    client: httpx.Client, token: str, svc: Services, clock: ManualClock
) -> None:
    response = client.post(ME, json={"password": PASSWORD}, headers=bearer(token))
    assert response.status_code == 202, response.text
    body = response.json()
    assert body["state"] == "requested" and body["cancellable"] is True
    assert body["deadline"] == deletion_deadline(clock.now()).day.isoformat()
    assert body["remaining_seconds"] > 3 * 24 * 3600
    assert body["receipt_url"] == f"/deletion-receipts/{body['receipt_id']}"
    status = client.get(ME, headers=bearer(token)).json()
    assert status["state"] == "requested" and status["receipt_id"] == body["receipt_id"]


def test_a_wrong_password_is_refused_and_nothing_is_requested(
    client: httpx.Client, token: str, svc: Services
) -> None:
    response = client.post(ME, json={"password": "not my password"}, headers=bearer(token))
    assert_clear_error(response, 401, "deletion.password_wrong")
    assert _requests(svc) == 0


@pytest.mark.parametrize(
    "body",
    [
        {"password": PASSWORD, "user_id": "0" * 32},
        {"password": PASSWORD, "account": "someone@example.com"},
        {},
        {"password": ""},
    ],
)
def test_a_body_naming_another_account_or_lacking_the_password_is_refused(
    client: httpx.Client, token: str, svc: Services, body: dict[str, str]
) -> None:
    response = client.post(ME, json=body, headers=bearer(token))
    assert_clear_error(response, 422)
    assert _requests(svc) == 0


def test_a_second_request_while_one_is_open_is_refused(
    client: httpx.Client, token: str, svc: Services
) -> None:
    assert client.post(ME, json={"password": PASSWORD}, headers=bearer(token)).status_code == 202
    again = client.post(ME, json={"password": PASSWORD}, headers=bearer(token))
    assert_clear_error(again, 409, "deletion.already_requested")
    assert _requests(svc) == 1


def test_cancelling_then_asking_again_works_and_a_second_cancel_says_there_is_none(
    client: httpx.Client, token: str
) -> None:
    client.post(ME, json={"password": PASSWORD}, headers=bearer(token))
    cancelled = client.delete(ME, headers=bearer(token))
    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["state"] == "cancelled"
    assert client.get(ME, headers=bearer(token)).json()["state"] == "cancelled"
    assert_clear_error(client.delete(ME, headers=bearer(token)), 404, "deletion.none")
    assert client.post(ME, json={"password": PASSWORD}, headers=bearer(token)).status_code == 202


def test_no_request_yet_is_a_clear_404(client: httpx.Client, token: str) -> None:
    assert_clear_error(client.get(ME, headers=bearer(token)), 404, "deletion.none")


def test_once_erasure_begins_the_old_token_is_refused_and_the_receipt_follows(
    client: httpx.Client, token: str, svc: Services, clock: ManualClock
) -> None:
    receipt_id = client.post(ME, json={"password": PASSWORD}, headers=bearer(token)).json()[
        "receipt_id"
    ]
    clock.advance(timedelta(hours=25))
    erasure.schedule_requested(svc)
    assert client.get(ME, headers=bearer(token)).json()["state"] == "scheduled"
    with svc.database.engine.connect() as connection:
        request_id = connection.execute(select(t.deletion_requests.c.id)).scalar_one()
    assert erasure._begin(svc, request_id)  # key destroyed, sessions ended: now erasing

    refused = client.delete(ME, headers=bearer(token))
    assert_clear_error(refused, 401)  # the session ended with the key
    receipt = client.get(f"/api/v1/deletion-receipts/{receipt_id}").json()
    assert receipt["state"] == "erasing" and receipt["summary"] is None
    assert erasure.erase(svc, request_id) == receipt_id
    for method, path in (("GET", ME), ("DELETE", ME), ("GET", "/api/v1/me")):
        assert_clear_error(client.request(method, path, headers=bearer(token)), 401)
    done = client.get(f"/api/v1/deletion-receipts/{receipt_id}").json()
    assert done["state"] == "erased" and done["summary"]["data_key_destroyed"] is True


def test_cancel_refused_once_erasing_even_for_a_live_browser_session(
    client: httpx.Client, svc: Services, clock: ManualClock
) -> None:
    """A session still live while erasing (the worker ends them in the same step) gets 409."""
    sign_up(client, IDENTIFIER)
    browser = log_in_browser(client, IDENTIFIER)
    posted = client.post(ME, json={"password": PASSWORD}, headers=browser.headers(csrf=True))
    assert posted.status_code == 202, posted.text
    with svc.uow(deletion.WRITE) as uow:  # as the worker leaves it mid-way, session kept
        records = uow.get(DeletionRecords)
        [request] = records.in_states("requested")
        records.move(request.id, "requested", "erasing")
        uow.commit()
    refused = client.delete(ME, headers=browser.headers(csrf=True))
    assert_clear_error(refused, 409, "deletion.cannot_cancel")


def test_a_browser_session_needs_the_csrf_token(client: httpx.Client, svc: Services) -> None:
    sign_up(client, IDENTIFIER)
    browser = log_in_browser(client, IDENTIFIER)
    refused = client.post(ME, json={"password": PASSWORD}, headers=browser.headers())
    assert_clear_error(refused, 403, "csrf.failed")
    assert _requests(svc) == 0


def test_a_malformed_receipt_id_is_422_and_an_unknown_one_404(client: httpx.Client) -> None:
    assert_clear_error(client.get("/api/v1/deletion-receipts/nope"), 422)
    missing = "x" * 43
    assert_clear_error(client.get(f"/api/v1/deletion-receipts/{missing}"), 404)


def test_errors_are_in_chinese_for_a_chinese_reader(client: httpx.Client, token: str) -> None:
    headers = {**bearer(token), "accept-language": "zh-CN"}
    error = assert_clear_error(client.get(ME, headers=headers), 404, "deletion.none")
    assert "注销" in error["message"]
