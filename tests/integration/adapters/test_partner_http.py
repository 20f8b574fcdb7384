"""The HTTP partner notifier against a real endpoint on loopback (the PartnerNotifier contract)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from jobexp.adapters.partner_http import HttpPartnerNotifier
from jobexp.domain.erasure_notices import DeliveryFailed, ErasureNotice, PartnerNotifier
from tests.support.net import free_port
from tests.support.partner_server import partner_endpoint

NOTICE = ErasureNotice(
    recipient="navigation_provider",
    user_ref="f" * 32,
    notice_id="r1:navigation_provider",
    requested_at=datetime(2026, 11, 30, 2, 0, tzinfo=UTC),
)


def test_a_2xx_answer_is_the_acknowledgement_and_the_notice_names_only_the_pseudonym() -> None:
    with partner_endpoint() as partner:
        notifier: PartnerNotifier = HttpPartnerNotifier({"navigation_provider": partner.url})
        notifier.notify(NOTICE)
    assert partner.received == [
        {
            "type": "erasure_request",
            "notice_id": "r1:navigation_provider",
            "subject": "f" * 32,
            "requested_at": "2026-11-30T02:00:00+00:00",
        }
    ]


@pytest.mark.parametrize("status", [400, 404, 500, 503])
def test_any_other_answer_is_a_failed_delivery(status: int) -> None:
    with partner_endpoint() as partner:
        partner.statuses.append(status)
        with pytest.raises(DeliveryFailed, match=str(status)):
            HttpPartnerNotifier({"navigation_provider": partner.url}).notify(NOTICE)


def test_an_unreachable_partner_is_a_failed_delivery() -> None:
    url = f"http://127.0.0.1:{free_port()}/erasure"
    with pytest.raises(DeliveryFailed, match="ConnectError"):
        HttpPartnerNotifier({"navigation_provider": url}, timeout=2).notify(NOTICE)


def test_a_partner_without_an_endpoint_is_a_failed_delivery_naming_it() -> None:
    with pytest.raises(DeliveryFailed, match="no erasure endpoint configured"):
        HttpPartnerNotifier({}).notify(NOTICE)
