"""Documents, sign-up and reading one's own account over HTTP."""

from __future__ import annotations

import re

import httpx
from sqlalchemy import select

from jobexp.adapters.tables import policy_acceptances, users
from jobexp.clock import ManualClock
from jobexp.service_layer.context import Services
from tests.e2e.api.helpers import bearer, register_device, sign_up, sign_up_body

CONTENT_HASH = re.compile(r"[0-9a-f]{64}")


def test_documents_lists_the_current_content_hash_of_each_document(
    client: httpx.Client, svc: Services
) -> None:
    response = client.get("/api/v1/documents")

    assert response.status_code == 200
    assert response.json() == {
        "privacy_policy": svc.documents.privacy_policy,
        "service_agreement": svc.documents.service_agreement,
    }
    assert all(CONTENT_HASH.fullmatch(v) for v in response.json().values())


def test_sign_up_creates_the_account_and_stores_both_acceptances_with_version_and_time(
    client: httpx.Client, svc: Services, clock: ManualClock
) -> None:
    response = client.post("/api/v1/accounts", json=sign_up_body(client, "Ann@Example.com"))

    assert response.status_code == 201
    account = response.json()
    assert account["identifier"] == "ann@example.com"
    assert account["identifier_kind"] == "email"
    assert account["is_minor"] is False
    with svc.database.engine.connect() as connection:
        stored = connection.execute(
            select(
                policy_acceptances.c.document,
                policy_acceptances.c.version,
                policy_acceptances.c.channel,
                policy_acceptances.c.accepted_at,
            ).where(policy_acceptances.c.user_id == account["id"])
        ).all()
        assert connection.execute(select(users.c.id)).scalars().all() == [account["id"]]
    assert sorted(stored) == [
        ("privacy_policy", svc.documents.privacy_policy, "api", clock.now()),
        ("service_agreement", svc.documents.service_agreement, "api", clock.now()),
    ]
    assert {(a["document"], a["version"]) for a in account["acceptances"]} == {
        ("privacy_policy", svc.documents.privacy_policy),
        ("service_agreement", svc.documents.service_agreement),
    }


def test_signing_up_twice_with_one_identifier_is_a_conflict(client: httpx.Client) -> None:
    sign_up(client, "ann@example.com")

    again = client.post("/api/v1/accounts", json=sign_up_body(client, "ANN@example.com"))

    assert again.status_code == 409
    assert again.json()["error"]["code"] == "identifier.taken"


def test_me_with_a_device_bearer_token_returns_the_account(client: httpx.Client) -> None:
    account = sign_up(client, "13800138000")
    token = register_device(client, "13800138000")

    response = client.get("/api/v1/me", headers=bearer(token))

    assert response.status_code == 200
    assert response.json() == account
    assert response.json()["identifier"] == "+8613800138000"


def test_me_without_credentials_is_401_with_a_bearer_challenge(client: httpx.Client) -> None:
    response = client.get("/api/v1/me")

    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json()["error"]["code"] == "auth.required"
