"""The deletion page's forms over plain HTTP: CSRF, wrong password, nothing stored (D7)."""

from __future__ import annotations

import httpx
from sqlalchemy import func, select

from jobexp.adapters import tables as t
from jobexp.service_layer.context import Services
from tests.e2e.api.helpers import PASSWORD, log_in_browser, sign_up

PAGE = "/privacy-center/deletion"
HTML = {"accept": "text/html"}


def _requests(svc: Services) -> int:
    with svc.database.engine.connect() as connection:
        query = select(func.count()).select_from(t.deletion_requests)
        return int(connection.execute(query).scalar_one())


def test_a_form_post_without_the_csrf_token_is_refused(client: httpx.Client, svc: Services) -> None:
    sign_up(client, "leaving@example.com")
    browser = log_in_browser(client, "leaving@example.com")
    headers = {**browser.headers(), **HTML}
    for path, form in ((PAGE, {"password": PASSWORD}), (f"{PAGE}/cancel", {})):
        response = client.post(path, data=form, headers=headers)
        assert response.status_code == 403, response.text
        assert "text/html" in response.headers["content-type"]
    assert _requests(svc) == 0


def test_a_wrong_password_shows_the_page_again_with_a_401(
    client: httpx.Client, svc: Services
) -> None:
    sign_up(client, "leaving@example.com")
    browser = log_in_browser(client, "leaving@example.com")
    form = {"password": "not it", "csrf_token": browser.csrf_token}
    response = client.post(PAGE, data=form, headers={**browser.headers(), **HTML})
    assert response.status_code == 401
    assert "The password is not correct" in response.text
    assert _requests(svc) == 0


def test_cancel_with_nothing_open_is_a_clear_404_on_the_page(client: httpx.Client) -> None:
    sign_up(client, "leaving@example.com")
    browser = log_in_browser(client, "leaving@example.com")
    form = {"csrf_token": browser.csrf_token}
    response = client.post(f"{PAGE}/cancel", data=form, headers={**browser.headers(), **HTML})
    assert response.status_code == 404
    assert "There is no open deletion request" in response.text


def test_signed_out_visitors_go_to_login_and_an_unknown_receipt_page_is_404(
    client: httpx.Client,
) -> None:
    response = client.get(PAGE, headers=HTML)
    assert response.status_code == 303
    assert response.headers["location"] == f"/login?next={PAGE}"
    missing = client.get("/deletion-receipts/" + "x" * 43, headers=HTML)
    assert missing.status_code == 404 and "No deletion receipt has this id" in missing.text
