"""1a: a device sends only an anonymized id, its network code and country code; contacts stay
on the device."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import select

from jobexp.adapters import tables as t
from jobexp.domain.purposes import Access, PurposeRules, UserChoices
from jobexp.service_layer.context import Services
from tests.conformance._http import DEVICE_ID, device_body, sign_up
from tests.conformance.conftest import TODAY

pytestmark = pytest.mark.clause("1a")


def test_a_device_registers_with_exactly_three_facts_and_nothing_else_is_stored(
    client: httpx.Client, svc: Services
) -> None:
    sign_up(client, "ann@example.com")

    response = client.post("/api/v1/devices/register", json=device_body("ann@example.com"))

    assert response.status_code == 201, response.text
    with svc.database.engine.connect() as connection:
        rows = connection.execute(select(t.devices)).all()
    assert [(r.device_id, r.network_code, r.country_code) for r in rows] == [
        (DEVICE_ID, "46000", "CN")
    ]


@pytest.mark.parametrize(
    "extra",
    [
        {"contacts": [{"name": "Bo", "phone": "+8613900139000"}]},
        {"contact_names": ["Bo"]},
        {"phone_number": "+8613800138000"},
    ],
)
def test_a_device_payload_with_any_other_field_is_refused_with_422(
    client: httpx.Client, svc: Services, extra: dict[str, object]
) -> None:
    sign_up(client, "ann@example.com")

    response = client.post("/api/v1/devices/register", json=device_body("ann@example.com", **extra))

    assert response.status_code == 422, response.text
    with svc.database.engine.connect() as connection:
        assert connection.execute(select(t.devices)).all() == []


def test_the_purpose_check_refuses_contact_names_on_the_server(rules: PurposeRules) -> None:
    everything = UserChoices(consents=frozenset({("calls_messages", "")}), accepted_release=99)
    access = Access("calls_messages", ("contact_names",), "write")

    decision = rules.decide(access, everything, TODAY)

    assert (decision.allowed, decision.reason) == (False, "purpose.device_only")
