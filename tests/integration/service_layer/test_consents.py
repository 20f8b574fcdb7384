"""Consent management (P1, 1b, 1d, 4c, 7a-7c, 11; D2, D3, D5, D11)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from jobexp.adapters import tables as t
from jobexp.domain.consent import ConsentDecision
from jobexp.domain.errors import Forbidden, NotFound
from jobexp.domain.purposes import Access, PurposeDenied
from jobexp.service_layer import consents
from jobexp.service_layer.context import Services
from jobexp.types import UserId
from tests.support.factories import API, guardian, sign_up

WEATHER = Access("weather", ("location_coarse",))
NAVIGATION = Access(
    "navigation_share", ("location_coarse",), "share", recipient="navigation_provider"
)


def _use(svc: Services, access: Access, user_id: UserId) -> None:
    with svc.uow(access, subject=user_id, readonly=True):
        pass


def _audit_actions(svc: Services) -> list[str]:
    with svc.database.engine.connect() as connection:
        return list(connection.execute(select(t.audit_log.c.action)).scalars())


def test_the_options_cover_each_purpose_and_each_recipient_that_needs_consent(
    svc: Services,
) -> None:
    user_id = sign_up(svc)
    keys = {(s.option.purpose, s.option.recipient) for s in consents.statuses(svc, user_id)}
    assert {
        ("weather", None),
        ("task_appointments", None),
        ("personalization", None),
        ("marketing", "marketing_partner"),
        ("navigation_share", "navigation_provider"),
        ("ticket_booking_share", "ticket_booking_partner"),
        ("cross_border_transfer", None),
    } <= keys
    assert ("minor_account", None) not in keys


def test_nothing_is_consented_by_default(svc: Services) -> None:
    user_id = sign_up(svc)
    assert all(s.decision is None for s in consents.statuses(svc, user_id))
    with pytest.raises(PurposeDenied) as caught:
        _use(svc, WEATHER, user_id)
    assert caught.value.message_key == "purpose.no_consent"


def test_giving_consent_allows_the_purpose_at_once(svc: Services) -> None:
    user_id = sign_up(svc)
    consents.decide(svc, user_id, ("weather", None, "granted"), API)
    _use(svc, WEATHER, user_id)


def test_withdrawing_takes_one_step_and_stops_the_purpose_at_once(svc: Services) -> None:
    user_id = sign_up(svc)
    consents.decide(svc, user_id, ("weather", None, "granted"), API)
    consents.decide(svc, user_id, ("weather", None, "withdrawn"), API)
    with pytest.raises(PurposeDenied):
        _use(svc, WEATHER, user_id)


def test_sharing_needs_the_consent_naming_that_recipient(svc: Services) -> None:
    user_id = sign_up(svc)
    consents.decide(
        svc, user_id, ("ticket_booking_share", "ticket_booking_partner", "granted"), API
    )
    with pytest.raises(PurposeDenied):
        _use(svc, NAVIGATION, user_id)
    consents.decide(svc, user_id, ("navigation_share", "navigation_provider", "granted"), API)
    _use(svc, NAVIGATION, user_id)


def test_a_refusal_is_remembered(svc: Services) -> None:
    user_id = sign_up(svc)
    consents.decide(svc, user_id, ("marketing", "marketing_partner", "refused"), API)
    status = {(s.option.purpose, s.option.recipient): s for s in consents.statuses(svc, user_id)}
    assert status["marketing", "marketing_partner"].decision == "refused"


def test_every_change_is_kept_in_history_with_the_policy_version(svc: Services) -> None:
    user_id = sign_up(svc)
    decisions: tuple[ConsentDecision, ...] = ("granted", "withdrawn", "granted")
    for decision in decisions:
        consents.decide(svc, user_id, ("personalization", None, decision), API)
    events = consents.history(svc, user_id)
    assert [e.decision for e in events] == ["granted", "withdrawn", "granted"][::-1]
    assert {e.policy_version for e in events} == {svc.documents.privacy_policy}


def test_consent_changes_are_audited(svc: Services) -> None:
    user_id = sign_up(svc)
    consents.decide(svc, user_id, ("weather", None, "granted"), API)
    consents.decide(svc, user_id, ("weather", None, "withdrawn"), API)
    actions = _audit_actions(svc)
    assert "privacy:consent:granted" in actions and "privacy:consent:withdrawn" in actions


@pytest.mark.parametrize(
    ("purpose", "recipient"),
    [("telepathy", None), ("marketing", "unknown_partner"), ("account", None), ("weather", "x")],
)
def test_unknown_purposes_and_recipients_are_refused_and_store_nothing(
    svc: Services, purpose: str, recipient: str | None
) -> None:
    user_id = sign_up(svc)
    with pytest.raises(NotFound):
        consents.decide(svc, user_id, (purpose, recipient, "granted"), API)
    with svc.database.engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(t.consent_events)).scalar() == 0


def test_a_child_cannot_switch_on_marketing_alone(svc: Services) -> None:
    user_id = sign_up(svc, birth_date=date(2016, 1, 1), guardian=guardian())
    with pytest.raises(Forbidden):
        consents.decide(svc, user_id, ("marketing", "marketing_partner", "granted"), API)


def test_each_denial_of_the_purpose_check_is_audited(svc: Services) -> None:
    user_id = sign_up(svc)
    with pytest.raises(PurposeDenied):
        _use(svc, WEATHER, user_id)
    assert "privacy:purpose:denied" in _audit_actions(svc)
