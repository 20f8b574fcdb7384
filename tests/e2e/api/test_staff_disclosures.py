"""The staff API walks every disclosure basis (5a-5g) from filing to the ledger (5.0; D4)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from jobexp.service_layer import ledger
from jobexp.service_layer.context import Services
from jobexp.types import UserId
from tests.e2e.api.helpers import bearer, register_device, sign_up
from tests.support.governance import STAFF_PASSWORD, add_staff, audit_rows, grant_consent

ME = "alice@example.com"
STAFF = "/api/v1/staff"
AUTHORITY = {
    "recipient": "Haidian Public Security Bureau",
    "authority": "Haidian Public Security Bureau",
    "reference": "京公海(2026)1234",
    "categories": ["account_identifier"],
}
CITATION = "Platform rule 4.2: impersonation reports to the victim"


def _user(client: httpx.Client) -> tuple[UserId, str]:
    sign_up(client, ME)
    token = register_device(client, ME)
    user_id: UserId = client.get("/api/v1/me", headers=bearer(token)).json()["id"]
    return user_id, token


def _log_in(svc: Services, client: httpx.Client, role: str, email: str | None = None) -> str:
    member = add_staff(svc, role, email)
    body = {"email": member.email, "password": STAFF_PASSWORD}
    response = client.post(f"{STAFF}/sessions", json=body)
    assert response.status_code == 201, response.text
    token: str = response.json()["token"]
    return token


def _file(client: httpx.Client, token: str, **body: Any) -> httpx.Response:
    return client.post(f"{STAFF}/disclosures", json=body, headers=bearer(token))


def _walk(
    svc: Services, client: httpx.Client, filing: dict[str, Any], approver: str | None = None
) -> int:
    """File as support, approve and execute as a privacy officer; the ledger seq."""
    support = _log_in(svc, client, "support")
    officer = approver or _log_in(svc, client, "privacy_officer")
    filed = _file(client, support, **filing)
    assert filed.status_code == 201, filed.text
    assert filed.json()["status"] == "filed"
    request_id = filed.json()["id"]
    pending = client.get(f"{STAFF}/disclosures", headers=bearer(officer)).json()
    assert request_id in [r["id"] for r in pending["items"]]
    decided = client.post(
        f"{STAFF}/disclosures/{request_id}/decision",
        json={"approve": True, "note": "Checked"},
        headers=bearer(officer),
    )
    assert decided.status_code == 200, decided.text
    assert decided.json() == {"id": request_id, "status": "approved"}
    executed = client.post(f"{STAFF}/disclosures/{request_id}/execute", headers=bearer(officer))
    assert executed.status_code == 200, executed.text
    assert executed.json()["status"] == "executed"
    shown = client.get(f"{STAFF}/disclosures/{request_id}", headers=bearer(officer)).json()
    assert shown["status"] == "executed"
    assert ledger.verify(svc) is None
    seq: int = executed.json()["seq"]
    return seq


def _basis_of_last(svc: Services, user_id: UserId) -> str:
    entries = ledger.history(svc, user_id, include_held=True)
    return entries[-1].disclosure.basis


def test_5a_with_the_users_consent_for_that_recipient(svc: Services, client: httpx.Client) -> None:
    user_id, _ = _user(client)
    filing = {
        "user_id": user_id,
        "basis": "5a",
        "recipient": "navigation_provider",
        "categories": ["location_coarse"],
    }
    support = _log_in(svc, client, "support")
    refused = _file(client, support, **filing)
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "disclosure.needs_consent"
    grant_consent(svc, user_id, "navigation_share", "navigation_provider")
    assert _walk(svc, client, filing) >= 1
    assert _basis_of_last(svc, user_id) == "5a"


def test_5b_with_the_service_request_reference(svc: Services, client: httpx.Client) -> None:
    user_id, _ = _user(client)
    grant_consent(svc, user_id, "navigation_share", "navigation_provider")
    filing = {
        "user_id": user_id,
        "basis": "5b",
        "recipient": "navigation_provider",
        "categories": ["location_coarse"],
    }
    support = _log_in(svc, client, "support")
    refused = _file(client, support, **filing)
    assert refused.json()["error"]["code"] == "disclosure.needs_service_request"
    _walk(svc, client, {**filing, "reference": "route request 2026-11-29/42"})
    assert _basis_of_last(svc, user_id) == "5b"


def test_5c_with_the_authority_and_its_reference(svc: Services, client: httpx.Client) -> None:
    user_id, _ = _user(client)
    support = _log_in(svc, client, "support")
    refused = _file(client, support, user_id=user_id, basis="5c", **{**AUTHORITY, "authority": ""})
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "disclosure.needs_authority"
    _walk(svc, client, {"user_id": user_id, "basis": "5c", **AUTHORITY})
    assert _basis_of_last(svc, user_id) == "5c"


def test_5d_with_a_violation_record_about_that_user(svc: Services, client: httpx.Client) -> None:
    user_id, _ = _user(client)
    support = _log_in(svc, client, "support")
    violation = {"user_id": user_id, "rule": "Rule 7", "description": "Spam", "action": "Warned"}
    recorded = client.post(f"{STAFF}/violations", json=violation, headers=bearer(support))
    assert recorded.status_code == 201, recorded.text
    filing = {"user_id": user_id, "basis": "5d", **AUTHORITY}
    missing = _file(client, support, **filing, violation_id="ab" * 16)
    assert missing.json()["error"]["code"] == "disclosure.needs_violation"
    _walk(svc, client, {**filing, "violation_id": recorded.json()["id"]})
    assert _basis_of_last(svc, user_id) == "5d"


def test_5e_with_the_complaint_reference(svc: Services, client: httpx.Client) -> None:
    user_id, _ = _user(client)
    filing = {
        "user_id": user_id,
        "basis": "5e",
        "recipient": "Complainant (ticket 8812)",
        "categories": ["account_identifier"],
    }
    support = _log_in(svc, client, "support")
    assert _file(client, support, **filing).json()["error"]["code"] == "disclosure.needs_complaint"
    _walk(svc, client, {**filing, "reference": "complaint 8812"})
    assert _basis_of_last(svc, user_id) == "5e"


def test_5f_gives_contact_details_only(svc: Services, client: httpx.Client) -> None:
    user_id, _ = _user(client)
    filing = {"user_id": user_id, "basis": "5f", "recipient": "Emergency services"}
    support = _log_in(svc, client, "support")
    wide = _file(client, support, **filing, categories=["account_identifier", "user_files"])
    assert wide.status_code == 403
    assert wide.json()["error"]["code"] == "disclosure.categories_outside_basis"
    _walk(svc, client, {**filing, "categories": ["account_identifier"]})
    assert _basis_of_last(svc, user_id) == "5f"


def test_5g_needs_a_citation_and_a_second_approver(svc: Services, client: httpx.Client) -> None:
    user_id, _ = _user(client)
    officer = _log_in(svc, client, "privacy_officer")
    filing = {"user_id": user_id, "basis": "5g", **AUTHORITY}
    short = _file(client, officer, **filing, citation="Rule 4.2")
    assert short.json()["error"]["code"] == "disclosure.needs_citation"
    filed = _file(client, officer, **filing, citation=CITATION)
    assert filed.status_code == 201, filed.text
    decision = f"{STAFF}/disclosures/{filed.json()['id']}/decision"
    own = client.post(decision, json={"approve": True}, headers=bearer(officer))
    assert own.status_code == 403
    assert own.json()["error"]["code"] == "disclosure.self_approval"
    assert ("privacy:disclosure:approved", "denied") in audit_rows(svc)
    second = _log_in(svc, client, "privacy_officer", "second@jobexp.example")
    _walk(svc, client, {**filing, "citation": CITATION}, approver=second)
    assert _basis_of_last(svc, user_id) == "5g"
    assert ledger.verify(svc) is None


def test_a_foreign_authority_needs_a_prc_approval(svc: Services, client: httpx.Client) -> None:
    user_id, _ = _user(client)
    support = _log_in(svc, client, "support")
    filing = {"user_id": user_id, "basis": "5c", "recipient_region": "US", **AUTHORITY}
    refused = _file(client, support, **filing)
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "disclosure.foreign_authority"
    assert ("privacy:disclosure:filed", "denied") in audit_rows(svc)


def test_a_users_token_is_not_a_staff_token(svc: Services, client: httpx.Client) -> None:
    user_id, token = _user(client)
    for response in (
        client.get(f"{STAFF}/disclosures", headers=bearer(token)),
        _file(client, token, user_id=user_id, basis="5c", **AUTHORITY),
        client.get(f"{STAFF}/disclosures"),
    ):
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "console.login_required"


def test_an_administrator_may_not_file_or_decide(svc: Services, client: httpx.Client) -> None:
    user_id, _ = _user(client)
    admin = _log_in(svc, client, "administrator")
    filed = _file(client, admin, user_id=user_id, basis="5c", **AUTHORITY)
    assert filed.status_code == 403
    assert client.get(f"{STAFF}/disclosures", headers=bearer(admin)).status_code == 403
    support = _log_in(svc, client, "support")
    request_id = _file(client, support, user_id=user_id, basis="5c", **AUTHORITY).json()["id"]
    decision = f"{STAFF}/disclosures/{request_id}/decision"
    for token in (admin, support):
        refused = client.post(decision, json={"approve": True}, headers=bearer(token))
        assert refused.status_code == 403


@pytest.mark.parametrize("path", ["decision", "execute"])
def test_an_unknown_request_is_404(svc: Services, client: httpx.Client, path: str) -> None:
    officer = _log_in(svc, client, "privacy_officer")
    body = {"approve": True} if path == "decision" else None
    response = client.post(
        f"{STAFF}/disclosures/{'cd' * 16}/{path}", json=body, headers=bearer(officer)
    )
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "disclosure.not_found"


def test_an_unknown_user_and_a_repeated_step_are_refused_without_a_500(
    svc: Services, client: httpx.Client
) -> None:
    user_id, _ = _user(client)
    support = _log_in(svc, client, "support")
    ghost = _file(client, support, user_id="ef" * 16, basis="5c", **AUTHORITY)
    assert ghost.status_code == 404
    nobody = {"user_id": "ef" * 16, "rule": "Rule 7", "description": "Spam", "action": "Warned"}
    assert (
        client.post(f"{STAFF}/violations", json=nobody, headers=bearer(support)).status_code == 404
    )
    officer = _log_in(svc, client, "privacy_officer")
    request_id = _file(client, support, user_id=user_id, basis="5c", **AUTHORITY).json()["id"]
    early = client.post(f"{STAFF}/disclosures/{request_id}/execute", headers=bearer(officer))
    assert early.status_code == 409
    extra = _file(client, support, user_id=user_id, basis="5c", oops=1, **AUTHORITY)
    assert extra.status_code == 422


def test_bad_credentials_are_401_and_a_session_ends(svc: Services, client: httpx.Client) -> None:
    member = add_staff(svc, "support")
    wrong = {"email": member.email, "password": "not the password at all"}
    assert client.post(f"{STAFF}/sessions", json=wrong).status_code == 401
    assert ("staff:session:login", "denied") in audit_rows(svc)
    right = {"email": member.email, "password": STAFF_PASSWORD}
    token = client.post(f"{STAFF}/sessions", json=right).json()["token"]
    assert client.get(f"{STAFF}/disclosures", headers=bearer(token)).status_code == 200
    assert client.delete(f"{STAFF}/sessions", headers=bearer(token)).status_code == 204
    assert client.get(f"{STAFF}/disclosures", headers=bearer(token)).status_code == 401
