"""Consents and policy acceptance over the API (P1, 1b, 1d, 4c, 11; D1, D3)."""

from __future__ import annotations

import httpx
from sqlalchemy import func, select

from jobexp.adapters import tables as t
from jobexp.service_layer import policy_updates
from jobexp.service_layer.context import RequestContext, Services
from tests.e2e.api.helpers import register_device, sign_up
from tests.support.policy_files import material_update

CLI = RequestContext(client_ip=None, channel="cli")


def _device(client: httpx.Client, identifier: str = "ada@example.com") -> dict[str, str]:
    sign_up(client, identifier)
    return {"Authorization": f"Bearer {register_device(client, identifier)}"}


def _consent_rows(svc: Services) -> int:
    with svc.database.engine.connect() as connection:
        return int(
            connection.execute(select(func.count()).select_from(t.consent_events)).scalar_one()
        )


def test_the_consent_list_names_purpose_recipient_and_data(client: httpx.Client) -> None:
    auth = _device(client)
    listed = client.get("/api/v1/me/consents", headers=auth).json()
    navigation = next(c for c in listed if c["recipient"] == "navigation_provider")
    assert navigation["purpose"] == "navigation_share" and navigation["decision"] is None
    assert "location_coarse" in navigation["categories"] and navigation["recipient_name"]


def test_giving_and_withdrawing_are_the_same_single_request(client: httpx.Client) -> None:
    auth = _device(client)
    for decision in ("granted", "withdrawn"):
        response = client.post(
            "/api/v1/me/consents",
            headers=auth,
            json={"purpose": "weather", "decision": decision},
        )
        assert response.status_code == 200 and response.json()["decision"] == decision
    history = client.get("/api/v1/me/consents/history", headers=auth).json()
    assert [e["decision"] for e in history] == ["withdrawn", "granted"]


def test_consent_for_an_unknown_purpose_or_recipient_is_a_clear_404(
    client: httpx.Client, svc: Services
) -> None:
    auth = _device(client)
    for body in (
        {"purpose": "telepathy", "decision": "granted"},
        {"purpose": "marketing", "recipient": "data_broker", "decision": "granted"},
    ):
        response = client.post("/api/v1/me/consents", headers=auth, json=body)
        assert response.status_code == 404
        assert response.json()["error"]["code"].startswith("consent.unknown")
    assert _consent_rows(svc) == 0


def test_consent_on_behalf_of_another_user_is_refused(client: httpx.Client, svc: Services) -> None:
    other = sign_up(client, "grace@example.com")
    auth = _device(client)
    response = client.post(
        "/api/v1/me/consents",
        headers=auth,
        json={"purpose": "weather", "decision": "granted", "user_id": other["id"]},
    )
    assert response.status_code == 422
    assert response.json()["error"]["fields"][0]["field"] == "user_id"
    assert _consent_rows(svc) == 0


def test_consent_changes_need_authentication(client: httpx.Client) -> None:
    response = client.post(
        "/api/v1/me/consents", json={"purpose": "weather", "decision": "granted"}
    )
    assert response.status_code == 401


def test_devices_are_flagged_about_a_material_update_until_they_accept(
    client: httpx.Client, svc: Services
) -> None:
    auth = _device(client)
    assert "jobexp-policy-update" not in client.get("/api/v1/me", headers=auth).headers
    policy_updates.publish(svc, material_update(), "policy.yaml", CLI)
    flagged = client.get("/api/v1/me", headers=auth)
    assert flagged.headers["jobexp-policy-update"].startswith("material;")
    assert 'affected="weather"' in flagged.headers["jobexp-policy-update"]
    status = client.get("/api/v1/me/policy", headers=auth).json()
    assert status["pending"] == "material" and status["blocked_purposes"] == ["weather"]
    accepted = client.post(
        "/api/v1/me/policy/acceptance", headers=auth, json={"version": status["current"]["version"]}
    )
    assert accepted.status_code == 204
    assert "jobexp-policy-update" not in client.get("/api/v1/me", headers=auth).headers


def test_accepting_an_old_version_is_a_conflict(client: httpx.Client, svc: Services) -> None:
    auth = _device(client)
    old = client.get("/api/v1/documents").json()["privacy_policy"]
    policy_updates.publish(svc, material_update(), "policy.yaml", CLI)
    response = client.post("/api/v1/me/policy/acceptance", headers=auth, json={"version": old})
    assert response.status_code == 409
