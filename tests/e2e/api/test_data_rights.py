"""Seeing, downloading and correcting one's own data over the API (D18)."""

from __future__ import annotations

from datetime import datetime, timedelta

import httpx
from sqlalchemy import delete, select

from jobexp.adapters import tables as t
from jobexp.service_layer import audit
from jobexp.service_layer.context import Services
from tests.e2e.api.helpers import (
    bearer,
    register_device,
    sign_up,
    stored_data_unchanged,
)


def _device(client: httpx.Client, identifier: str = "ada@example.com") -> dict[str, str]:
    sign_up(client, identifier)
    return bearer(register_device(client, identifier))


def test_the_export_holds_everything_about_the_user_with_why_and_until_when(
    client: httpx.Client, svc: Services
) -> None:
    auth = _device(client)
    response = client.get("/api/v1/me/export", headers=auth)
    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    body = response.json()
    sections = body["sections"]
    account = sections["account"]
    assert account["items"][0]["identifier"] == "ada@example.com"
    assert account["items"][0]["birth_date"] == "1990-05-17"
    assert {r["purpose"] for r in account["why"]} >= {"account", "login_security"}
    assert all(r["legal_basis"] for r in account["why"])
    created = datetime.fromisoformat(account["items"][0]["created_at"])
    until = datetime.fromisoformat(account["retention"]["until"])
    assert until - created == timedelta(days=1095)
    device = sections["devices"]["items"][0]
    assert device["network_code"] == "46000" and device["retained_until"]
    assert len(sections["sessions"]["items"]) == 1
    assert [a["document"] for a in sections["policy_acceptances"]["items"]] == [
        "service_agreement",
        "privacy_policy",
    ]
    actions = {e["action"] for e in sections["security_log"]["items"]}
    assert {"account:user:signed_up", "auth:session:login"} <= actions
    assert sections["disclosures"]["items"] == []
    assert "$argon2" not in response.text  # the hash is named as held, never handed out


def test_the_password_is_named_as_withheld_with_a_reason_a_program_can_read(
    client: httpx.Client,
) -> None:
    auth = _device(client)
    account = client.get("/api/v1/me/export", headers=auth).json()["sections"]["account"]
    assert account["items"][0]["password"] == {"withheld": "one_way_hash"}


def test_the_export_leaves_out_purposes_the_user_never_agreed_to(client: httpx.Client) -> None:
    auth = _device(client)
    why = client.get("/api/v1/me/export", headers=auth).json()["sections"]["account"]["why"]
    assert "marketing" not in {r["purpose"] for r in why}


def test_an_export_is_recorded_in_the_security_log(client: httpx.Client, svc: Services) -> None:
    auth = _device(client)
    client.get("/api/v1/me/export", headers=auth)
    with svc.database.engine.connect() as connection:
        actions = set(connection.execute(select(t.audit_log.c.action)).scalars())
    assert "privacy:data:exported" in actions


def test_an_export_for_a_deleted_account_is_refused_401(
    client: httpx.Client, svc: Services
) -> None:
    auth = _device(client)
    with svc.database.engine.begin() as connection:
        connection.execute(delete(t.users))
    response = client.get("/api/v1/me/export", headers=auth)
    assert response.status_code == 401
    assert response.json()["error"]["message"]


def test_correcting_locale_and_time_zone_changes_them_and_is_audited(
    client: httpx.Client, svc: Services
) -> None:
    auth = _device(client)
    response = client.patch(
        "/api/v1/me", json={"locale": "zh-CN", "time_zone": "Europe/Berlin"}, headers=auth
    )
    assert response.status_code == 200, response.text
    assert (response.json()["locale"], response.json()["time_zone"]) == ("zh-CN", "Europe/Berlin")
    assert client.get("/api/v1/me", headers=auth).json()["time_zone"] == "Europe/Berlin"
    with svc.database.engine.connect() as connection:
        details = connection.execute(
            select(t.audit_log.c.details).where(t.audit_log.c.action == "privacy:data:corrected")
        ).scalar_one()
    assert "locale,time_zone" in details
    assert audit.verify(svc) is None


def test_malformed_corrections_are_a_clear_422_and_change_nothing(
    client: httpx.Client, svc: Services
) -> None:
    auth = _device(client)
    bad_bodies = [
        {"time_zone": "Mars/Olympus_Mons"},
        {"time_zone": ""},
        {"locale": "fr"},
        {},
        {"birth_date": "2001-01-01"},
        {"identifier": "eve@example.com"},
        {"time_zone": "x" * 65},
    ]
    with stored_data_unchanged(svc.database.engine):
        for body in bad_bodies:
            response = client.patch("/api/v1/me", json=body, headers=auth)
            assert response.status_code == 422, (body, response.text)
            error = response.json()["error"]
            assert error["message"] and error["code"] != "error.internal", body


def test_correction_needs_authentication(client: httpx.Client) -> None:
    response = client.patch("/api/v1/me", json={"locale": "en"})
    assert response.status_code == 401
