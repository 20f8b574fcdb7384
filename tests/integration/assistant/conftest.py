"""The assistant's service-layer tests run on both backends against local providers."""

from tests.support.assistant_fixtures import (  # noqa: F401
    assistant,
    open_meteo,
    open_meteo_server,
    settings,
    ticket_partner,
    ticket_partner_server,
)
