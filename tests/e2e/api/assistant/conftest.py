"""The assistant API on a live server, with its providers on loopback too."""

from tests.support.assistant_fixtures import (  # noqa: F401
    open_meteo,
    open_meteo_server,
    settings,
    ticket_partner,
    ticket_partner_server,
)
