"""Navigation hand-off (1d; D3): a URL to the map provider carrying the destination, and the
origin only when the user chose to share one; each hand-off is written to the ledger."""

from __future__ import annotations

from dataclasses import dataclass

from jobexp.domain.disclosures import Disclosure
from jobexp.domain.errors import InvalidInput
from jobexp.domain.geo import Coordinates
from jobexp.domain.handoff import Destination, navigation_url
from jobexp.domain.purposes import Access
from jobexp.domain.tasks import clean_text
from jobexp.policy.ids import PurposeId, RecipientId
from jobexp.service_layer import ledger, places
from jobexp.service_layer.context import Services
from jobexp.service_layer.data_keys import USER_KEY
from jobexp.service_layer.ports import NavigationProvider
from jobexp.service_layer.unit_of_work import UnitOfWork
from jobexp.types import UserId

__all__ = ["DESTINATION_MAX", "RECIPIENT", "Handoff", "NavigationRequest", "hand_off"]

RECIPIENT = RecipientId.NAVIGATION_PROVIDER
PURPOSE = PurposeId.NAVIGATION_SHARE
DESTINATION_MAX = 200


@dataclass(frozen=True)
class NavigationRequest:
    """Where to: words the user said or typed, or a saved place; optionally where from."""

    destination: str | None = None
    destination_place_id: str | None = None
    origin_place_id: str | None = None
    origin: Coordinates | None = None

    def __post_init__(self) -> None:
        if (self.destination is None) == (self.destination_place_id is None):
            raise InvalidInput("assistant.navigation.destination_empty")
        if self.origin is not None and self.origin_place_id is not None:
            raise InvalidInput("error.invalid_input")

    @property
    def reads_places(self) -> bool:
        return self.destination_place_id is not None or self.origin_place_id is not None


@dataclass(frozen=True)
class Handoff:
    url: str
    provider: str
    fields: tuple[str, ...]


def hand_off(
    svc: Services, provider: NavigationProvider, user_id: UserId, request: NavigationRequest
) -> Handoff:
    """Build the URL, check the separate consent for exactly what it carries, record the share."""
    text = None if request.destination is None else _clean(request.destination)
    reads = (places.READ, USER_KEY) if request.reads_places else ()
    with svc.uow(*reads, subject=user_id) as uow:
        destination = _destination(svc, uow, user_id, request, text)
        origin = request.origin
        if request.origin_place_id is not None:
            origin = places.get(svc, uow, user_id, request.origin_place_id).point
        share = navigation_url(provider.style, provider.base_url, destination, origin)
        uow.check(Access(PURPOSE, share.categories, "share", RECIPIENT), subject=user_id)
        disclosure = Disclosure(
            recipient=RECIPIENT,
            purpose=PURPOSE,
            basis="5b",
            categories=share.categories,
            fields=share.fields,
        )
        ledger.record(uow, svc, user_id, disclosure)
        uow.commit()
    return Handoff(url=share.url, provider=provider.name, fields=share.fields)


def _clean(text: str) -> str:
    return clean_text(
        text,
        empty="assistant.navigation.destination_empty",
        too_long="assistant.navigation.destination_too_long",
        invalid="assistant.navigation.destination_invalid",
        limit=DESTINATION_MAX,
    )


def _destination(
    svc: Services, uow: UnitOfWork, user_id: UserId, request: NavigationRequest, text: str | None
) -> Destination:
    if text is not None:
        return Destination(text)
    assert request.destination_place_id is not None
    place = places.get(svc, uow, user_id, request.destination_place_id)
    return Destination(place.label, place.point)
