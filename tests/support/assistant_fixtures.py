"""Fixtures for the assistant's tests: the local providers, and services wired to them.

A conftest imports these; its `settings` overrides the suite's to point at the local servers.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest

from jobexp.bootstrap import assistant_parts
from jobexp.config import AssistantSettings, Settings
from jobexp.service_layer import consents
from jobexp.service_layer.context import RequestContext, Services
from jobexp.service_layer.ports import AssistantParts
from jobexp.types import UserId
from tests.support.assistant_servers import API_KEY, FakeOpenMeteo, FakeTicketPartner, serving

CLIENT_TIMEOUT_SECONDS = 1.0
WEB = RequestContext(client_ip="127.0.0.1", channel="web")


@pytest.fixture(scope="session")
def open_meteo_server() -> Iterator[FakeOpenMeteo]:
    with serving(FakeOpenMeteo()) as fake:
        assert isinstance(fake, FakeOpenMeteo)
        yield fake


@pytest.fixture(scope="session")
def ticket_partner_server() -> Iterator[FakeTicketPartner]:
    with serving(FakeTicketPartner()) as fake:
        assert isinstance(fake, FakeTicketPartner)
        yield fake


@pytest.fixture
def open_meteo(open_meteo_server: FakeOpenMeteo) -> FakeOpenMeteo:
    open_meteo_server.reset()
    return open_meteo_server


@pytest.fixture
def ticket_partner(ticket_partner_server: FakeTicketPartner) -> FakeTicketPartner:
    ticket_partner_server.reset()
    return ticket_partner_server


@pytest.fixture
def settings(
    settings: Settings, open_meteo: FakeOpenMeteo, ticket_partner: FakeTicketPartner
) -> Settings:
    """The suite's settings, with the assistant's providers on loopback."""
    assistant = AssistantSettings(
        weather_url=open_meteo.url,
        geocoding_url=open_meteo.url,
        provider_timeout_seconds=CLIENT_TIMEOUT_SECONDS,
        ticket_partner_url=ticket_partner.url,
        ticket_partner_key=API_KEY,
    )
    return dataclasses.replace(settings, assistant=assistant)


@pytest.fixture
def assistant(settings: Settings) -> AssistantParts:
    """The providers the composition root wires from these settings (bootstrap.parts)."""
    return assistant_parts(settings.assistant)


def grant(svc: Services, user_id: UserId, purpose: str, recipient: str | None = None) -> None:
    consents.decide(svc, user_id, (purpose, recipient, "granted"), WEB)


def withdraw(svc: Services, user_id: UserId, purpose: str, recipient: str | None = None) -> None:
    consents.decide(svc, user_id, (purpose, recipient, "withdrawn"), WEB)
