"""10: account deletion, self-service, within 3 PRC working days, irreversible, with a receipt;
security logs kept pseudonymously and data under legal hold frozen (D7)."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from sqlalchemy import select

from jobexp.adapters import tables as t
from jobexp.bootstrap import partner_notifier
from jobexp.clock import ManualClock
from jobexp.domain.working_days import deletion_deadline, parse_timestamp
from jobexp.service_layer import deletion, erasure
from jobexp.service_layer.context import Services
from tests.conformance._http import PASSWORD, device_body, sign_up
from tests.support.deletion import all_rows, rows_mentioning, vault_keys

pytestmark = pytest.mark.clause("10")
ME = "/api/v1/me/deletion"


def _token(client: httpx.Client, identifier: str) -> str:
    sign_up(client, identifier)
    response = client.post("/api/v1/devices/register", json=device_body(identifier))
    assert response.status_code == 201, response.text
    return str(response.json()["token"])


@pytest.mark.parametrize(
    ("requested", "deadline"),
    [
        ("2026-09-30T18:00+08:00", "2026-10-10"),  # National Day; Saturday Oct 10 works
        ("2026-02-13T16:00:00Z", "2026-02-26"),  # Saturday 00:00 in Shanghai; Spring Festival
    ],
)
def test_the_deadline_is_three_prc_working_days_not_counting_the_request_day(
    requested: str, deadline: str
) -> None:
    assert deletion_deadline(parse_timestamp(requested)).day.isoformat() == deadline


def test_a_user_deletes_their_account_with_only_their_password_and_gets_a_receipt(
    client: httpx.Client, svc: Services, clock: ManualClock
) -> None:
    token = _token(client, "leaving@example.com")
    auth = {"authorization": f"Bearer {token}"}
    asked = client.post(ME, json={"password": PASSWORD}, headers=auth)
    assert asked.status_code == 202, asked.text
    assert asked.json()["deadline"] == deletion_deadline(clock.now()).day.isoformat()
    with svc.database.engine.connect() as connection:
        [user_id] = connection.execute(select(t.users.c.id)).scalars()
    ref = deletion.user_ref(svc, user_id)

    clock.advance(timedelta(hours=25))
    assert len(erasure.run(svc, partner_notifier(svc.settings)).erased) == 1

    rows = all_rows(svc.database.engine)
    assert rows_mentioning(rows, user_id) == {}, "irreversible: no row of the account remains"
    assert user_id not in vault_keys(svc), "the encryption key is destroyed"
    assert rows_mentioning(rows, ref).keys() <= {"audit_log", "deletion_requests"}
    assert rows_mentioning({"audit_log": rows["audit_log"]}, ref), "security log kept, pseudonymous"
    receipt = client.get(asked.json()["receipt_url"].replace("/deletion", "/api/v1/deletion"))
    assert receipt.json()["state"] == "erased"
    assert client.get(ME, headers=auth).status_code == 401


def test_data_under_legal_hold_is_frozen_not_deleted(
    client: httpx.Client, svc: Services, clock: ManualClock
) -> None:
    token = _token(client, "held@example.com")
    client.post(ME, json={"password": PASSWORD}, headers={"authorization": f"Bearer {token}"})
    with svc.database.engine.connect() as connection:
        [user_id] = connection.execute(select(t.users.c.id)).scalars()
    deletion.place_hold(svc, deletion.user_ref(svc, user_id), "case 2026-17", "legal")
    clock.advance(timedelta(days=10))
    assert erasure.run(svc, partner_notifier(svc.settings)).erased == []
    assert rows_mentioning(all_rows(svc.database.engine), user_id)["users"]
    status = deletion.status(svc, user_id)
    assert status is not None and status.state == "on_hold"
