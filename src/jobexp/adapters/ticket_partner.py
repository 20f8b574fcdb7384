"""The ticket-booking partner's HTTP API: POST /v1/offers with our API key.

The body is exactly `PartnerRequest.payload()` (the recognized text and/or a coarse location);
no account, session or device identifier travels with it.
"""

from __future__ import annotations

from typing import Any

import httpx

from jobexp.domain.handoff import PartnerRequest, TicketOffer
from jobexp.domain.providers import NotDelivered, ProviderUnavailable
from jobexp.types import Locale

__all__ = ["API_KEY_HEADER", "HttpTicketPartner"]

API_KEY_HEADER = "x-api-key"
REFERENCE_MAX = 64
SUMMARY_MAX = 500


class HttpTicketPartner:
    def __init__(self, base_url: str, api_key: str, timeout_seconds: float) -> None:
        self._url = base_url.rstrip("/") + "/v1/offers"
        self._api_key = api_key
        self._timeout = httpx.Timeout(timeout_seconds)

    def offer(self, request: PartnerRequest, locale: Locale) -> TicketOffer:
        headers = {API_KEY_HEADER: self._api_key, "accept-language": locale}
        try:
            with httpx.Client(timeout=self._timeout, follow_redirects=False) as client:
                response = client.post(self._url, json=request.payload(), headers=headers)
            response.raise_for_status()
            return _offer(response.json())
        except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
            raise NotDelivered("assistant.tickets.unavailable") from exc
        except (httpx.HTTPError, ValueError, KeyError, TypeError) as exc:
            raise ProviderUnavailable("assistant.tickets.unavailable") from exc


def _offer(body: Any) -> TicketOffer:
    reference, summary = body["reference"], body["summary"]
    url = body.get("booking_url")
    if not (isinstance(reference, str) and 0 < len(reference) <= REFERENCE_MAX):
        raise ValueError("the partner's reference is unusable")
    if not (isinstance(summary, str) and 0 < len(summary) <= SUMMARY_MAX):
        raise ValueError("the partner's summary is unusable")
    if url is not None and not (isinstance(url, str) and url.startswith("https://")):
        raise ValueError("the partner's booking link is not https")
    return TicketOffer(reference=reference, summary=summary, booking_url=url)
