"""Leak reports and incidents (8b; D16)."""

from __future__ import annotations

import dataclasses

import pytest

from jobexp.bootstrap import bootstrap
from jobexp.config import Settings
from jobexp.domain.errors import Forbidden, InvalidInput
from jobexp.service_layer import incidents
from jobexp.service_layer.context import Services
from jobexp.service_layer.region import StoreOutsideRegion
from tests.support.factories import API, sign_up
from tests.support.governance import add_staff, audit_rows

LEAK = incidents.NewIncident(
    categories=("account_identifier",),
    cause="A support export was mailed to the wrong address",
    harm="Email addresses of 2 users seen by one outsider",
    remedies="Recipient confirmed deletion; export tool now needs a second approver",
)


def test_a_reporter_and_the_users_named_see_the_incident_notice(svc: Services) -> None:
    alice, bob, carol = (sign_up(svc, f"{n}@example.com") for n in ("alice", "bob", "carol"))
    report = incidents.report_leak(svc, alice, "I get phishing mail naming my JobExp id", API)
    officer = add_staff(svc, "privacy_officer")
    assert [r.id for r in incidents.open_reports(svc, officer)] == [report]
    incident = incidents.open_incident(
        svc, officer, dataclasses.replace(LEAK, report_ids=(report,)), users=(bob,)
    )
    [notice] = incidents.notices_for(svc, alice)
    assert (notice.incident_id, notice.categories) == (incident, ("account_identifier",))
    assert len(incidents.notices_for(svc, bob)) == 1
    assert incidents.notices_for(svc, carol) == []
    assert incidents.open_reports(svc, officer) == []
    [view] = incidents.incidents_page(svc, officer, 1)[0]
    assert view.notified_count == 2
    assert ("privacy:incident:opened", "success") in audit_rows(svc)


def test_an_incident_names_real_categories_and_its_cause_harm_and_remedies(svc: Services) -> None:
    officer = add_staff(svc, "privacy_officer")
    with pytest.raises(InvalidInput):
        incidents.open_incident(svc, officer, dataclasses.replace(LEAK, categories=("dna",)))
    with pytest.raises(InvalidInput):
        incidents.open_incident(svc, officer, dataclasses.replace(LEAK, harm=" "))
    with pytest.raises(Forbidden):
        incidents.open_incident(svc, add_staff(svc, "support"), LEAK)


def test_naming_a_user_who_does_not_exist_is_refused_and_records_nothing(svc: Services) -> None:
    officer = add_staff(svc, "privacy_officer")
    alice = sign_up(svc)
    with pytest.raises(InvalidInput) as refused:
        incidents.open_incident(svc, officer, LEAK, users=(alice, "f" * 32))
    assert refused.value.params == {"users": "f" * 32}
    assert incidents.incidents_page(svc, officer, 1)[0] == []
    assert incidents.notices_for(svc, alice) == []


def test_a_report_that_is_unknown_or_already_answered_is_refused(svc: Services) -> None:
    officer = add_staff(svc, "privacy_officer")
    report = incidents.report_leak(svc, sign_up(svc), "My email leaked", API)
    answered = dataclasses.replace(LEAK, report_ids=(report,))
    incidents.open_incident(svc, officer, answered)
    for reports in (("ab" * 16,), (report,)):
        with pytest.raises(InvalidInput, match=r"incident\.unknown_reports"):
            incidents.open_incident(svc, officer, dataclasses.replace(LEAK, report_ids=reports))
    assert len(incidents.incidents_page(svc, officer, 1)[0]) == 1


def test_an_empty_leak_report_is_refused(svc: Services) -> None:
    with pytest.raises(InvalidInput):
        incidents.report_leak(svc, sign_up(svc), "   ", API)


def test_a_store_outside_the_policys_region_does_not_start(settings: Settings) -> None:
    with pytest.raises(StoreOutsideRegion, match="in US but"):
        bootstrap(dataclasses.replace(settings, store_region="US"))
    bootstrap(dataclasses.replace(settings, store_region="CN")).database.dispose()
