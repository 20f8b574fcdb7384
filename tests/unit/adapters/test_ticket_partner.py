"""The ticket partner's client: key, allow-listed body, and every way the partner fails."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from jobexp.adapters.ticket_partner import HttpTicketPartner
from jobexp.domain.geo import CoarseLocation
from jobexp.domain.handoff import ticket_request
from jobexp.domain.providers import NotDelivered, ProviderUnavailable
from tests.support.assistant_servers import API_KEY, FakeTicketPartner, serving
from tests.support.net import free_port


@pytest.fixture
def partner() -> Iterator[FakeTicketPartner]:
    with serving(FakeTicketPartner()) as fake:
        assert isinstance(fake, FakeTicketPartner)
        yield fake


def test_the_request_carries_the_key_and_only_the_payload(partner: FakeTicketPartner) -> None:
    client = HttpTicketPartner(partner.url, API_KEY, 1.0)
    offer = client.offer(ticket_request("a film", CoarseLocation("31.23", "121.47")), "en")
    [sent] = partner.requests
    assert sent.headers["x-api-key"] == API_KEY
    assert sent.body == {"query": "a film", "near": {"latitude": "31.23", "longitude": "121.47"}}
    assert offer.booking_url == "https://partner.example/offers/TKT-0001"


def test_a_wrong_key_is_an_unavailable_partner(partner: FakeTicketPartner) -> None:
    client = HttpTicketPartner(partner.url, "not-the-key", 1.0)
    with pytest.raises(ProviderUnavailable) as failed:
        client.offer(ticket_request("a film", None), "en")
    assert not isinstance(failed.value, NotDelivered)


def test_a_partner_that_cannot_be_reached_received_nothing() -> None:
    client = HttpTicketPartner(f"http://127.0.0.1:{free_port()}", API_KEY, 1.0)
    with pytest.raises(NotDelivered):
        client.offer(ticket_request("a film", None), "en")
