"""Saved places: precise, encrypted with the user's key, only with the precise-location consent."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from jobexp.adapters import tables as t
from jobexp.domain.errors import Conflict, NotFound
from jobexp.domain.geo import Coordinates
from jobexp.domain.purposes import PurposeDenied
from jobexp.service_layer import places
from jobexp.service_layer.context import Services
from tests.support.assistant_fixtures import grant
from tests.support.factories import sign_up

HOME = Coordinates(31.230416, 121.473701)


def test_a_saved_place_keeps_its_precise_point_encrypted(svc: Services) -> None:
    user_id = sign_up(svc)
    grant(svc, user_id, "task_appointments")
    saved = places.add(svc, user_id, "home", "Home", HOME)
    with svc.database.engine.connect() as connection:
        row = connection.execute(select(t.saved_places)).one()
    assert b"31.23" not in row.point_enc and b"Home" not in row.label_enc
    assert places.list_places(svc, user_id) == [saved]
    assert saved.point == HOME


def test_one_home_per_user_and_deleting_frees_it(svc: Services) -> None:
    user_id = sign_up(svc)
    grant(svc, user_id, "task_appointments")
    first = places.add(svc, user_id, "home", "Home", HOME)
    with pytest.raises(Conflict):
        places.add(svc, user_id, "home", "Other home", HOME)
    places.remove(svc, user_id, first.id)
    places.add(svc, user_id, "home", "New home", HOME)


def test_another_users_place_is_not_found(svc: Services) -> None:
    owner, other = sign_up(svc), sign_up(svc, "bob@example.com")
    for user in (owner, other):
        grant(svc, user, "task_appointments")
    saved = places.add(svc, owner, "work", "Office", HOME)
    with pytest.raises(NotFound):
        places.remove(svc, other, saved.id)
    assert places.list_places(svc, owner) == [saved]


def test_saving_a_place_needs_the_precise_location_consent(svc: Services) -> None:
    user_id = sign_up(svc)
    grant(svc, user_id, "weather")  # approximate location is not enough
    with pytest.raises(PurposeDenied):
        places.add(svc, user_id, "home", "Home", HOME)
    with svc.database.engine.connect() as connection:
        assert connection.execute(select(t.saved_places)).first() is None
