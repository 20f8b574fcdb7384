"""API routes that hand data to a third party: navigation and ticket booking (1d; D3).

Each needs the separate consent naming the recipient, sends only the declared fields, and is
written to the disclosure ledger.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request, Response

from jobexp.entrypoints import notices
from jobexp.entrypoints.api.assistant_common import errors, point
from jobexp.entrypoints.api.assistant_schemas import (
    NavigationIn,
    NavigationOut,
    TicketIn,
    TicketNoticeOut,
    TicketOut,
)
from jobexp.entrypoints.principal import ApiUser, api_user
from jobexp.entrypoints.requests import assistant, request_locale, services
from jobexp.service_layer import navigation, tickets

__all__ = ["router"]

router = APIRouter(prefix="/api/v1", tags=["assistant"])


@router.post("/navigation", response_model=NavigationOut, responses=errors(404))
def navigate(body: NavigationIn, request: Request, principal: ApiUser) -> NavigationOut:
    """The hand-off URL to the map provider, and the notice to show before opening it."""
    command = navigation.NavigationRequest(
        destination=body.destination,
        destination_place_id=body.destination_place_id,
        origin_place_id=body.origin_place_id,
        origin=point(body.origin_latitude, body.origin_longitude),
    )
    handoff = navigation.hand_off(
        services(request), assistant(request).navigation, principal.user_id, command
    )
    locale = request_locale(request)
    return NavigationOut(
        url=handoff.url,
        provider=handoff.provider,
        shares=list(handoff.fields),
        notice=notices.leaving(handoff.provider, handoff.fields, locale),
    )


@router.get(
    "/tickets/notice",
    response_model=TicketNoticeOut,
    responses=errors(),
    dependencies=[Depends(api_user)],
)
def ticket_notice(request: Request) -> TicketNoticeOut:
    """What to show the user before booking: who receives what."""
    locale = request_locale(request)
    partner = notices.partner_name(services(request), locale)
    fields = ("query", "near")
    return TicketNoticeOut(partner=partner, notice=notices.sending(partner, fields, locale))


@router.post("/tickets", response_model=TicketOut, responses=errors(404, 503))
def book_ticket(body: TicketIn, request: Request, principal: ApiUser) -> TicketOut | Response:
    """Ask the ticket-booking partner for an offer; only the allow-listed fields are sent."""
    ask = tickets.TicketAsk(
        query=body.query,
        near=point(body.near_latitude, body.near_longitude),
        near_place_id=body.near_place_id,
    )
    svc = services(request)
    locale = request_locale(request)
    booked = tickets.book(
        svc, assistant(request).tickets, principal.user_id, ask, locale
    )  # no answer: 503 (errors.STATUS)
    return TicketOut(
        reference=booked.offer.reference,
        summary=booked.offer.summary,
        booking_url=booked.offer.booking_url,
        partner=notices.partner_name(svc, locale),
        shares=list(booked.fields),
    )
