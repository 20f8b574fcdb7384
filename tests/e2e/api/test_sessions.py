"""Browser sessions: the cookies a login sets, CSRF on logout, and ending other sessions."""

from __future__ import annotations

import httpx
from sqlalchemy import select

from jobexp.adapters.tables import audit_log
from jobexp.service_layer.context import Services
from tests.e2e.api.helpers import (
    NEW_PASSWORD,
    PASSWORD,
    assert_clear_error,
    log_in,
    log_in_browser,
    set_cookies,
    sign_up,
)


def test_login_sets_a_host_only_secure_httponly_lax_session_cookie(client: httpx.Client) -> None:
    sign_up(client, "ann@example.com")

    response = log_in(client, "ann@example.com")

    assert response.status_code == 201
    cookie = set_cookies(response)["__Host-jx_session"]
    assert cookie.value
    assert cookie["httponly"] is True
    assert cookie["secure"] is True
    assert cookie["samesite"].lower() == "lax"
    assert cookie["path"] == "/"
    assert not cookie["domain"]
    assert response.json()["csrf_token"]
    assert cookie.value not in response.text


def test_me_with_the_session_cookie_returns_the_account(client: httpx.Client) -> None:
    account = sign_up(client, "ann@example.com")
    browser = log_in_browser(client, "ann@example.com")

    response = client.get("/api/v1/me", headers=browser.headers())

    assert response.status_code == 200
    assert response.json()["id"] == account["id"]


def test_a_wrong_password_is_401_and_sets_no_cookie(client: httpx.Client) -> None:
    sign_up(client, "ann@example.com")

    response = log_in(client, "ann@example.com", "not the password at all")

    assert_clear_error(response, 401, "auth.failed")
    assert not set_cookies(response)


def test_logout_without_the_csrf_token_is_403_and_audited(
    client: httpx.Client, svc: Services
) -> None:
    sign_up(client, "ann@example.com")
    browser = log_in_browser(client, "ann@example.com")

    response = client.delete("/api/v1/sessions/current", headers=browser.headers())

    assert_clear_error(response, 403, "csrf.failed")
    with svc.database.engine.connect() as connection:
        actions = connection.execute(select(audit_log.c.action)).scalars().all()
    assert "authz:request:denied" in actions
    assert client.get("/api/v1/me", headers=browser.headers()).status_code == 200


def test_logout_with_a_csrf_token_from_another_browser_is_403(client: httpx.Client) -> None:
    sign_up(client, "ann@example.com")
    browser = log_in_browser(client, "ann@example.com")
    other = log_in_browser(client, "ann@example.com")

    response = client.delete(
        "/api/v1/sessions/current",
        headers={**browser.headers(), "x-csrf-token": other.csrf_token},
    )

    assert_clear_error(response, 403, "csrf.failed")


def test_logout_with_the_csrf_token_ends_the_session_and_the_old_cookie_gets_401(
    client: httpx.Client,
) -> None:
    sign_up(client, "ann@example.com")
    browser = log_in_browser(client, "ann@example.com")

    response = client.delete("/api/v1/sessions/current", headers=browser.headers(csrf=True))

    assert response.status_code == 204
    assert not response.content
    cleared = set_cookies(response)["__Host-jx_session"]
    assert cleared.value in {"", '""'}
    after = client.get("/api/v1/me", headers=browser.headers())
    assert_clear_error(after, 401, "auth.session_expired")


def test_changing_the_password_ends_every_other_session_but_keeps_this_one(
    client: httpx.Client,
) -> None:
    sign_up(client, "ann@example.com")
    current = log_in_browser(client, "ann@example.com")
    other = log_in_browser(client, "ann@example.com")

    response = client.post(
        "/api/v1/me/password",
        json={"current_password": PASSWORD, "new_password": NEW_PASSWORD},
        headers=current.headers(csrf=True),
    )

    assert response.status_code == 200
    assert response.json() == {"ended_sessions": 1}
    assert client.get("/api/v1/me", headers=current.headers()).status_code == 200
    assert client.get("/api/v1/me", headers=other.headers()).status_code == 401
    assert log_in(client, "ann@example.com", PASSWORD).status_code == 401
    assert log_in(client, "ann@example.com", NEW_PASSWORD).status_code == 201


def test_changing_the_password_with_a_cookie_needs_the_csrf_token(client: httpx.Client) -> None:
    sign_up(client, "ann@example.com")
    browser = log_in_browser(client, "ann@example.com")

    response = client.post(
        "/api/v1/me/password",
        json={"current_password": PASSWORD, "new_password": NEW_PASSWORD},
        headers=browser.headers(),
    )

    assert_clear_error(response, 403, "csrf.failed")
    assert log_in(client, "ann@example.com", PASSWORD).status_code == 201
