"""A legal hold freezes a user's data: kept, but not used, until the hold is released."""

from __future__ import annotations

from datetime import timedelta

import pytest

from jobexp.clock import ManualClock
from jobexp.domain.purposes import PurposeDenied
from jobexp.domain.tasks import Task
from jobexp.service_layer import auth, consents, data_rights, deletion, tasks
from jobexp.service_layer.context import Services
from jobexp.types import UserId
from tests.support.factories import API, PASSWORD, sign_up


def _held_user(svc: Services) -> UserId:
    user = sign_up(svc)
    consents.decide(svc, user, ("task_appointments", None, "granted"), API)
    deletion.place_hold(svc, deletion.user_ref(svc, user), "court order 2026-17", "officer")
    return user


def _task(svc: Services, user: UserId) -> Task:
    due = svc.clock.now() + timedelta(days=1)
    return tasks.create(svc, user, tasks.NewTask("Dentist", due))


def test_a_held_users_data_serves_no_feature(svc: Services) -> None:
    user = _held_user(svc)
    with pytest.raises(PurposeDenied) as refused:
        _task(svc, user)
    assert refused.value.message_key == "purpose.legal_hold"


def test_a_held_user_still_signs_in_and_downloads_their_data(svc: Services) -> None:
    user = _held_user(svc)
    auth.log_in(svc, auth.Credentials("alice@example.com", PASSWORD), API)
    export = data_rights.export(svc, user, API, "en")
    assert export.sections


def test_a_released_hold_lets_the_data_be_used_again(svc: Services, clock: ManualClock) -> None:
    user = _held_user(svc)
    deletion.release_hold(svc, deletion.user_ref(svc, user), "officer")
    clock.advance(timedelta(minutes=1))
    assert _task(svc, user).title == "Dentist"


def test_a_hold_on_another_user_changes_nothing_for_this_one(svc: Services) -> None:
    _held_user(svc)
    other = sign_up(svc, "bob@example.com")
    consents.decide(svc, other, ("task_appointments", None, "granted"), API)
    assert _task(svc, other).title == "Dentist"
