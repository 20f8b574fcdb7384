"""Navigation hand-off and ticket booking: separate consent, allow-listed fields, the ledger."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from jobexp.domain.errors import InvalidInput, NotFound
from jobexp.domain.geo import Coordinates
from jobexp.domain.providers import ProviderUnavailable
from jobexp.domain.purposes import PurposeDenied
from jobexp.service_layer import ledger, navigation, places, tickets
from jobexp.service_layer.context import Services
from jobexp.service_layer.ports import AssistantParts
from jobexp.types import UserId
from tests.support.assistant_fixtures import grant
from tests.support.assistant_servers import FakeTicketPartner
from tests.support.factories import sign_up

HOME = Coordinates(31.230416, 121.473701)
NAV = ("navigation_share", "navigation_provider")
TICKETS = ("ticket_booking_share", "ticket_booking_partner")


def _user(svc: Services, *consents: tuple[str, str | None]) -> UserId:
    user_id = sign_up(svc)
    for purpose, recipient in consents:
        grant(svc, user_id, purpose, recipient)
    return user_id


def test_a_named_destination_is_handed_off_and_recorded(
    svc: Services, assistant: AssistantParts
) -> None:
    user_id = _user(svc, NAV)
    handoff = navigation.hand_off(
        svc, assistant.navigation, user_id, navigation.NavigationRequest("人民广场")
    )
    assert parse_qs(urlsplit(handoff.url).query)["keyword"] == ["人民广场"]
    assert handoff.fields == ("destination",) and handoff.provider == "AMap"
    [entry] = ledger.history(svc, user_id)
    shared = entry.disclosure
    assert (shared.recipient, shared.purpose, shared.basis) == (
        "navigation_provider",
        "navigation_share",
        "5b",
    )
    assert shared.categories == ("voice_recognition_results",)
    assert shared.fields == ("destination",)


def test_the_origin_goes_only_when_the_user_includes_it(
    svc: Services, assistant: AssistantParts
) -> None:
    user_id = _user(svc, NAV, ("task_appointments", None))
    home = places.add(svc, user_id, "home", "Home", HOME)
    office = places.add(svc, user_id, "work", "Office", Coordinates(31.2, 121.5))
    without = navigation.hand_off(
        svc,
        assistant.navigation,
        user_id,
        navigation.NavigationRequest(destination_place_id=office.id),
    )
    assert "from" not in parse_qs(urlsplit(without.url).query)
    request = navigation.NavigationRequest(destination_place_id=office.id, origin_place_id=home.id)
    with_origin = navigation.hand_off(svc, assistant.navigation, user_id, request)
    assert parse_qs(urlsplit(with_origin.url).query)["from"] == ["121.473701,31.230416"]
    newest = ledger.history(svc, user_id)[0].disclosure
    assert newest.fields == ("destination", "origin")
    assert newest.categories == ("location_precise",)


def test_navigation_without_its_consent_shares_and_records_nothing(
    svc: Services, assistant: AssistantParts
) -> None:
    user_id = _user(svc)
    with pytest.raises(PurposeDenied):
        navigation.hand_off(
            svc, assistant.navigation, user_id, navigation.NavigationRequest("West Lake")
        )
    assert ledger.history(svc, user_id) == []


def test_navigation_to_another_users_place_is_not_found(
    svc: Services, assistant: AssistantParts
) -> None:
    owner = _user(svc, ("task_appointments", None))
    home = places.add(svc, owner, "home", "Home", HOME)
    other = sign_up(svc, "bob@example.com")
    for purpose, recipient in (NAV, ("task_appointments", None)):
        grant(svc, other, purpose, recipient)
    with pytest.raises(NotFound):
        navigation.hand_off(
            svc,
            assistant.navigation,
            other,
            navigation.NavigationRequest(destination_place_id=home.id),
        )
    assert ledger.history(svc, other) == []


def test_the_partner_receives_only_the_text_and_the_share_is_recorded(
    svc: Services, assistant: AssistantParts, ticket_partner: FakeTicketPartner
) -> None:
    user_id = _user(svc, TICKETS)
    booked = tickets.book(
        svc, assistant.tickets, user_id, tickets.TicketAsk(query="两张去杭州的高铁票"), "zh-CN"
    )
    [sent] = ticket_partner.requests
    assert sent.body == {"query": "两张去杭州的高铁票"}
    assert "cookie" not in sent.headers and "authorization" not in sent.headers
    assert booked.offer.reference == "TKT-0001" and booked.fields == ("query",)
    [entry] = ledger.history(svc, user_id)
    assert entry.disclosure.reference == "TKT-0001"
    assert entry.disclosure.categories == ("voice_recognition_results",)


def test_a_location_for_the_partner_is_coarse(
    svc: Services, assistant: AssistantParts, ticket_partner: FakeTicketPartner
) -> None:
    user_id = _user(svc, TICKETS)
    tickets.book(
        svc, assistant.tickets, user_id, tickets.TicketAsk(query="a film tonight", near=HOME), "en"
    )
    [sent] = ticket_partner.requests
    assert sent.body == {
        "query": "a film tonight",
        "near": {"latitude": "31.23", "longitude": "121.47"},
    }
    assert ledger.history(svc, user_id)[0].disclosure.fields == ("query", "near")


def test_booking_without_the_partner_consent_sends_nothing(
    svc: Services, assistant: AssistantParts, ticket_partner: FakeTicketPartner
) -> None:
    user_id = _user(svc, NAV)  # consent for another recipient does not count
    with pytest.raises(PurposeDenied):
        tickets.book(svc, assistant.tickets, user_id, tickets.TicketAsk(query="two tickets"), "en")
    assert ticket_partner.requests == [] and ledger.history(svc, user_id) == []


def test_an_empty_request_is_refused_before_anything_is_sent(
    svc: Services, assistant: AssistantParts, ticket_partner: FakeTicketPartner
) -> None:
    user_id = _user(svc, TICKETS)
    with pytest.raises(InvalidInput):
        tickets.book(svc, assistant.tickets, user_id, tickets.TicketAsk(query="   "), "en")
    assert ticket_partner.requests == []


@pytest.mark.parametrize("mode", ["down", "garbage", "slow"])
def test_a_failing_partner_is_unavailable_and_what_it_may_have_received_is_recorded(
    svc: Services, assistant: AssistantParts, ticket_partner: FakeTicketPartner, mode: str
) -> None:
    user_id = _user(svc, TICKETS)
    ticket_partner.mode = mode  # type: ignore[assignment]
    with pytest.raises(ProviderUnavailable) as failed:
        tickets.book(svc, assistant.tickets, user_id, tickets.TicketAsk(query="two tickets"), "en")
    assert failed.value.message_key == "assistant.tickets.unavailable"
    [entry] = ledger.history(svc, user_id)
    assert entry.disclosure.reference is None
