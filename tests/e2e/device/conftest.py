"""The real JobExp server on loopback, with the assistant's providers on loopback too."""

from __future__ import annotations

from tests.e2e.api.conftest import base_url, client  # noqa: F401
from tests.support.assistant_fixtures import (  # noqa: F401
    open_meteo,
    open_meteo_server,
    settings,
    ticket_partner,
    ticket_partner_server,
)
