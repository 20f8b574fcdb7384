"""9a: device information serves sign-in only, and the IMEI or MAC address is never accepted."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import select

from jobexp.adapters import tables as t
from jobexp.domain.purposes import Access, PurposeRules
from jobexp.policy.model import Policy
from jobexp.service_layer.context import Services
from tests.conformance._http import device_body, sign_up
from tests.conformance.conftest import TODAY

pytestmark = pytest.mark.clause("9a")
IMEI = "490154203237518"
MAC = "00:1A:2B:3C:4D:5E"


@pytest.mark.parametrize("extra", [{"imei": IMEI}, {"mac": MAC}])
def test_a_device_sending_its_imei_or_mac_is_refused(
    client: httpx.Client, svc: Services, extra: dict[str, str]
) -> None:
    sign_up(client, "ann@example.com")

    response = client.post("/api/v1/devices/register", json=device_body("ann@example.com", **extra))

    assert response.status_code == 422, response.text
    with svc.database.engine.connect() as connection:
        assert connection.execute(select(t.devices)).all() == []


@pytest.mark.parametrize("device_id", [IMEI, MAC, MAC.replace(":", "").lower()])
def test_an_imei_or_mac_passed_off_as_the_device_id_is_refused(
    client: httpx.Client, device_id: str
) -> None:
    sign_up(client, "ann@example.com")

    body = device_body("ann@example.com", device_id=device_id)
    response = client.post("/api/v1/devices/register", json=body)

    assert response.status_code == 422, response.text


def test_device_information_is_bound_to_sign_in_and_refused_for_anything_else(
    policy: Policy, rules: PurposeRules
) -> None:
    assert policy.permission("device_info").purpose == "login_security"
    device = ("device_identifier", "network_code", "country_code")

    assert rules.decide(Access("login_security", device, "write"), None, TODAY).allowed
    for purpose in ("marketing", "personalization", "weather"):
        refused = rules.decide(Access(purpose, ("device_identifier",)), None, TODAY)
        assert (refused.allowed, refused.reason) == (False, "purpose.category_not_allowed")
