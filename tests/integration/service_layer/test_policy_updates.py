"""Publishing policy updates and stopping only the affected processing (11; D1)."""

from __future__ import annotations

import pytest
from sqlalchemy import event, func, select

from jobexp.adapters import tables as t
from jobexp.bootstrap import bootstrap
from jobexp.domain.errors import Conflict
from jobexp.domain.purposes import Access, PurposeDenied
from jobexp.policy.loader import PolicyError, packaged_policy_text
from jobexp.service_layer import auth, consents, policy_updates
from jobexp.service_layer.context import RequestContext, Services
from jobexp.types import UserId
from tests.support.factories import API, PASSWORD, sign_up
from tests.support.policy_files import material_update, minor_update

CLI = RequestContext(client_ip=None, channel="cli")
WEATHER = Access("weather", ("location_coarse",))
PERSONALIZATION = Access("personalization", ("personalization_profile",))


def _use(svc: Services, access: Access, user_id: UserId) -> None:
    with svc.uow(access, subject=user_id, readonly=True):
        pass


def _user_with_weather_and_personalization(svc: Services) -> UserId:
    user_id = sign_up(svc)
    consents.decide(svc, user_id, ("weather", None, "granted"), API)
    consents.decide(svc, user_id, ("personalization", None, "granted"), API)
    return user_id


def test_a_material_update_is_classified_from_its_content(svc: Services) -> None:
    release = policy_updates.publish(svc, material_update(), "policy.yaml", CLI)
    assert (release.seq, release.kind, release.affected) == (2, "material", frozenset({"weather"}))


def test_a_wording_change_is_minor(svc: Services) -> None:
    release = policy_updates.publish(svc, minor_update(), "policy.yaml", CLI)
    assert (release.kind, release.affected) == ("minor", frozenset())


def test_a_material_update_stops_only_the_affected_purpose_until_accepted(svc: Services) -> None:
    user_id = _user_with_weather_and_personalization(svc)
    policy_updates.publish(svc, material_update(), "policy.yaml", CLI)
    with pytest.raises(PurposeDenied) as caught:
        _use(svc, WEATHER, user_id)
    assert caught.value.message_key == "purpose.reaccept_required"
    _use(svc, PERSONALIZATION, user_id)
    policy_updates.accept(svc, user_id, svc.documents.privacy_policy, API)
    _use(svc, WEATHER, user_id)


def test_users_are_told_about_a_pending_update(svc: Services) -> None:
    user_id = sign_up(svc)
    assert policy_updates.pending_notice(svc, user_id) is None
    policy_updates.publish(svc, material_update(), "policy.yaml", CLI)
    notice = policy_updates.pending_notice(svc, user_id)
    assert notice is not None and notice.kind == "material" and notice.affected == {"weather"}
    policy_updates.accept(svc, user_id, notice.version, API)
    assert policy_updates.pending_notice(svc, user_id) is None


def test_authenticating_a_request_reads_its_pending_notice_in_the_same_transaction(
    svc: Services,
) -> None:
    user_id = sign_up(svc)
    token = auth.log_in(svc, auth.Credentials("alice@example.com", PASSWORD), API).token
    assert auth.authenticate_request(svc, token, API).notice is None
    policy_updates.publish(svc, material_update(), "policy.yaml", CLI)
    svc.policies.published()  # any due re-check of the registry for a newer release: not ours
    begun: list[object] = []

    def on_begin(connection: object) -> None:
        begun.append(connection)

    event.listen(svc.database.engine, "begin", on_begin)
    try:
        who = auth.authenticate_request(svc, token, API)
    finally:
        event.remove(svc.database.engine, "begin", on_begin)
    assert who.principal.user_id == user_id
    assert who.notice == policy_updates.pending_notice(svc, user_id)
    assert who.notice is not None and who.notice.affected == {"weather"}
    assert len(begun) == 1


def test_a_minor_update_is_announced_and_blocks_nothing(svc: Services) -> None:
    user_id = _user_with_weather_and_personalization(svc)
    policy_updates.publish(svc, minor_update(), "policy.yaml", CLI)
    notice = policy_updates.pending_notice(svc, user_id)
    assert notice is not None and notice.kind == "minor"
    _use(svc, WEATHER, user_id)


def test_new_sign_ups_accept_the_version_in_force(svc: Services) -> None:
    policy_updates.publish(svc, material_update(), "policy.yaml", CLI)
    user_id = _user_with_weather_and_personalization(svc)
    assert policy_updates.pending_notice(svc, user_id) is None
    _use(svc, WEATHER, user_id)


def test_accepting_a_version_that_is_not_in_force_is_refused(svc: Services) -> None:
    user_id = sign_up(svc)
    old = svc.documents.privacy_policy
    policy_updates.publish(svc, minor_update(), "policy.yaml", CLI)
    with pytest.raises(Conflict):
        policy_updates.accept(svc, user_id, old, API)


def test_publishing_the_policy_in_force_again_is_refused(svc: Services) -> None:
    with pytest.raises(Conflict):
        policy_updates.publish(svc, packaged_policy_text()[0], "policy.yaml", CLI)


def test_a_malformed_policy_is_refused_and_nothing_is_stored(svc: Services) -> None:
    with pytest.raises(PolicyError, match=r"broken\.yaml"):
        policy_updates.publish(svc, "purposes: [unclosed", "broken.yaml", CLI)
    with svc.database.engine.connect() as connection:
        count = connection.execute(select(func.count()).select_from(t.policy_releases)).scalar()
    assert count == 1


def test_another_process_enforces_the_update_after_it_rereads(svc: Services) -> None:
    user_id = _user_with_weather_and_personalization(svc)
    other = bootstrap(svc.settings)
    _use(other, WEATHER, user_id)
    policy_updates.publish(svc, material_update(), "policy.yaml", CLI)
    other.policies.reload()
    with pytest.raises(PurposeDenied):
        _use(other, WEATHER, user_id)
    other.database.engine.dispose()


def test_publishing_is_audited(svc: Services) -> None:
    policy_updates.publish(svc, minor_update(), "policy.yaml", CLI)
    with svc.database.engine.connect() as connection:
        actions = list(connection.execute(select(t.audit_log.c.action)).scalars())
    assert "policy:release:published" in actions
