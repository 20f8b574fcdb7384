"""Saved places (home, work or study, frequent places; 1b, D2): precise coordinates, kept only
with the precise-location permission's consent and encrypted with the user's own key."""

from __future__ import annotations

import secrets

from jobexp.adapters.assistant_repositories import SavedPlaces
from jobexp.adapters.keys import FieldCipher
from jobexp.adapters.records import PlaceRecord
from jobexp.domain.errors import NotFound
from jobexp.domain.geo import Coordinates
from jobexp.domain.places import PlaceKind, SavedPlace, check_room, clean_label
from jobexp.domain.purposes import Access
from jobexp.policy.ids import CategoryId, PurposeId
from jobexp.service_layer.context import Services
from jobexp.service_layer.data_keys import USER_KEY, cipher_for
from jobexp.service_layer.unit_of_work import UnitOfWork
from jobexp.types import UserId

__all__ = ["LABEL", "POINT", "READ", "add", "get", "list_places", "remove"]

# The policy binds the precise-location permission to task_appointments (D9).
READ = Access(PurposeId.TASK_APPOINTMENTS, (CategoryId.LOCATION_PRECISE,), "read")
LABEL, POINT = "place_label", "place_point"  # the fields' names in their ciphertext
WRITE = Access(PurposeId.TASK_APPOINTMENTS, (CategoryId.LOCATION_PRECISE,), "write")
DELETE = Access(PurposeId.TASK_APPOINTMENTS, (CategoryId.LOCATION_PRECISE,), "delete")


def add(
    svc: Services, user_id: UserId, kind: PlaceKind, label: str, point: Coordinates
) -> SavedPlace:
    place = SavedPlace(secrets.token_hex(16), kind, clean_label(label), point)
    with svc.uow(WRITE, USER_KEY, subject=user_id) as uow:
        check_room(kind, uow.get(SavedPlaces).kinds(user_id))
        cipher = cipher_for(svc, user_id)
        uow.get(SavedPlaces).add(
            PlaceRecord(
                id=place.id,
                user_id=user_id,
                kind=kind,
                label_enc=cipher.encrypt(LABEL, place.label),
                point_enc=cipher.encrypt(POINT, point.as_text()),
                created_at=svc.clock.now(),
            )
        )
        uow.commit()
    return place


def list_places(svc: Services, user_id: UserId) -> list[SavedPlace]:
    with svc.uow(READ, USER_KEY, subject=user_id, readonly=True) as uow:
        cipher = cipher_for(svc, user_id)
        return [_place(cipher, row) for row in uow.get(SavedPlaces).for_user(user_id)]


def get(svc: Services, uow: UnitOfWork, user_id: UserId, place_id: str) -> SavedPlace:
    """One of this user's places, inside a unit of work already checked for READ and USER_KEY."""
    row = uow.get(SavedPlaces).get(user_id, place_id)
    if row is None:
        raise NotFound("assistant.place.not_found")
    return _place(cipher_for(svc, user_id), row)


def remove(svc: Services, user_id: UserId, place_id: str) -> None:
    with svc.uow(DELETE, subject=user_id) as uow:
        if not uow.get(SavedPlaces).remove(user_id, place_id):
            raise NotFound("assistant.place.not_found")
        uow.commit()


def _place(cipher: FieldCipher, row: PlaceRecord) -> SavedPlace:
    return SavedPlace(
        id=row.id,
        kind=row.kind,
        label=cipher.decrypt(LABEL, row.label_enc),
        point=Coordinates.from_text(cipher.decrypt(POINT, row.point_enc)),
    )
