"""The disclosure, leak-report and partner endpoints over HTTP (5.0, 8b, 4a, 4b; D4, D14)."""

from __future__ import annotations

from datetime import date, timedelta

import httpx

from jobexp.clock import ManualClock
from jobexp.service_layer import disclosure_requests, partners
from jobexp.service_layer.context import Services
from jobexp.types import UserId
from tests.e2e.api.helpers import bearer, register_device, sign_up
from tests.support.governance import add_staff, audit_rows, authority_filing, grant_consent

ME = "alice@example.com"


def _user_id(svc: Services, client: httpx.Client) -> tuple[UserId, str]:
    sign_up(client, ME)
    token = register_device(client, ME)
    user = client.get("/api/v1/me", headers=bearer(token)).json()
    return user["id"], token


def test_my_disclosures_lists_each_executed_request_in_my_language(
    svc: Services, client: httpx.Client
) -> None:
    user_id, token = _user_id(svc, client)
    assert client.get("/api/v1/me/disclosures", headers=bearer(token)).json() == []
    support, officer = add_staff(svc, "support"), add_staff(svc, "privacy_officer")
    request_id = disclosure_requests.file(svc, support, authority_filing(user_id))
    disclosure_requests.decide(svc, officer, request_id, approve=True)
    disclosure_requests.execute(svc, officer, request_id)
    headers = {**bearer(token), "accept-language": "zh-CN"}
    [entry] = client.get("/api/v1/me/disclosures", headers=headers).json()
    assert (entry["basis"], entry["basis_name"]) == ("5c", "法律要求")
    assert entry["category_names"] == ["账号标识"]
    assert client.get("/api/v1/me/disclosures").status_code == 401


def test_a_leak_report_is_recorded(svc: Services, client: httpx.Client) -> None:
    _, token = _user_id(svc, client)
    body = {"description": "My number was posted in a group chat"}
    response = client.post("/api/v1/me/incident-reports", json=body, headers=bearer(token))
    assert response.status_code == 201, response.text
    assert response.json()["notices"] == []
    empty = client.post(
        "/api/v1/me/incident-reports", json={"description": ""}, headers=bearer(token)
    )
    assert empty.status_code == 422


def test_the_partner_api_refuses_an_ended_key_and_a_category_outside_the_grant(
    svc: Services, client: httpx.Client, clock: ManualClock
) -> None:
    user_id, _ = _user_id(svc, client)
    grant_consent(svc, user_id, "marketing", "marketing_partner")
    admin = add_staff(svc, "administrator")
    issued = partners.create_grant(
        svc, admin, recipient="marketing_partner", purpose="marketing",
        categories=("account_identifier",), ends_on=date(2026, 12, 15),
    )  # fmt: skip
    url = f"/api/v1/partner/users/{user_id}"
    ok = client.get(
        url, params={"categories": "account_identifier"}, headers=bearer(issued.api_key)
    )
    assert ok.status_code == 200, ok.text
    assert ok.json()["values"] == {"account_identifier": ME}
    outside = client.get(url, params={"categories": "birth_date"}, headers=bearer(issued.api_key))
    assert outside.status_code == 403
    assert outside.json()["error"]["code"] == "partner.category_outside_grant"
    clock.advance(timedelta(days=16))
    ended = client.get(
        url, params={"categories": "account_identifier"}, headers=bearer(issued.api_key)
    )
    assert ended.status_code == 401
    assert ended.json()["error"]["code"] == "partner.grant_ended"
    unknown = client.get(url, params={"categories": "account_identifier"}, headers=bearer("jxp_x"))
    assert unknown.status_code == 401
    assert audit_rows(svc).count(("partner:api:denied", "denied")) == 3
