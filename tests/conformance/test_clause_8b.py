"""8b: a user can report a leak; an incident records categories, cause, harm, remedies, notices."""

from __future__ import annotations

import pytest

from jobexp.service_layer import incidents
from jobexp.service_layer.context import Services
from tests.support.factories import API, sign_up
from tests.support.governance import add_staff

pytestmark = pytest.mark.clause("8b")


def test_a_reported_leak_becomes_an_incident_whose_notice_the_reporter_sees(
    svc: Services,
) -> None:
    user = sign_up(svc)
    report = incidents.report_leak(svc, user, "My email appeared on a paste site", API)
    officer = add_staff(svc, "privacy_officer")
    new = incidents.NewIncident(
        ("account_identifier",), "Credential stuffing", "Email exposed", "Reset", (report,)
    )
    incidents.open_incident(svc, officer, new)
    [notice] = incidents.notices_for(svc, user)
    assert (notice.cause, notice.harm, notice.remedies) == (
        "Credential stuffing",
        "Email exposed",
        "Reset",
    )
    [view] = incidents.incidents_page(svc, officer, 1)[0]
    assert view.notified_count == 1 and view.categories == ("account_identifier",)
