"""Ticket booking through the partner (1d; D3): only the recognized text and/or a coarse
location leave, with the separate consent for that partner; every send is in the ledger."""

from __future__ import annotations

from dataclasses import dataclass

from jobexp.domain.disclosures import Disclosure
from jobexp.domain.errors import InvalidInput
from jobexp.domain.geo import CoarseLocation, Coordinates, coarsen
from jobexp.domain.handoff import PartnerRequest, TicketOffer, ticket_request
from jobexp.domain.providers import NotDelivered, ProviderUnavailable
from jobexp.domain.purposes import Access
from jobexp.domain.tasks import clean_text
from jobexp.policy.ids import PurposeId, RecipientId
from jobexp.service_layer import ledger, places
from jobexp.service_layer.context import Services
from jobexp.service_layer.data_keys import USER_KEY
from jobexp.service_layer.ports import TicketPartner
from jobexp.types import Locale, UserId

__all__ = ["QUERY_MAX", "RECIPIENT", "Booked", "TicketAsk", "book", "prepare"]

RECIPIENT = RecipientId.TICKET_BOOKING_PARTNER
PURPOSE = PurposeId.TICKET_BOOKING_SHARE
QUERY_MAX = 500


@dataclass(frozen=True)
class Booked:
    offer: TicketOffer
    fields: tuple[str, ...]  # what the partner received


@dataclass(frozen=True)
class TicketAsk:
    """The recognized text of the request, and optionally where to look (a point or a place)."""

    query: str | None = None
    near: Coordinates | None = None
    near_place_id: str | None = None


def prepare(svc: Services, user_id: UserId, ask: TicketAsk) -> PartnerRequest:
    """Exactly what the partner would receive; reads a saved place only to coarsen it."""
    query = None if ask.query is None else _clean(ask.query)
    near: CoarseLocation | None = None
    if ask.near is not None:
        near = coarsen(ask.near)
    elif ask.near_place_id is not None:
        with svc.uow(places.READ, USER_KEY, subject=user_id, readonly=True) as uow:
            near = coarsen(places.get(svc, uow, user_id, ask.near_place_id).point)
    if query is None and near is None:
        raise InvalidInput("assistant.tickets.query_empty")
    return ticket_request(query, near)


def book(
    svc: Services, partner: TicketPartner | None, user_id: UserId, ask: TicketAsk, locale: Locale
) -> Booked:
    """Ask the partner for an offer.

    The consent is checked before anything is sent; the partner is called outside any
    transaction (a slow partner must not hold the database), and the share is recorded
    afterwards whenever the request may have reached it.
    """
    request = prepare(svc, user_id, ask)
    access = Access(PURPOSE, request.categories, "share", RECIPIENT)
    with svc.uow(access, subject=user_id, readonly=True):
        pass
    if partner is None:  # after the checks, so a refusal reads the same on every server
        raise NotDelivered("assistant.tickets.not_configured")
    try:
        offer = partner.offer(request, locale)
    except NotDelivered:
        raise
    except ProviderUnavailable:
        _record(svc, user_id, request, None)
        raise
    _record(svc, user_id, request, offer.reference)
    return Booked(offer, request.fields)


def _record(svc: Services, user_id: UserId, request: PartnerRequest, reference: str | None) -> None:
    disclosure = Disclosure(
        recipient=RECIPIENT,
        purpose=PURPOSE,
        basis="5b",
        categories=request.categories,
        fields=request.fields,
        reference=reference,
    )
    # No second consent check: what has been sent is recorded even if the consent was
    # withdrawn meanwhile (ledger.record runs its own record-keeping check).
    with svc.uow(subject=user_id) as uow:
        ledger.record(uow, svc, user_id, disclosure)
        uow.commit()


def _clean(text: str) -> str:
    return clean_text(
        text,
        empty="assistant.tickets.query_empty",
        too_long="assistant.tickets.query_too_long",
        invalid="assistant.tickets.query_invalid",
        limit=QUERY_MAX,
    )
